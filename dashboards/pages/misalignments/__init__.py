"""The Misalignments page: its layout (``page``), callbacks and view functions."""
