"""The Network page: its layout (``page``), callbacks and view functions."""
