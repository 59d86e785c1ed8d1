"""The Flows page: its layout (``page``), callbacks and view functions."""
