"""The Overview page: its layout (``page``), callbacks and view functions."""
