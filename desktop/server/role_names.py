"""The two group roles of a server library (named apart from :mod:`.roles`, which needs
SQLAlchemy, so the command line can show them without loading it)."""

#: Search, read, export.
REPORTER = "sourcedesk_reporter"
#: The reporter's rights, and import, curate, edit, remove.
EDITOR = "sourcedesk_editor"
