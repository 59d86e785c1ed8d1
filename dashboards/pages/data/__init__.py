"""The Data page: its layout (``page``), callbacks and view functions."""
