"""Sourcedesk core: the library, import, entities and the command line (no Qt here)."""

__version__ = "0.1.0"
