"""Pages: one folder each, with ``page.py`` (``register_page`` and layout), ``callbacks.py`` and ``view.py``."""
