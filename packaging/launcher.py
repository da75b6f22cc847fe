"""The bundle's entry point: one program, two faces.

``Sourcedesk/sourcedesk``                       the window, on the default library
``Sourcedesk/sourcedesk FILE...``               the window, importing the files (the menu's
                                                "Open with Sourcedesk")
``Sourcedesk/sourcedesk --library DIR``         the window, on that library
``Sourcedesk/sourcedesk import|search|... ARGS``  the command line (``desktop.cli``)
``Sourcedesk/sourcedesk --help | --version``    the command line's help / version
``sourcedesk-gui.exe`` (Windows)               always the window, without a console
``Sourcedesk.app/Contents/MacOS/Sourcedesk``    (macOS) both faces, as on Linux

A second window on the same library is not opened: the files go to the window that is
already open (``single_instance.py``). ``SOURCEDESK_SMOKE_TEST=1`` prints the time from
launch to the first window shown and then closes the window as a user would, after
``SOURCEDESK_SMOKE_CLOSE_MS`` (300; negative: leave it open), saving a picture of it to
``SOURCEDESK_SMOKE_SCREENSHOT`` if set. ``scripts/bundle-measure.py`` and
``tests/e2e/test_bundle.py`` use it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

STARTED = time.monotonic()

APP_ID = "org.sourcedesk.Sourcedesk"
CLI_FLAGS = frozenset({"-h", "--help", "--version"})
SMOKE_ENV = "SOURCEDESK_SMOKE_TEST"
SMOKE_CLOSE_ENV = "SOURCEDESK_SMOKE_CLOSE_MS"
SMOKE_SHOT_ENV = "SOURCEDESK_SMOKE_SCREENSHOT"
SMOKE_PREFIX = "sourcedesk-smoke:"


def cli_commands() -> frozenset[str]:
    """The subcommands of ``desktop.cli`` (import, search, ...), read from its parser."""
    import argparse

    from desktop.cli import build_parser

    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return frozenset(action.choices)
    return frozenset()


def wants_cli(
    argv: Sequence[str], program: str = "", commands: frozenset[str] | None = None
) -> bool:
    """True when the arguments ask for the command line rather than the window."""
    if "gui" in Path(program).stem.lower():
        return False
    if commands is None:
        commands = cli_commands()
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--library":
            skip = True
        elif arg in CLI_FLAGS:
            return True
        elif not arg.startswith("-"):
            return arg in commands
    return False


def seconds_since_exec() -> float | None:
    """Seconds since this process was started (Linux), bootloader included."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class _FirstWindow:
    """Watches for the first main window to be shown; then runs the callbacks given."""

    def __init__(self, app: object) -> None:
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QMainWindow

        self.window: QMainWindow | None = None
        self.callbacks: list[Callable[[QMainWindow], None]] = []
        watcher = self

        class Filter(QObject):
            def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
                if (
                    watcher.window is None
                    and event.type() == QEvent.Type.Show
                    and isinstance(obj, QMainWindow)
                    and obj.isWindow()
                ):
                    watcher.window = obj
                    for callback in watcher.callbacks:
                        callback(obj)
                return False

        self._filter = Filter()
        app.installEventFilter(self._filter)  # type: ignore[attr-defined]


def _smoke_report(window: object) -> None:
    from PySide6.QtCore import QTimer

    since_exec = seconds_since_exec()
    spacy = "yes" if "spacy" in sys.modules else "no"
    exec_part = f" ({since_exec:.3f} s since exec)" if since_exec is not None else ""
    print(
        f"{SMOKE_PREFIX} window shown {time.monotonic() - STARTED:.3f} s after the launcher "
        f"started{exec_part}; spacy imported: {spacy}; title: {window.windowTitle()}",  # type: ignore[attr-defined]
        flush=True,
    )
    delay = int(os.environ.get(SMOKE_CLOSE_ENV, "300"))  # < 0: stay open
    shot = os.environ.get(SMOKE_SHOT_ENV)
    if shot:  # a picture of the window as it is just before it closes
        QTimer.singleShot(max(delay - 50, 0), lambda: window.grab().save(shot))  # type: ignore[attr-defined]
    if delay >= 0:
        QTimer.singleShot(delay, window.close)  # type: ignore[attr-defined]


def icon_file() -> Path:
    """The 256 px app icon: in the bundle (``_internal/share/icons``) or in packaging/."""
    bundled = Path(getattr(sys, "_MEIPASS", "")) / "share" / "icons" / f"{APP_ID}.png"
    if getattr(sys, "frozen", False) and bundled.exists():
        return bundled
    return Path(__file__).resolve().parent / "icons/hicolor/256x256/apps" / f"{APP_ID}.png"


def _brand(gui: ModuleType) -> None:
    """Give the application the menu entry's id and the app icon.

    Wayland matches a window to its menu entry by the desktop file name, which is the
    reverse-DNS app id here. Until ``desktop.app.create_application`` sets both itself,
    its result is completed here.
    """
    create = gui.create_application
    if getattr(create, "branded", False):
        return

    def create_application(argv: Sequence[str]) -> object:
        from PySide6.QtGui import QIcon

        app = create(argv)
        app.setDesktopFileName(APP_ID)  # type: ignore[attr-defined]
        if app.windowIcon().isNull():  # type: ignore[attr-defined]
            app.setWindowIcon(QIcon.fromTheme(APP_ID, QIcon(str(icon_file()))))  # type: ignore[attr-defined]
        return app

    create_application.branded = True  # type: ignore[attr-defined]
    gui.create_application = create_application  # type: ignore[attr-defined]


def run_window(argv: Sequence[str]) -> int:
    """The window: one per library; a second launch hands its files to the first."""
    from desktop import app as gui
    from desktop.paths import resolve_library_dir

    args = gui.build_parser().parse_args(list(argv))  # a usage error exits 2, as main() would
    if not gui.has_display():
        return gui.main(list(argv))  # explains how to work without a display
    _brand(gui)
    qapp = gui.create_application([sys.argv[0]])
    first = _FirstWindow(qapp)
    if os.environ.get(SMOKE_ENV):
        first.callbacks.append(_smoke_report)

    if not getattr(gui, "HANDLES_SINGLE_INSTANCE", False):  # the app does not do it itself yet
        from single_instance import SingleInstance  # beside this file (a top-level module)

        guard = SingleInstance(resolve_library_dir(args.library))
        paths = [str(Path(p).resolve()) for p in args.paths]
        if not guard.claim():
            if guard.hand_over(paths):
                print(
                    f"Sourcedesk is already open on {guard.library}: "
                    + (f"passed {len(paths)} file(s) to its window." if paths else "raised it."),
                    flush=True,
                )
                return 0
            sys.stderr.write(f"sourcedesk: {guard.busy_message()}\n")
            if qapp.platformName() not in ("offscreen", "minimal"):  # type: ignore[attr-defined]
                from PySide6.QtWidgets import QMessageBox

                QMessageBox.warning(None, "Sourcedesk", guard.busy_message())
            return 1
        pending: list[list[str]] = []

        def deliver(files: list[str]) -> None:
            window = first.window
            if window is None:
                pending.append(files)
                return
            if files:
                window.import_paths(files)  # type: ignore[attr-defined]
            from PySide6.QtCore import Qt

            window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
            window.show()
            window.raise_()
            window.activateWindow()

        guard.received.connect(deliver)
        first.callbacks.append(lambda _w: [deliver(f) for f in pending])
        try:
            return gui.main(list(argv))
        finally:
            guard.release()
    return gui.main(list(argv))


def main(argv: Sequence[str] | None = None) -> int:
    """Dispatch to the command line or the window."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if wants_cli(argv, sys.argv[0]):
        from desktop.cli import main as cli_main

        if argv[:1] in (["-h"], ["--help"]):
            print("Without a command, `sourcedesk [--library DIR] [FILE...]` opens the window.\n")
        return cli_main(argv)
    return run_window(argv)


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()
    sys.exit(main())
