"""The schema version this code writes, apart from the ORM (a search opens no ORM)."""

#: The schema this code writes. Bump it and add a migration (``store/db.py``) for every change.
SCHEMA_VERSION = 8
