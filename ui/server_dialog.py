"""File → Open Server Library…: where a library on a PostgreSQL server is.

Host, port, database and user make a ``postgresql://`` address; libpq then finds the
password where it always does (``~/.pgpass``, a service file, ``PGPASSWORD``). A password
typed here is used for this connection only: the dialog says so, and the window remembers
the library by its address without it (``desktop.locations.shown``).
"""

from __future__ import annotations

import getpass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.locations import DEFAULT_PORT, server_address, shown

from .plaintext import plain

PASSWORD_WARNING = (
    "<b>⚠ The password is not saved.</b> It is used for this connection only: Sourcedesk "
    "never stores passwords. To open this library again without typing it, keep it where "
    "PostgreSQL looks for it: <tt>~/.pgpass</tt>, a service file "
    "(<tt>~/.pg_service.conf</tt>) or the <tt>PGPASSWORD</tt> variable."
)


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name (containers)
        return ""


class ServerDialog(QDialog):
    """Host, port, database, user and an optional password; :meth:`address` is the result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Open a server library")
        intro = QLabel(
            "A library the whole desk shares, in a PostgreSQL database. Ask whoever runs the "
            "server for these; the database's owner sets it up with "
            "“sourcedesk server init”."
        )
        intro.setWordWrap(True)
        # a word-wrapped label's height is only right for a width it was told of: without a
        # minimum width the dialog opens tall with gaps around the wrapped text
        intro.setMinimumWidth(520)
        self.host = QLineEdit()
        self.host.setPlaceholderText("db.newsroom.example (empty: this computer)")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setAccessibleName("Port")
        self.database = QLineEdit()
        self.database.setPlaceholderText("investigation")
        self.user = QLineEdit(_user())
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("optional: ~/.pgpass or PGPASSWORD otherwise")
        self.warning = QLabel(PASSWORD_WARNING)  # our own words: rich text, never a name
        self.warning.setTextFormat(Qt.TextFormat.RichText)
        self.warning.setWordWrap(True)
        self.warning.setMinimumWidth(520)
        self.preview = plain(QLabel())  # the address as it will be shown and remembered
        self.preview.setWordWrap(True)
        self.preview.setMinimumWidth(440)
        form = QFormLayout()
        form.addRow("&Host", self.host)
        form.addRow("P&ort", self.port)
        form.addRow("&Database", self.database)
        form.addRow("&User", self.user)
        form.addRow("&Password", self.password)
        form.addRow(self.warning)  # under the password, across both columns
        form.addRow("Address", self.preview)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for field in (self.host, self.database, self.user, self.password):
            field.textChanged.connect(self._update)
        self.port.valueChanged.connect(self._update)
        self._update()

    def set_address(self, address: str) -> None:
        """Fill the fields from an address (a recent server library): all but a password."""
        from sqlalchemy.engine import make_url

        try:
            url = make_url(address)
        except Exception:
            return
        host = url.host or url.query.get("host") or ""
        port = url.port or url.query.get("port") or DEFAULT_PORT
        self.host.setText(str(host if isinstance(host, str) else ",".join(host)))
        try:
            self.port.setValue(int(str(port)))
        except ValueError:
            self.port.setValue(DEFAULT_PORT)
        self.database.setText(url.database or "")
        self.user.setText(url.username or "")
        self.password.clear()

    def address(self) -> str:
        """The address to connect to (with the password, if one was typed: for the
        connection only)."""
        return server_address(
            self.host.text(),
            self.port.value(),
            self.database.text(),
            self.user.text(),
            self.password.text(),
        )

    def shown_address(self) -> str:
        """The address as the window shows and remembers it: never a password."""
        return shown(self.address())

    def _update(self) -> None:
        ready = bool(self.database.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(ready)
        self.preview.setText(self.shown_address() if ready else "(name the database)")
        # a long address wraps onto a second line: grow, or the password warning above it
        # is cut off (a socket folder as the host made it so)
        QTimer.singleShot(0, self._fit)

    def _fit(self) -> None:
        """As tall as the wrapped labels need at this width (never shorter than now)."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width())
        if wanted > self.height():
            self.resize(self.width(), wanted)
