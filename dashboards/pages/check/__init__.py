"""The Check a proposal page: its layout (``page``), callbacks and view functions."""
