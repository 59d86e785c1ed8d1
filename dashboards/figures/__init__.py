"""Figures: pure functions of a DataFrame and options that return a ``go.Figure``."""
