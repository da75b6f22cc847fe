"""Progress values reported by long-running core operations (plain data, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractProgress:
    """Entities found for ``done`` of ``total`` documents so far."""

    done: int
    total: int
    elapsed_s: float
