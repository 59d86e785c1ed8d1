"""The Gaps page: its layout (``page``), callbacks and view functions."""
