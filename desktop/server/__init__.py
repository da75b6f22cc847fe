"""A newsroom library: the same library on a shared PostgreSQL server.

``Library.open("postgresql://user@host/dbname")`` opens one (:mod:`.home`). The store is the
same SQLAlchemy schema as a folder library's; the full text is searched inside PostgreSQL
(:mod:`.textsearch`), the originals are kept in the database (:mod:`.originals`), and each
write transaction takes the library's advisory lock. ``sourcedesk server init`` sets a
database up with a reporter (read-only) and an editor role (:mod:`.roles`).
"""
