"""Pages: each registers itself and lays out its components; callbacks live in ``callbacks/``."""
