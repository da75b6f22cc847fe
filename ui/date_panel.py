"""The date facet's panel: the histogram, typed From/To dates, and what is selected."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.daterange import range_end, range_start

from . import state
from .histogram import DateHistogram, DateRange


class DatePanel(QWidget):
    """The histogram with its heading, typed From/To dates, and a line saying what is selected.

    ``range_typed`` carries the range typed in the fields (``YYYY``, ``YYYY-MM`` or
    ``YYYY-MM-DD``; an empty field leaves that end open).
    """

    range_typed = Signal(DateRange)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Date")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.histogram = DateHistogram()
        self.from_field = self._field("From", "From: YYYY, YYYY-MM or YYYY-MM-DD")
        self.to_field = self._field("To", "To (inclusive): YYYY, YYYY-MM or YYYY-MM-DD")
        fields = QHBoxLayout()
        fields.setSpacing(4)
        fields.addWidget(self.from_field)
        fields.addWidget(QLabel("–"))
        fields.addWidget(self.to_field)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        hint_font = self.hint.font()
        hint_font.setPointSizeF(max(6.0, hint_font.pointSizeF() * 0.9))
        self.hint.setFont(hint_font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.heading)
        layout.addWidget(self.histogram)
        layout.addLayout(fields)
        layout.addWidget(self.hint)
        self.set_counts([])

    def _field(self, placeholder: str, tip: str) -> QLineEdit:
        field = QLineEdit()
        field.setPlaceholderText(placeholder)
        field.setToolTip(tip)
        field.setAccessibleName(tip)
        field.setClearButtonEnabled(True)
        field.returnPressed.connect(self._typed)
        return field

    def _typed(self) -> None:
        texts = (self.from_field.text().strip(), self.to_field.text().strip())
        try:
            date_from = range_start(texts[0]) if texts[0] else None
            date_to = range_end(texts[1]) if texts[1] else None
        except ValueError:
            self.hint.setText("Type dates as YYYY, YYYY-MM or YYYY-MM-DD.")
            return
        if date_from and date_to and date_to < date_from:
            self.hint.setText("The range ends before it starts.")
            return
        self.range_typed.emit(DateRange(date_from, date_to))

    def set_counts(
        self,
        counts: list[tuple[str, int]],
        date_from: dt.date | None = None,
        date_to: dt.date | None = None,
        undated: bool = False,
    ) -> None:
        """Update the bars, the fields (unless the user is typing in them) and the hint."""
        self.histogram.set_counts(counts, date_from, date_to, undated)
        for field, day in ((self.from_field, date_from), (self.to_field, date_to)):
            if not field.hasFocus():
                field.setText(day.isoformat() if day else "")
        undated_n = self.histogram.undated
        if undated:
            self.hint.setText("Showing undated articles only.")
        elif date_from or date_to:
            self.hint.setText(
                f"{state.date_range_label(date_from, date_to)} · double-click to clear"
            )
        else:
            extra = f" · n.d. = undated ({undated_n:,})" if undated_n else ""
            self.hint.setText(f"Drag across months to filter{extra}")
