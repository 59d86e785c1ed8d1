"""The Regions page: its layout (``page``), callbacks and view functions."""
