"""Mentions to library entities, each link with its evidence; unsure merges become suggestions.

The rules, in order: a spelling the user filed wins; a person's full name links to the
entity with that name or a transliteration of it, never to one with another first name; a
bare surname links to the full name its own article uses (decided in ``extract_rules``),
else to the library's only person with that surname, else to a surname entity of its own;
other kinds link by their canonical key (gazetteer, curated lists, organisation forms) or a
spelling the library already holds. What is left becomes a new entity; when it looks like
an entity the library has (an initial for a first name, a middle name more or less, a
company suffix), a suggestion records it for the user instead of a silent merge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import replace

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from search.frozen import frozen

from ..store.dialect import insert_ignoring_conflicts, is_postgres, next_ids
from ..store.models import Alias, BlockedSpelling, Entity, Mention, Suggestion
from .extract_rules import Found
from .links import ALIAS, ARTICLE, DATE, FORM, MODEL, SAME, SURNAME, TRANSLIT, USER
from .names import name_key, translit_key
from .orgs import org_key
from .spelling import first_names_agree, person_words, same_surname, surname, translit_match
from .suggest import org_base_key, suggestion_reason

__all__ = ["EntityResolver", "Resolved", "person_fold_key", "person_surname_key"]


def person_fold_key(name: str) -> str:
    """Transliteration-folded full name: "Ivan Federov" and "Ivan Fedorov" agree."""
    return " ".join(translit_key(w) for w in name.split())


def person_surname_key(name: str) -> str | None:
    """The folded surname of a person's name (the word itself for a surname alone)."""
    words = name.split()
    return translit_key(words[-1]) if words else None


KINDS = ("place", "person", "organization", "date")
_CHUNK = 500  # bound parameters per IN (...)


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    items = sorted(values)
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


@frozen
class Resolved:
    """A mention's entity and why: a code of ``links`` and an optional detail."""

    entity_id: int
    link: str
    detail: str = ""


class EntityResolver:
    """Finds or creates the entity of each mention of a batch, inside the caller's transaction.

    Everything a batch can ask is read in a few queries up front (its aliases, the people its
    names could be, blocked spellings), and what the batch adds is kept in the same maps, so
    resolving a mention costs no query: new entities, spellings and suggestions are written
    together by :meth:`flush` (entity ids are handed out from the table's highest id).
    """

    def __init__(self, session: Session, batch: Iterable[Found]) -> None:
        self.session = session
        founds = list(batch)
        keys: set[str] = set()
        surnames: set[str] = set()
        bases: set[str] = set()
        for f in founds:
            keys.add(f.key)
            if f.kind != "date":
                keys.add(name_key(f.text))
            if f.kind == "person":
                keys.add(name_key(f.name))
                surnames.add(person_surname_key(f.name) or "")
            elif f.kind == "organization":
                bases.add(org_base_key(f.name))
        keys.discard("")
        surnames.discard("")
        self._alias: dict[tuple[str, str], int] = {}  # (kind, key) -> entity id
        self._user: dict[str, int] = {}  # key the user filed -> entity id
        self._name: dict[int, tuple[str, str]] = {}  # entity id -> (kind, name)
        self._read_aliases(keys)
        self._fold: dict[str, list[int]] = {}  # persons by folded full name
        self._surname: dict[str, list[int]] = {}  # persons by folded surname
        self._base: dict[str, list[int]] = {}  # organisations by name without a company suffix
        live = Entity.merged_into.is_(None) & Entity.ignored.is_(False)
        for chunk in _chunks(surnames):
            rows = session.execute(
                select(Entity.id, Entity.name)
                .where(live, Entity.kind == "person", Entity.surname_key.in_(chunk))
                .order_by(Entity.id)
            )
            for eid, name in rows:
                self._remember(eid, "person", name)
        for chunk in _chunks(bases):
            rows = session.execute(
                select(Entity.id, Entity.name)
                .where(live, Entity.kind == "organization", Entity.fold_key.in_(chunk))
                .order_by(Entity.id)
            )
            for eid, name in rows:
                self._remember(eid, "organization", name)
        self._blocked: set[tuple[int, str]] = set()
        self._read_blocked(keys)
        self._new_aliases: list[dict[str, object]] = []
        self._new_entities: list[dict[str, object]] = []
        self._moved: list[dict[str, object]] = []  # stored mentions to file elsewhere
        self._suggestions: dict[tuple[int, int], str] = {}
        self._next_id: int | None = None
        self._spare_ids: list[int] | None = [] if is_postgres(session) else None

    def _read_aliases(self, keys: Iterable[str]) -> None:
        for chunk in _chunks(keys):
            rows = self.session.execute(
                select(Alias.kind, Alias.key, Alias.user_set, Alias.entity_id, Entity.kind)
                .add_columns(Entity.name)
                .join(Entity, Entity.id == Alias.entity_id)
                # both columns of the (kind, key) unique index, so SQLite uses it
                .where(Alias.kind.in_(KINDS), Alias.key.in_(chunk))
                .order_by(Alias.id)
            )
            for akind, key, user, eid, ekind, ename in rows:
                self._alias.setdefault((akind, key), eid)
                if user:
                    self._user.setdefault(key, eid)
                self._name.setdefault(eid, (ekind, ename))

    def _read_blocked(self, keys: Iterable[str]) -> None:
        for chunk in _chunks(keys):
            self._blocked.update(
                self.session.execute(
                    select(BlockedSpelling.entity_id, BlockedSpelling.key).where(
                        BlockedSpelling.key.in_(chunk)
                    )
                ).tuples()
            )

    def _remember(self, eid: int, kind: str, name: str) -> None:
        self._name[eid] = (kind, name)
        if kind == "person":
            words = name.split()
            if len(words) > 1:
                self._fold.setdefault(person_fold_key(name), []).append(eid)
            self._surname.setdefault(person_surname_key(name) or "", []).append(eid)
        elif kind == "organization":
            self._base.setdefault(org_base_key(name), []).append(eid)

    # -- lookups --------------------------------------------------------------------------

    def _ok(self, eid: int | None, key: str) -> bool:
        return eid is not None and (eid, key) not in self._blocked

    def _agrees(self, eid: int, name: str) -> bool:
        """A person entity may take this name: no other first name, same surname."""
        kind, known = self._name.get(eid, ("", ""))
        if kind != "person":
            return True
        if first_names_agree(name, known) is False:
            return False
        if len(person_words(name)) > 1 and len(person_words(known)) > 1:
            return translit_match(surname(name), surname(known))
        return True

    def _create(self, found: Found) -> int:
        if self._spare_ids is not None:  # a server library: ids from the table's sequence
            if not self._spare_ids:
                self._spare_ids = next_ids(self.session, "entities", 64)
            eid = self._spare_ids.pop(0)
        else:
            if self._next_id is None:
                # The caller's transaction holds SQLite's write lock (it has deleted the
                # batch's old mentions), so no one else can take these ids before flush().
                self._next_id = (self.session.scalar(select(func.max(Entity.id))) or 0) + 1
            eid, self._next_id = self._next_id, self._next_id + 1
        fold = surname_key = None
        if found.kind == "person":
            full = len(found.name.split()) > 1
            fold = person_fold_key(found.name) if full else None
            surname_key = person_surname_key(found.name)
        elif found.kind == "organization":
            fold = org_base_key(found.name)
        self._suggest(eid, found)
        self._remember(eid, found.kind, found.name)
        self._new_entities.append(
            {
                "id": eid,
                "kind": found.kind,
                "name": found.name[:500],
                "ignored": False,
                "user_set": False,
                "fold_key": fold,
                "surname_key": surname_key,
                "merged_into": None,
            }
        )
        return eid

    def _suggest(self, eid: int, found: Found) -> None:
        """Entities the new one may be: suggestions, never merges."""
        if found.kind == "person" and len(found.name.split()) > 1:
            others = self._surname.get(person_surname_key(found.name) or "", [])
        elif found.kind == "organization":
            others = self._base.get(org_base_key(found.name), [])
        else:
            return
        for other in others:
            kind, name = self._name[other]
            reason = suggestion_reason(found.kind, found.name, name)
            if reason:
                self._suggestions.setdefault((eid, other), reason)

    def _add_alias(self, eid: int, key: str, name: str) -> None:
        """Record a spelling for the entity unless the key is taken or blocked."""
        kind = self._name[eid][0]
        if not key or (kind, key) in self._alias or (eid, key) in self._blocked:
            return
        self._alias[(kind, key)] = eid
        # a spelling is a name: a line break of the text it was written in is a space
        spelling = " ".join(name.split())[:500]
        self._new_aliases.append(
            {"entity_id": eid, "kind": kind, "key": key, "name": spelling, "user_set": False}
        )

    # -- resolving ------------------------------------------------------------------------

    def resolve(self, found: Found) -> Resolved:
        """The mention's entity and the reason for the link; new spellings become aliases."""
        if found.kind == "date":
            eid = self._alias.get(("date", found.key))
            eid = eid if eid is not None else self._create(found)
            self._add_alias(eid, found.key, found.name)
            return Resolved(eid, DATE)
        surface = name_key(found.text)
        for key in (surface, found.key):  # a spelling, or the full name, the user filed
            user = self._user.get(key)
            if self._ok(user, surface) and user is not None:
                return Resolved(user, USER)
        if found.kind == "person":
            return self._person(found, surface)
        eid = self._alias.get((found.kind, found.key))
        if found.link == ARTICLE and eid is not None and (eid, surface) in self._blocked:
            # the user took this short name away from the company: the name as written
            name = " ".join(found.text.split())
            found = replace(found, name=name, key=org_key(name), link=MODEL, detail="")
            eid = self._alias.get((found.kind, found.key))
        if not self._ok(eid, surface):
            eid = self._alias.get((found.kind, surface))
            eid = eid if self._ok(eid, surface) else None
        if eid is None:
            eid = self._create(found)
            link = found.link
        else:
            link = self._why(eid, found, surface)
        self._add_alias(eid, found.key, found.name)
        if link != ARTICLE:  # a short name is no spelling of the company outside its article
            self._add_alias(eid, surface, found.text)
        return Resolved(eid, link, found.detail if link in (ALIAS, TRANSLIT, ARTICLE) else "")

    def _why(self, eid: int, found: Found, surface: str) -> str:
        """The reason a mention links to an entity the library already has."""
        if surface == name_key(self._name[eid][1]):
            return SAME
        if found.link in (ALIAS, TRANSLIT, ARTICLE):
            return found.link
        if (self._name[eid][0], surface) in self._alias:
            return SAME
        return FORM if found.kind == "organization" else SAME

    def _person(self, found: Found, surface: str, across: bool = True) -> Resolved:
        if len(found.name.split()) > 1:
            return self._full_name(found, surface)
        # a surname alone, with no full name in its article: the library's only person with
        # that surname (``across``), else a surname entity
        only = self._only_person_called(found.name, surface) if across else None
        if only is not None:
            return Resolved(only, SURNAME, self._name[only][1])
        eid = self._alias.get(("person", surface))
        if self._ok(eid, surface) and eid is not None and len(self._name[eid][1].split()) == 1:
            return Resolved(eid, SAME)
        eid = self._create(found)
        self._add_alias(eid, surface, found.text)
        return Resolved(eid, found.link)

    def rival_surnames(self) -> set[str]:
        """Surnames the batch gave a second person named in full: a bare surname linked
        to the first as "the only person called …" no longer has that evidence."""
        new = {int(str(e["id"])) for e in self._new_entities}
        return {
            key
            for key, eids in self._surname.items()
            if key and any(e in new for e in eids)
            and sum(len(self._name[e][1].split()) > 1 for e in eids) > 1
        }  # fmt: skip

    def surname_of(self, eid: int) -> str | None:
        """The folded surname of a person entity the batch knows, else None."""
        kind, name = self._name.get(eid, ("", ""))
        return person_surname_key(name) if kind == "person" else None

    def unlink_surnames(self, rows: list[dict[str, object]], rivals: set[str]) -> None:
        """Undo the links of bare surnames to the only person called so, for ``rivals``:
        in ``rows`` (the batch's mentions, not written yet) and in the library. Each
        becomes the surname's entity of its own, as if the second person had been there
        when it was filed ("Reagan" beside Ronald and Nancy Reagan)."""

        def still(text: str, eid: int) -> bool:  # the only one still (a "Gros" is no Gross)
            return self._only_person_called(text, name_key(text)) == eid

        stale = [
            r
            for r in rows
            if r["link"] == SURNAME
            and self.surname_of(int(str(r["entity_id"]))) in rivals
            and not still(str(r["text"]), int(str(r["entity_id"])))
        ]
        stored = [
            (mid, text)
            for mid, text, eid in self.session.execute(
                select(Mention.id, Mention.text, Mention.entity_id)
                .join(Entity, Entity.id == Mention.entity_id)
                .where(Mention.link == SURNAME, Entity.surname_key.in_(sorted(rivals)))
            )
            if not still(text, eid)
        ]
        surfaces = {name_key(str(r["text"])) for r in stale} | {name_key(t) for _, t in stored}
        self._read_aliases(surfaces - {k for _, k in self._alias})
        self._read_blocked(surfaces)

        def own(text: str) -> Resolved:
            name = " ".join(text.split())
            alone = Found(0, 0, text, "person", name, name_key(name), MODEL)
            return self._person(alone, name_key(name), across=False)

        for r in stale:
            got = own(str(r["text"]))
            r["entity_id"], r["link"], r["link_detail"] = got.entity_id, got.link, None
        for mid, text in stored:  # written by flush(), after the entities they go to
            got = own(text)
            self._moved.append({"mid": mid, "eid": got.entity_id, "how": got.link})

    def _only_person_called(self, word: str, surface: str) -> int | None:
        """The library's one person named in full with this surname, if there is one."""
        candidates = [
            e
            for e in self._surname.get(person_surname_key(word) or "", [])
            if len(self._name[e][1].split()) > 1
            and same_surname(word, surname(self._name[e][1]))
            and (e, surface) not in self._blocked
        ]
        return candidates[0] if len(candidates) == 1 else None

    def _full_name(self, found: Found, surface: str) -> Resolved:
        eid = self._alias.get(("person", found.key))
        if found.link == ARTICLE and eid is not None and (eid, surface) in self._blocked:
            # the user took this surname away from the full name: a surname of its own
            alone = replace(
                found, name=" ".join(found.text.split()), key=surface, link=MODEL, detail=""
            )
            return self._person(alone, surface, across=False)
        link = None
        if self._ok(eid, surface) and eid is not None and self._agrees(eid, found.name):
            link = self._why(eid, found, surface)
        else:
            eid = None
            for other in self._fold.get(person_fold_key(found.name), []):
                if (
                    (other, surface) not in self._blocked
                    and translit_match(found.name, self._name[other][1])
                    and self._agrees(other, found.name)
                ):
                    eid, link = other, TRANSLIT
                    break
        if eid is None and len(person_words(found.text)) > 1:
            known = self._alias.get(("person", surface))
            if self._ok(known, surface) and known is not None and self._agrees(known, found.text):
                eid, link = known, SAME
        if eid is None or link is None:
            eid, link = self._create(found), found.link
        self._add_alias(eid, found.key, found.name)
        if len(person_words(found.text)) > 1 and link != ARTICLE:
            self._add_alias(eid, surface, found.text)  # a surname alone is no spelling of it
        detail = found.detail if link == ARTICLE else ""
        if link == TRANSLIT:
            detail = found.detail or self._name[eid][1]
        elif link == ALIAS:
            detail = found.detail
        return Resolved(eid, link, detail)

    def flush(self) -> None:
        """Write the entities, spellings and suggestions the batch added."""
        conn = self.session.connection()
        if self._new_entities:
            conn.execute(insert(Entity), self._new_entities)
            self._new_entities = []
        if self._new_aliases:
            conn.execute(insert(Alias), self._new_aliases)
            self._new_aliases = []
        if self._moved:
            conn.execute(
                update(Mention)
                .where(Mention.id == bindparam("mid"))
                .values(entity_id=bindparam("eid"), link=bindparam("how"), link_detail=None),
                self._moved,
            )
            self._moved = []
        if self._suggestions:
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            conn.execute(
                insert_ignoring_conflicts(self.session, Suggestion).values(
                    [
                        {
                            "entity_id": a,
                            "target_id": b,
                            "reason": reason,
                            "status": "open",
                            "created_at": now,
                        }
                        for (a, b), reason in self._suggestions.items()
                    ]
                )
            )
            self._suggestions = {}
