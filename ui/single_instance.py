"""One window per library: a second launch hands its files to the window already open.

The first window on a library takes a lock file and listens on a local socket, both
named after a hash of the user and the library's location (a folder's resolved path, or a
server library's address without its password: ``desktop.locations.shown``). A later
launch on the
same library finds the lock taken, connects, sends its (absolute) file paths as one JSON
line, waits for ``ok`` and exits; the first window imports the files and comes to the
front. So two processes never write to one library from two windows. A lock left by a
crashed window is stale (its process is gone) and is taken over.

Wiring, in ``desktop.app.main``::

    guard = SingleInstance(location)   # a folder or a postgresql:// address
    if not guard.claim():
        if guard.hand_over(paths):
            return EXIT_OK
        QMessageBox.warning(None, "Sourcedesk", guard.busy_message())
        return EXIT_FAILED
    guard.received.connect(window.import_paths)   # and raise the window
    ...
    guard.release()
"""

from __future__ import annotations

import getpass
import hashlib
import json
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop.locations import shown

#: How long a second launch waits for the first window to answer.
HAND_OVER_TIMEOUT_MS = 5000
MAX_MESSAGE_BYTES = 1 << 20


def instance_key(library: str | Path) -> str:
    """The name shared by every launch of this user on this library."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name (containers): one namespace is enough
        user = ""
    digest = hashlib.sha256(f"{user}\0{library}".encode()).hexdigest()
    return f"sourcedesk-{digest[:20]}"


class SingleInstance(QObject):
    """The lock and the local socket of one library; ``received`` carries handed-over paths."""

    received = Signal(list)

    def __init__(self, library: str | Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        #: the library as shown: never a password (it names the lock and the socket)
        self.library = shown(library)
        self.name = instance_key(self.library)
        self.lock_path = Path(tempfile.gettempdir()) / f"{self.name}.lock"
        self._lock = QLockFile(str(self.lock_path))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._server: QLocalServer | None = None
        self._buffers: dict[QLocalSocket, bytes] = {}

    # -- the first window --------------------------------------------------------------------

    def claim(self) -> bool:
        """Take the library for this process; False when another window has it."""
        if not self._lock.tryLock(0):
            return False
        QLocalServer.removeServer(self.name)  # a socket left by a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            self._lock.unlock()
            raise OSError(f"cannot listen on {self.name}: {server.errorString()}")
        server.newConnection.connect(self._accept)
        self._server = server
        return True

    def release(self) -> None:
        """Stop listening and free the lock (the window is closing)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            sock = self._server.nextPendingConnection()
            self._buffers[sock] = b""
            sock.readyRead.connect(lambda s=sock: self._read(s))
            sock.disconnected.connect(lambda s=sock: self._forget(s))

    def _forget(self, sock: QLocalSocket) -> None:
        self._buffers.pop(sock, None)
        sock.deleteLater()

    def _read(self, sock: QLocalSocket) -> None:
        data = self._buffers.get(sock, b"") + bytes(sock.readAll().data())
        if b"\n" not in data:
            if len(data) > MAX_MESSAGE_BYTES:
                sock.abort()
            else:
                self._buffers[sock] = data
            return
        line = data.split(b"\n", 1)[0]
        self._buffers[sock] = b""
        try:
            message = json.loads(line)
            paths = [str(p) for p in message["paths"]]
        except (ValueError, KeyError, TypeError):
            sock.write(b"error\n")
            sock.flush()
            return
        sock.write(b"ok\n")
        sock.flush()
        self.received.emit(paths)

    # -- a later launch ----------------------------------------------------------------------

    def hand_over(self, paths: list[str], timeout_ms: int = HAND_OVER_TIMEOUT_MS) -> bool:
        """Send ``paths`` to the window that holds the library; True once it has them."""
        deadline = time.monotonic() + timeout_ms / 1000
        message = json.dumps({"paths": [str(p) for p in paths]}).encode() + b"\n"
        while True:
            sock = QLocalSocket()
            sock.connectToServer(self.name)
            if sock.waitForConnected(500):
                break
            sock.abort()
            if time.monotonic() > deadline:  # the first window is not listening (yet)
                return False
            time.sleep(0.1)
        sock.write(message)
        if not sock.waitForBytesWritten(timeout_ms):
            return False
        reply, connected = b"", QLocalSocket.LocalSocketState.ConnectedState
        reply_deadline = time.monotonic() + timeout_ms / 1000
        while b"\n" not in reply and time.monotonic() < reply_deadline:
            if sock.waitForReadyRead(200) or sock.bytesAvailable():
                reply += bytes(sock.readAll().data())
            elif sock.state() != connected:
                break
        sock.disconnectFromServer()
        return reply.startswith(b"ok")

    def owner(self) -> tuple[int, str] | None:
        """The process id and program name holding the library, if known."""
        try:
            pid, _host, app = self._lock.getLockInfo()
        except (TypeError, ValueError):
            return None
        return (int(pid), str(app)) if pid else None

    def busy_message(self) -> str:
        """What to tell the user when the first window does not answer."""
        who = self.owner()
        proc = f" (process {who[0]})" if who else ""
        return (
            f"Sourcedesk is already open on the library {self.library}{proc}, "
            "but that window did not answer. Switch to it or close it, then try again."
        )
