"""The schema this code writes, apart from the ORM and Alembic (a search opens neither)."""

#: ``PRAGMA user_version`` of every SQLite library under Alembic (desktop/store/migrations).
ALEMBIC_ERA = 100
#: The Alembic revision this code's schema is at; ``tests/unit/test_migrations.py`` holds it
#: to the newest file in ``desktop/store/migrations/versions``.
HEAD_REVISION = "0010"
