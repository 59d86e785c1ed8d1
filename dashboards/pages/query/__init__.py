"""The Query page: its layout (``page``), callbacks and view functions."""
