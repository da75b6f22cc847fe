"""Sourcedesk core: the library, import, entities and the command line (no Qt here)."""

import os

from .numpy_lean import lean_numpy
from .offline import skip_network_probes

__version__ = "0.1.0"

# every process imports this package first (the command, the window, spawned readers and
# entity workers): no library it loads later probes the network
skip_network_probes()

# numpy's OpenBLAS starts a thread per core when numpy is imported: ~30 ms of CPU in every
# process (a `search` command, each reader and model worker). The model's matrix products
# run on it (entities/ner.py), one worker process per core: a thread each is what they
# need, and more would compete with the other worker and the window. A user's own setting
# is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
# and when numpy is first imported, it leaves numpy.linalg (and numpy._typing) unloaded
lean_numpy()
