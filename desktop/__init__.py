"""Sourcedesk core: the library, import, entities and the command line (no Qt here)."""

from .offline import skip_network_probes

__version__ = "0.1.0"

# every process imports this package first (the command, the window, spawned readers and
# entity workers): no library it loads later probes the network
skip_network_probes()
