"""``python -m desktop`` runs the command line."""

import sys

from .cli_entry import main

sys.exit(main())
