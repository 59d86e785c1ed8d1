"""Reading and splitting documents that people hand in (contributions)."""
