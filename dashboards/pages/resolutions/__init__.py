"""The Resolutions page: its layout (``page``), callbacks and view functions."""
