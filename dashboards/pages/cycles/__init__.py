"""The Cycles page: its layout (``page``), callbacks and view functions."""
