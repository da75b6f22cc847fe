"""The library's own errors, worded for the user."""


class LibraryError(Exception):
    """A library-level problem, worded for the user."""


class LibraryBusy(LibraryError):
    """Another process is writing to this library."""


class NoSuchDocument(LibraryError):
    """A document id the library does not hold."""


class CurationError(ValueError):
    """A curation request that cannot be carried out; the message is for the user."""
