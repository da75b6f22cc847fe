"""The window on a server library: File → Open Server Library…, the title and recent
libraries without a password, a drop that imports into the server, ``sourcedesk-gui
--library postgresql://…``.

Real widgets offscreen, a real throwaway PostgreSQL cluster (tests/helpers/pgcluster.py);
skipped, saying why, where PostgreSQL cannot run. The cluster trusts its private socket, so
the password typed in these tests is accepted and ignored by the server: what is checked is
that Sourcedesk never shows or stores it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy.engine import make_url

from desktop.library import Library
from desktop.locations import server_address
from desktop.querying import SearchRequest
from tests.helpers import ROOT, SEEDS
from tests.helpers.pgcluster import ADMIN
from tests.helpers.window import wait_idle
from tests.ui.test_import import drop, write_articles

pytestmark = [
    pytest.mark.server,
    pytest.mark.qt_log_ignore("does not support (propagateSizeHints|raise)"),
]

PASSWORD = "typed-s3cret-4711"


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server library's local cache (originals opened in a viewer) in this test's folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings: QSettings, tmp_path: Path) -> Iterator[Callable]:
    from ui.main_window import MainWindow

    windows = []

    def make(library: Library):
        window = MainWindow(library, settings, sample_dir=None, seeds=SEEDS)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        windows.append(window)
        wait_idle(qtbot, window, timeout=30_000)
        return window

    yield make
    for window in windows:
        window.close()


def dbname(url: str) -> str:
    """The database of a cluster's address."""
    return str(make_url(url).database)


def typed_address(pg_cluster, url: str, password: str = PASSWORD) -> str:
    """The address of the database at ``url`` as the dialog makes it, with a password."""
    return server_address(str(pg_cluster.socket_dir), 5432, dbname(url), ADMIN, password)


def everything_shown(window) -> str:
    """The text a user can see or that is written to disk about the window's library."""
    actions = window.actions_
    parts = [window.windowTitle(), window.statusBar().currentMessage()]
    parts += [a.text() for a in actions.recent_menu.actions()]
    return "\n".join(parts)


def test_the_dialog_opens_a_server_library_and_no_password_is_shown_or_kept(
    qtbot, make_window, tmp_path: Path, pg_cluster, pg_databases, pg_seed_template
) -> None:
    server = pg_databases.copy_of(pg_seed_template)
    database = dbname(server)
    with Library.open(tmp_path / "laptop") as laptop:
        window = make_window(laptop)
        assert window.windowTitle() == "laptop — Sourcedesk"

        dialog = window.actions_.choose_server()
        assert dialog.isVisible()
        opener = dialog.buttons.button(QDialogButtonBox.StandardButton.Open)
        assert not opener.isEnabled()  # no database named yet
        assert "password is not saved" in dialog.warning.text() and dialog.warning.isVisible()
        dialog.host.setText(str(pg_cluster.socket_dir))
        dialog.database.setText(database)
        dialog.user.setText(ADMIN)
        dialog.password.setText(PASSWORD)
        assert opener.isEnabled()
        assert database in dialog.preview.text() and PASSWORD not in dialog.preview.text()
        opener.click()

        qtbot.waitUntil(lambda: window.library.home.kind == "server", timeout=30_000)
        wait_idle(qtbot, window, timeout=30_000)
        try:
            assert window.windowTitle().startswith(f"{database} on this computer (postgresql://")
            assert window.count_label.text() == "5 of 5 articles"  # the seeds, from the server
            recent = [a.text() for a in window.actions_.recent_menu.actions()]
            assert recent[0].startswith("laptop — ")  # the other library, to go back to
            assert PASSWORD not in everything_shown(window)
            window.save_settings()
            stored = (tmp_path / "settings.ini").read_text(encoding="utf-8")
            assert database in stored  # the server library is remembered …
            assert PASSWORD not in stored  # … without its password

            # back to the laptop: the server is in its recent libraries, without a password
            window.open_library(str(tmp_path / "laptop"))
            qtbot.waitUntil(lambda: window.library.home.kind == "folder", timeout=30_000)
            wait_idle(qtbot, window)
            recent = [a.text() for a in window.actions_.recent_menu.actions()]
            assert recent[0].startswith(f"{database} on this computer — postgresql://")
            assert PASSWORD not in "\n".join(recent)

            # the dialog starts from that server again, without the password
            again = window.actions_.choose_server()
            assert (again.host.text(), again.database.text(), again.user.text()) == (
                str(pg_cluster.socket_dir),
                database,
                ADMIN,
            )
            assert again.password.text() == ""
            again.reject()

            # and the recent entry opens it (libpq finds credentials itself: here, trust)
            window.actions_.recent_menu.actions()[0].trigger()
            qtbot.waitUntil(lambda: window.library.home.kind == "server", timeout=30_000)
            wait_idle(qtbot, window, timeout=30_000)
            assert window.count_label.text() == "5 of 5 articles"
        finally:
            window.close()


def test_a_drop_on_a_server_library_imports_into_the_server(
    qtbot, make_window, tmp_path: Path, pg_cluster, pg_databases, pg_seed_template
) -> None:
    url = pg_databases.copy_of(pg_seed_template)
    library = Library.open(typed_address(pg_cluster, url))
    try:
        window = make_window(library)
        assert PASSWORD not in window.windowTitle()
        new = write_articles(tmp_path / "in", 2)
        with qtbot.waitSignal(window.importer.finished, timeout=120_000) as finished:
            drop(window, new)
        assert len(finished.args[0].imported) == 2
        wait_idle(qtbot, window, timeout=30_000)
        assert window.count_label.text() == "7 of 7 articles"
        with Library.open(url) as other:  # another laptop sees them on the server
            assert other.stats().documents == 7
            assert other.searcher.search(SearchRequest('"council report"')).total == 2
        # nothing was written into the server library's local cache as a folder library
        assert not (library.root / "library.sqlite").exists()
        window.close()
    finally:
        library.close()


@pytest.mark.slow
def test_sourcedesk_gui_opens_a_server_library_from_the_command_line(
    tmp_path: Path, pg_cluster, pg_databases, pg_seed_template
) -> None:
    url = pg_databases.copy_of(pg_seed_template)
    address = typed_address(pg_cluster, url)
    env = dict(os.environ)
    env.update(
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        PYTHONPATH=str(ROOT),
        QT_QPA_PLATFORM="offscreen",
        SOURCEDESK_SMOKE_TEST="1",
        SOURCEDESK_SMOKE_CLOSE_MS="300",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "desktop.app", "--library", address],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    database = dbname(url)
    assert f"title: {database} on this computer (postgresql://{ADMIN}@/{database}" in proc.stdout
    assert PASSWORD not in proc.stdout + proc.stderr
    config = "".join(
        p.read_text(errors="replace") for p in (tmp_path / "config").rglob("*") if p.is_file()
    )
    assert database in config and PASSWORD not in config


def test_push_and_pull_from_the_file_menu_carry_articles_and_work(
    qtbot, make_window, seed_library_dir: Path, tmp_path: Path, pg_cluster, pg_databases,
    pg_seed_template,
) -> None:  # fmt: skip
    """A reporter back from the field: File → Push to Server Library… sends the articles
    and marks the desk lacks; File → Pull from Server Library… brings in what the desk added
    since. The report says what travelled; the window's results follow."""
    import shutil

    server = pg_databases.copy_of(pg_seed_template)
    laptop = tmp_path / "laptop"
    shutil.copytree(seed_library_dir, laptop, ignore=shutil.ignore_patterns("write.lock"))
    with Library.open(laptop) as lib:
        lib.import_paths(write_articles(tmp_path / "field", 2), entities=False)
        field_ids = lib.searcher.all_ids(SearchRequest('"council report"')).tolist()
        lib.workbench.star(field_ids[:1])
    with Library.open(laptop) as library:
        window = make_window(library)
        assert window.count_label.text() == "7 of 7 articles"

        dialog = window.actions_.choose_sync("push")
        pusher = dialog.buttons.button(QDialogButtonBox.StandardButton.Open)
        assert dialog.windowTitle() == "Push to a server library" and pusher.text() == "Push"
        dialog.host.setText(str(pg_cluster.socket_dir))
        dialog.database.setText(dbname(server))
        dialog.user.setText(ADMIN)
        dialog.password.setText(PASSWORD)
        sync = window.actions_.library_sync
        shown: list[str] = []
        sync.progressed.connect(lambda _p: shown.append(sync.indicator.text()))
        with qtbot.waitSignal(sync.finished, timeout=180_000) as done:
            pusher.click()
            # for as long as it runs, the status bar says so (not a message gone in seconds)
            assert sync.indicator.isVisible()
            assert sync.indicator.text() == f"⇅ Pushing to {dbname(server)} on this computer…"
            # no switching libraries under it (as during an import)
            assert not window.actions_.open_library.isEnabled()
        assert not sync.indicator.isVisible()
        assert window.actions_.open_library.isEnabled()
        # and how far the copy is: the two articles the desk lacked, read
        assert f"⇅ Pushing to {dbname(server)} on this computer… 2 of 2 articles" in shown
        report = done.args[0]
        assert report is not None and not report.failed
        box = sync.box
        assert box is not None and box.isVisible()
        assert box.text() == f"Push to {dbname(server)} on this computer finished."
        assert "copied 2 articles (5 already there)" in box.informativeText()
        assert "1 stars" in box.informativeText()
        assert PASSWORD not in box.text() + box.informativeText() + everything_shown(window)
        box.accept()
        with Library.open(server) as desk:
            assert desk.stats().documents == 7
            found = desk.searcher.all_ids(SearchRequest('"council report"')).tolist()
            assert sum(desk.workbench.marks_of(i).starred for i in found) == 1
            # the desk adds an article and tags one of the laptop's
            desk.import_paths(write_articles(tmp_path / "desk", 1, start=10), entities=False)
            desk.workbench.tag(found[:1], "Council")

        # the next push or pull starts from the same server (remembered without a password)
        dialog = window.actions_.choose_sync("pull")
        puller = dialog.buttons.button(QDialogButtonBox.StandardButton.Open)
        assert puller.text() == "Pull"
        assert (dialog.host.text(), dialog.database.text(), dialog.user.text()) == (
            str(pg_cluster.socket_dir),
            dbname(server),
            ADMIN,
        )
        assert dialog.password.text() == ""
        window.save_settings()
        assert PASSWORD not in (tmp_path / "settings.ini").read_text(encoding="utf-8")
        with qtbot.waitSignal(sync.finished, timeout=180_000) as done:
            puller.click()
        assert "copied 1 articles (7 already there)" in sync.box.informativeText()
        assert "1 tags" in sync.box.informativeText()
        wait_idle(qtbot, window, timeout=30_000)
        qtbot.waitUntil(lambda: window.count_label.text() == "8 of 8 articles", timeout=30_000)
        assert "on this computer: copied 1 articles" in window.statusBar().currentMessage()
        tagged = library.searcher.all_ids(SearchRequest('"council report"')).tolist()
        assert [library.workbench.marks_of(i).tags for i in tagged].count(("Council",)) == 1
        window.close()


def test_a_push_to_a_server_that_is_not_there_says_why_in_a_box(
    qtbot, make_window, seed_library_dir: Path, tmp_path: Path, pg_cluster
) -> None:
    """A database name mistyped: the window says the push stopped and why, and goes on."""
    import shutil

    laptop = tmp_path / "laptop"
    shutil.copytree(seed_library_dir, laptop, ignore=shutil.ignore_patterns("write.lock"))
    with Library.open(laptop) as library:
        window = make_window(library)
        dialog = window.actions_.choose_sync("push")
        dialog.host.setText(str(pg_cluster.socket_dir))
        dialog.database.setText("no_such_investigation")
        dialog.user.setText(ADMIN)
        dialog.password.setText(PASSWORD)
        sync = window.actions_.library_sync
        with qtbot.waitSignal(sync.finished, timeout=120_000) as done:
            dialog.buttons.button(QDialogButtonBox.StandardButton.Open).click()
        assert done.args[0] is None and not sync.indicator.isVisible()
        box = sync.box
        assert box is not None and box.isVisible()
        assert box.text() == "Push to no_such_investigation on this computer stopped."
        assert "no_such_investigation" in box.informativeText()
        assert "does not exist" in box.informativeText()
        assert PASSWORD not in box.informativeText() + everything_shown(window)
        box.accept()
        assert window.count_label.text() == "5 of 5 articles"  # the laptop as it was
        window.close()
