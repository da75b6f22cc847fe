"""Colours that follow the system palette: entity kinds, search hits, chips, histogram."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

from search.frozen import frozen

KINDS = ("place", "person", "organization", "date")
KIND_LABELS = {
    "place": "Places",
    "person": "People",
    "organization": "Organisations",
    "date": "Dates",
}


@frozen
class KindColours:
    """Background and text colour of one entity kind's highlight."""

    background: str
    foreground: str
    swatch: str  # a stronger tone for the legend and underline


@frozen
class Theme:
    """The colours for one palette (light or dark)."""

    dark: bool
    kinds: dict[str, KindColours]
    hit_background: str
    hit_foreground: str
    current_hit_background: str
    chip_background: str
    chip_border: str
    bar: str
    bar_selected: str
    bar_undated: str

    def kind(self, kind: str) -> KindColours:
        """Colours for a kind (unknown kinds look like dates)."""
        return self.kinds.get(kind, self.kinds["date"])


LIGHT = Theme(
    dark=False,
    kinds={
        "place": KindColours("#d4f0d8", "#0b3d16", "#2e9e4a"),
        "person": KindColours("#d6e6ff", "#0a2a5c", "#2f6fd6"),
        "organization": KindColours("#f6dcf5", "#4d0f4a", "#b23aad"),
        "date": KindColours("#ece6d6", "#3d3420", "#8c7a4a"),
    },
    hit_background="#ffe14d",
    hit_foreground="#000000",
    current_hit_background="#ff9d2e",
    chip_background="#e4ebf5",
    chip_border="#9fb3cf",
    bar="#7f9cc7",
    bar_selected="#2f6fd6",
    bar_undated="#a6a6a6",
)

DARK = Theme(
    dark=True,
    kinds={
        "place": KindColours("#1f4a2a", "#d8f5de", "#5cc878"),
        "person": KindColours("#1d3760", "#dbe8ff", "#6da2f5"),
        "organization": KindColours("#4e2150", "#f8dcf6", "#d775d2"),
        "date": KindColours("#463f2c", "#eee4c8", "#b8a46c"),
    },
    hit_background="#b89a00",
    hit_foreground="#000000",
    current_hit_background="#ff8c1a",
    chip_background="#2f3a4a",
    chip_border="#56698a",
    bar="#5f7fae",
    bar_selected="#6da2f5",
    bar_undated="#7a7a7a",
)


def is_dark(palette: QPalette) -> bool:
    """True when the window background is dark (the system's dark mode)."""
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def theme_for(palette: QPalette) -> Theme:
    """The theme that fits a palette."""
    return DARK if is_dark(palette) else LIGHT


def dark_palette() -> QPalette:
    """A dark palette for platforms whose style has none (used by screenshots and tests)."""
    p = QPalette()
    role, grp = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#2b2d31",
        role.WindowText: "#e6e6e6",
        role.Base: "#1f2023",
        role.AlternateBase: "#292a2e",
        role.ToolTipBase: "#3a3c42",
        role.ToolTipText: "#f0f0f0",
        role.Text: "#e6e6e6",
        role.Button: "#35373c",
        role.ButtonText: "#e6e6e6",
        role.BrightText: "#ff6b6b",
        role.Highlight: "#3d6fb6",
        role.HighlightedText: "#ffffff",
        role.Link: "#7fb0ff",
        role.PlaceholderText: "#8d8f94",
        role.Mid: "#4a4c52",
        role.Dark: "#18191b",
        role.Light: "#45474d",
        role.Midlight: "#3c3e44",
        role.Shadow: "#000000",
    }
    for r, c in colours.items():
        p.setColor(r, QColor(c))
    for r in (role.Text, role.WindowText, role.ButtonText):
        p.setColor(grp.Disabled, r, QColor("#7a7c80"))
    return p
