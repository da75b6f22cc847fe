"""What the window remembers between runs (QSettings): geometry, splitters, searches."""

from __future__ import annotations

import hashlib
import os

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter

from desktop.locations import shown
from desktop.querying import SearchRequest

from . import state

MAX_RECENT = 12
MAX_RECENT_LIBRARIES = 8


def library_key(location: str | os.PathLike[str]) -> str:
    """A stable settings key for a library: its folder, or its server address (no password)."""
    return hashlib.sha256(shown(location).encode()).hexdigest()[:16]


class WindowSettings:
    """Typed access to the window's QSettings; searches are stored as JSON values.

    What belongs to a library (its last search, where its splitters were) is kept per
    library (folder or server address), so opening another library never starts on this
    one's search. No password is ever written: libraries are remembered as they are shown.
    """

    def __init__(self, settings: QSettings) -> None:
        self.qsettings = settings
        self.prefix = ""  # "libraries/<key>/": the library whose state is read and written

    def use_library(self, location: str | os.PathLike[str]) -> None:
        """Read and write the per-library state of ``location`` from now on."""
        self.prefix = f"libraries/{library_key(location)}/"

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def _set_bytes(self, key: str, value: QByteArray) -> None:
        self.qsettings.setValue(key, value)

    geometry = property(
        lambda self: self._bytes("window/geometry"),
        lambda self, v: self._set_bytes("window/geometry", v),
    )
    window_state = property(
        lambda self: self._bytes("window/state"),
        lambda self, v: self._set_bytes("window/state", v),
    )

    def splitter(self, name: str) -> QByteArray | None:
        """The saved state of a named splitter (this library's, else the last one's)."""
        return self._bytes(f"{self.prefix}splitters/{name}") or self._bytes(f"splitters/{name}")

    def set_splitter(self, name: str, value: QByteArray) -> None:
        """Remember a splitter's sizes (for this library, and as the default for others)."""
        self._set_bytes(f"{self.prefix}splitters/{name}", value)
        self._set_bytes(f"splitters/{name}", value)

    @property
    def last_search(self) -> SearchRequest:
        """The search that was on screen when this library was last shown."""
        return state.loads(self._str(f"{self.prefix}search/last"))

    @last_search.setter
    def last_search(self, req: SearchRequest) -> None:
        self.qsettings.setValue(f"{self.prefix}search/last", state.dumps(req))

    @property
    def sync_server(self) -> str | None:
        """The server library this library last pushed to or pulled from (as shown: no
        password), where File → Push… / Pull… start."""
        return self._str(f"{self.prefix}sync/server") or None

    @sync_server.setter
    def sync_server(self, location: str) -> None:
        self.qsettings.setValue(f"{self.prefix}sync/server", shown(location))

    def recent_searches(self) -> list[SearchRequest]:
        """Recent searches, newest first."""
        raw = self.qsettings.value("search/recent")
        items = raw if isinstance(raw, list) else [raw] if isinstance(raw, str) else []
        return [state.loads(s) for s in items if isinstance(s, str)]

    def add_recent(self, req: SearchRequest) -> list[SearchRequest]:
        """Put a search first in the recent list (once; empty searches are not kept)."""
        if not req.query.strip() and not state.active_filters(req):
            return self.recent_searches()
        key = state.dumps(req)
        items = [key] + [state.dumps(r) for r in self.recent_searches() if state.dumps(r) != key]
        self.qsettings.setValue("search/recent", items[:MAX_RECENT])
        return [state.loads(s) for s in items[:MAX_RECENT]]

    def recent_libraries(self) -> list[str]:
        """Libraries opened lately, newest first: folders, and server addresses as shown."""
        raw = self.qsettings.value("libraries/recent")
        items = raw if isinstance(raw, list) else [raw] if isinstance(raw, str) else []
        # shown() again: an address remembered by an older version may hold a password
        out: list[str] = []
        for item in items:
            if isinstance(item, str) and item and shown(item) not in out:
                out.append(shown(item))
        return out

    def add_recent_library(self, location: str | os.PathLike[str]) -> list[str]:
        """Put a library first in the recent list (a server address without its password)."""
        first = shown(location)
        items = [first] + [p for p in self.recent_libraries() if p != first]
        self.qsettings.setValue("libraries/recent", items[:MAX_RECENT_LIBRARIES])
        return items[:MAX_RECENT_LIBRARIES]

    def clear_recent(self) -> None:
        """Forget the recent searches."""
        self.qsettings.remove("search/recent")

    def _str(self, key: str) -> str | None:
        value = self.qsettings.value(key)
        return value if isinstance(value, str) else None

    def restore_splitters(self, splitters: dict[str, QSplitter]) -> bool:
        """Splitters as they were for this library; False when nothing was saved."""
        restored = False
        for name, splitter in splitters.items():
            saved = self.splitter(name)
            if saved is not None:
                restored = splitter.restoreState(saved) or restored
        return restored

    def save_splitters(self, splitters: dict[str, QSplitter]) -> None:
        """Remember the splitters for this library."""
        for name, splitter in splitters.items():
            self.set_splitter(name, splitter.saveState())

    def restore_window(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> bool:
        """Geometry, window state and splitters as they were; False on a first start (the
        window then gets a size that fits the screen)."""
        geometry = self.geometry
        restored = geometry is not None and window.restoreGeometry(geometry)
        if not restored:
            screen = QApplication.primaryScreen().availableGeometry()
            window.resize(
                min(1440, int(screen.width() * 0.9)), min(900, int(screen.height() * 0.9))
            )
        if self.window_state is not None:
            window.restoreState(self.window_state)
        self.restore_splitters(splitters)
        return restored

    def save_window(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
        """Remember geometry, window state and splitters."""
        self.geometry = window.saveGeometry()
        self.window_state = window.saveState()
        self.save_splitters(splitters)

    def sync(self) -> None:
        """Write to disk now."""
        self.qsettings.sync()
