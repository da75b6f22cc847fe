"""Articles and quotes as citations and exports: Markdown, CSV, CSL-JSON and RIS.

CSL-JSON follows the Citation Style Language's JSON schema (``csl-data.json``: type
``article-newspaper``, ``container-title``, ``issued``/``accessed`` as ``date-parts``,
names as ``family``/``given`` or ``literal``); RIS follows the RIS format as Zotero and
EndNote read it (``TY  - NEWS`` … ``ER  - ``, ``T2`` the newspaper, ``DA`` ``YYYY/MM/DD/``,
one ``AU``/``KW`` per line). "Copy citation" formats with citeproc-py in the Harvard style
it ships (offline). A byline is split into given and family names only when it plainly is
"Given Family"; anything else stays whole (a ``literal`` name): no wrong names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from dataclasses import field
from typing import Any

from search.frozen import frozen

FORMATS = ("markdown", "csv", "csl-json", "ris")


@frozen
class CiteItem:
    """An article, or a passage of one, with everything a citation needs."""

    key: str  # "sourcedesk-12", "sourcedesk-quote-3"
    title: str
    outlet: str | None
    byline: str | None
    published: dt.date | None
    url: str | None
    accessed: dt.date | None  # when it came into the library (or the quote was saved)
    filename: str
    document_id: int | None
    passage: str | None = None
    span: tuple[int, int] | None = None
    note: str = ""  # the reporter's note on the article, or comment on the quote
    tags: tuple[str, ...] = ()
    collections: tuple[str, ...] = field(default=())
    starred: bool = False
    quote_id: int | None = None


# -- names ------------------------------------------------------------------------------

_BY = re.compile(r"^\s*(?:written\s+by|by)\s+", re.I)
_NAME = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*(?: [A-ZÀ-ÖØ-Þ][\w'’.-]*){1,3}$")
_NOT_PERSON = re.compile(
    r"\b(?:staff|reporters?|correspondents?|desk|news|agency|press|editors?|team|service|"
    r"wire|media|group|online|times|post|daily)\b",
    re.I,
)


def names(byline: str | None) -> list[dict[str, str]]:
    """CSL names of a byline: ``{"family", "given"}`` for a plain "Given Family", else the
    text as written (``{"literal": ...}``)."""
    if not byline or not byline.strip():
        return []
    text = _BY.sub("", " ".join(byline.split()))
    parts = [p.strip() for p in re.split(r"\s*(?:,|;|&|\band\b)\s*", text) if p.strip()]
    if not parts or not all(_NAME.match(p) and not _NOT_PERSON.search(p) for p in parts):
        return [{"literal": text}]
    out = []
    for part in parts:
        *given, family = part.split(" ")
        out.append({"family": family, "given": " ".join(given)})
    return out


def _date_parts(day: dt.date | None) -> dict[str, Any] | None:
    return {"date-parts": [[day.year, day.month, day.day]]} if day else None


# -- CSL-JSON ---------------------------------------------------------------------------


def to_csl(item: CiteItem) -> dict[str, Any]:
    """One item as CSL-JSON."""
    csl: dict[str, Any] = {"id": item.key, "type": "article-newspaper", "title": item.title}
    if item.outlet:
        csl["container-title"] = item.outlet
    authors = names(item.byline)
    if authors:
        csl["author"] = authors
    for name, day in (("issued", item.published), ("accessed", item.accessed)):
        parts = _date_parts(day)
        if parts:
            csl[name] = parts
    if item.url:
        csl["URL"] = item.url
    if item.tags:
        csl["keyword"] = ", ".join(item.tags)
    note = _note(item)
    if note:
        csl["note"] = note
    return csl


def _note(item: CiteItem) -> str:
    parts = []
    if item.passage:
        span = f" (characters {item.span[0]}–{item.span[1]})" if item.span else ""
        parts.append(f"Quote{span}: “{item.passage}”")
    if item.note:
        parts.append(item.note)
    if item.collections:
        parts.append("Collections: " + ", ".join(item.collections))
    return "\n\n".join(parts)


def to_csl_json(items: Iterable[CiteItem]) -> str:
    """Items as a CSL-JSON array (what Zotero, Pandoc and citeproc read)."""
    return json.dumps([to_csl(i) for i in items], ensure_ascii=False, indent=2) + "\n"


# -- RIS --------------------------------------------------------------------------------


def _ris_date(day: dt.date) -> str:
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}/"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def to_ris(items: Iterable[CiteItem]) -> str:
    """Items as RIS records (``TY  - NEWS`` … ``ER  - ``), one field per line."""
    lines: list[str] = []

    def put(tag: str, value: str) -> None:
        value = _one_line(value)
        if value:
            lines.append(f"{tag}  - {value}")

    for item in items:
        lines.append("TY  - NEWS")
        put("ID", item.key)
        put("TI", item.title)
        if item.outlet:
            put("T2", item.outlet)
        for name in names(item.byline):
            put("AU", name.get("literal") or f"{name['family']}, {name['given']}")
        if item.published:
            put("DA", _ris_date(item.published))
            put("PY", f"{item.published.year:04d}")
        if item.url:
            put("UR", item.url)
        if item.accessed:
            put("Y2", _ris_date(item.accessed))
        for tag in item.tags:
            put("KW", tag)
        note = _note(item)
        if note:
            put("N1", note)
        lines.append("ER  - ")
        lines.append("")
    return "\n".join(lines)


# -- CSV and Markdown -------------------------------------------------------------------

ARTICLE_COLUMNS = (
    "id", "title", "outlet", "byline", "published", "url", "filename", "starred", "tags",
    "collections", "note",
)  # fmt: skip
QUOTE_COLUMNS = (
    "quote_id", "passage", "start", "end", "document_id", "title", "outlet", "byline",
    "published", "url", "filename", "collection", "comment", "saved",
)  # fmt: skip


def to_csv(items: Iterable[CiteItem], quotes: bool = False) -> str:
    """Articles (one row each, with the reporter's marks) or quotes, as CSV with a header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(QUOTE_COLUMNS if quotes else ARTICLE_COLUMNS)
    for i in items:
        day = i.published.isoformat() if i.published else ""
        if quotes:
            start, end = i.span or ("", "")
            writer.writerow(
                [
                    i.quote_id, i.passage or "", start, end, i.document_id or "", i.title,
                    i.outlet or "", i.byline or "", day, i.url or "", i.filename,
                    "; ".join(i.collections), i.note, i.accessed.isoformat() if i.accessed else "",
                ]
            )  # fmt: skip
        else:
            writer.writerow(
                [
                    i.document_id, i.title, i.outlet or "", i.byline or "", day, i.url or "",
                    i.filename, "yes" if i.starred else "", "; ".join(i.tags),
                    "; ".join(i.collections), i.note,
                ]
            )  # fmt: skip
    return out.getvalue()


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def md_escape(text: str) -> str:
    """Text from an article as Markdown that shows it literally (no links, no markup)."""
    return _MD_SPECIAL.sub(r"\\\1", _one_line(text))


def _when(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else "undated"


def source_line(item: CiteItem) -> str:
    """Outlet · by byline · date (plain text)."""
    parts = [item.outlet or "unknown outlet"]
    if item.byline:
        parts.append(item.byline if _BY.match(item.byline) else f"by {item.byline}")
    parts.append(_when(item.published))
    return " · ".join(parts)


def to_markdown(items: Iterable[CiteItem], heading: str) -> str:
    """A readable list: each article (or quote) with its source, address and notes."""
    items = list(items)
    lines = [f"# {md_escape(heading)}", "", f"{len(items)} item{'s' if len(items) != 1 else ''}"]
    for n, i in enumerate(items, 1):
        lines += ["", f"## {n}. {md_escape(i.title)}", "", md_escape(source_line(i))]
        if i.url:
            lines += ["", f"Address: {md_escape(i.url)}"]
        if i.passage:
            lines += [""] + [f"> {md_escape(p)}" for p in i.passage.split("\n") if p.strip()]
        if i.note:
            lines += ["", f"Note: {md_escape(i.note)}"]
        marks = []
        if i.starred:
            marks.append("starred")
        if i.tags:
            marks.append("tags: " + ", ".join(md_escape(t) for t in i.tags))
        if i.collections:
            marks.append("collections: " + ", ".join(md_escape(c) for c in i.collections))
        if marks:
            text = "; ".join(marks)
            lines += ["", text[:1].upper() + text[1:]]
        where = f"article {i.document_id}" if i.document_id else "article removed"
        lines += ["", f"*{where}, {md_escape(i.filename)}*"]
    return "\n".join(lines) + "\n"


def export(items: Iterable[CiteItem], fmt: str, heading: str, quotes: bool = False) -> str:
    """Items in one of ``FORMATS``."""
    if fmt == "markdown":
        return to_markdown(items, heading)
    if fmt == "csv":
        return to_csv(items, quotes)
    if fmt == "csl-json":
        return to_csl_json(items)
    if fmt == "ris":
        return to_ris(items)
    raise ValueError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")


# -- "Copy citation" --------------------------------------------------------------------


def citation(item: CiteItem) -> str:
    """A reference in the Harvard style (citeproc-py), with the passage first for a quote."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    csl = to_csl(item)
    csl.pop("note", None)
    csl.pop("keyword", None)
    bib = CitationStylesBibliography(_style(), CiteProcJSON([csl]), formatter.plain)
    bib.register(Citation([CitationItem(item.key)]))
    reference = " ".join(str(bib.bibliography()[0]).split())
    if item.passage:
        return f"“{_one_line(item.passage)}” — {reference}"
    return reference


_STYLE: list[Any] = []


def _style() -> Any:
    if not _STYLE:
        from pathlib import Path

        import citeproc
        from citeproc import CitationStylesStyle

        path = Path(citeproc.__file__).parent / "data" / "styles" / "harvard-cite-them-right.csl"
        _STYLE.append(CitationStylesStyle(str(path), validate=False))
    return _STYLE[0]
