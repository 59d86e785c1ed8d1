"""Commands registered on the itud-align CLI (filled in by its issue)."""

from __future__ import annotations
