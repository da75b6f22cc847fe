"""Waiting for the window and reading what it shows."""

from __future__ import annotations


def wait_idle(qtbot, window, timeout: int = 15_000) -> None:  # type: ignore[no-untyped-def]
    """Until the window's current search has been answered and no import runs."""
    qtbot.waitUntil(lambda: window.idle, timeout=timeout)


def titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    """Titles of the rows loaded in the result list."""
    model = window.results_model
    return [model.hit_at(r).title for r in range(model.rowCount())]


def result_keys(window) -> set[str]:  # type: ignore[no-untyped-def]
    """Gold keys (seed file names without .txt) of the rows loaded in the result list."""
    model = window.results_model
    return {model.hit_at(r).filename.removesuffix(".txt") for r in range(model.rowCount())}
