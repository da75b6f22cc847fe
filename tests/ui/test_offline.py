"""The window's start opens no socket (the bundle test checks the same in a network namespace)."""

from __future__ import annotations

import socket

from tests.helpers.window import wait_idle


def test_window_start_search_and_reader_open_no_socket(
    qtbot, seed_library, make_window, monkeypatch
):
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise AssertionError(f"network access attempted: {args[:2]!r}")

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    window = make_window(seed_library)
    wait_idle(qtbot, window)
    window.page.search_bar.field.setText("Kherson")
    window.page.search_bar.field.returnPressed.emit()
    wait_idle(qtbot, window)
    window.open_document(1)
    qtbot.waitUntil(lambda: window.page.reader.document is not None, timeout=10_000)
    assert window.count_label.text() == "4 of 5 articles"
    assert attempts == []
