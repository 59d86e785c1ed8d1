"""The Suggestions page: its layout (``page``), callbacks and view functions."""
