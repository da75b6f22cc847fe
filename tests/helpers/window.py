"""Waiting for the window and reading what it shows."""

from __future__ import annotations

from dataclasses import replace


def wait_idle(qtbot, window, timeout: int = 15_000) -> None:  # type: ignore[no-untyped-def]
    """Until the window's current search has been answered and no import runs."""

    def idle() -> bool:
        outcome = window.last_outcome
        return (
            not window.page.search_bar.typing
            and not window.settling
            and not window.searcher.busy
            and not window.importer.running
            and outcome is not None
            and outcome.request == replace(window.request, limit=outcome.request.limit)
        )

    qtbot.waitUntil(idle, timeout=timeout)


def titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    """Titles of the rows loaded in the result list."""
    model = window.results_model
    return [model.hit_at(r).title for r in range(model.rowCount())]


def result_keys(window) -> set[str]:  # type: ignore[no-untyped-def]
    """Gold keys (seed file names without .txt) of the rows loaded in the result list."""
    model = window.results_model
    return {model.hit_at(r).filename.removesuffix(".txt") for r in range(model.rowCount())}
