"""Document-level passes over the mentions of one text: teams, one kind per name, surnames.

They run after the model's spans and the curated scans have become mentions, and only
look at the document itself.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

from search.frozen import frozen

from .first_names import given_name_only, known_female, known_first_name, title_gender
from .gazetteer import get_gazetteer
from .junk import is_junk_name
from .links import ARTICLE, MODEL
from .names import name_key, translit_key, word_set
from .orgs import NATIONALITIES, org_key
from .spelling import same_surname
from .suggest import org_base_key


@frozen
class Found:
    """A mention ready to store: span in the text, kind, suggested canonical name, match key,
    and why the text names that entity (a code of ``links``, with an optional detail)."""

    start: int
    end: int
    text: str
    kind: str  # place, person, organization, date
    name: str
    key: str
    link: str = MODEL
    detail: str = ""


def key_for(kind: str, name: str) -> str:
    """The match key of a name of that kind."""
    return org_key(name) if kind == "organization" else name_key(name)


def overlaps(a: Found, spans: list[tuple[int, int]]) -> bool:
    """Whether ``a`` overlaps any of ``spans``."""
    return any(a.start < e and s < a.end for s, e in spans)


def dedupe(found: list[Found]) -> list[Found]:
    """Longest span wins where spans overlap."""
    out: list[Found] = []
    taken: list[tuple[int, int]] = []
    for f in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if not overlaps(f, taken):
            out.append(f)
            taken.append((f.start, f.end))
    return out


# A result line: "Chelsea 2 Middlesbrough 0", "Somerset 83 and 174", "Essex 4 2 1 1 8 5 7".
_SCORE_AFTER = re.compile(r"[ \t]+\(?\d{1,3}(?:-\d{1,3})?(?![\w.:/-])")
_RESULT_VERB = re.compile(r"\b(?:beat|beats|drew|draw|lost|v|vs|versus)\.?[ \t]+$")


def _in_result(text: str, f: Found) -> bool:
    """Whether the mention names a side in a sports result or a league table."""
    line_start = text.rfind("\n", 0, f.start) + 1
    line_end = text.find("\n", f.end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if len(re.findall(r"(?<![\w.:/-])\d{1,3}(?![\w.:/-])", line)) < 2:
        return False
    before = max(0, f.start - 40)  # the verb right before: not a search of the whole text
    return bool(_SCORE_AFTER.match(text, f.end) or _RESULT_VERB.search(text, before, f.start))


_SIDE = r"[A-Z][\w'&.-]*(?:[ \t][A-Z][\w'&.-]*){0,3}"
_RESULT_LINES = re.compile(
    rf"^[ \t]*(?P<a>{_SIDE})[ \t]+\d{{1,3}}[ \t]+(?P<b>{_SIDE})[ \t]+\d{{1,3}}[ \t.]*$"
    rf"|^[ \t]*(?P<c>{_SIDE})(?:[ \t]+\d{{1,3}}){{5,}}[ \t]*$",
    re.M,
)


def _result_sides(text: str, found: list[Found]) -> list[Found]:
    """Sides named in result lines and league tables that nothing else has claimed."""
    gaz = get_gazetteer()
    taken = [(f.start, f.end) for f in found]
    out = []
    for m in _RESULT_LINES.finditer(text):
        for group in ("a", "b", "c"):
            start, end = m.span(group)
            if start < 0 or any(start < e and s < end for s, e in taken):
                continue
            name = m.group(group)
            if is_junk_name(name):
                continue  # a futures table's "MAY7  661 OFF 18" is no result line
            place = gaz.lookup(name)
            if len(name) > 2 and (place is None or place.kind != "country"):
                out.append(Found(start, end, name, "organization", name, org_key(name), MODEL))
    return out


_CLUB_AFTER = re.compile(
    r"^(?:['’]s)?[ \t]+(?:manager|boss|coach|striker|midfielder|defender|goalkeeper|keeper|"
    r"fans|supporters|players?|squad|chairman|captain|forward|winger|won|lost|beat|drew|played|"
    r"thrashed|edged|sacked|signed|FC)\b"
)
_CLUB_BEFORE = re.compile(
    r"\b(?:beat|beats|against|vs\.?|v\.?|defeated|joined|signed[ \t]+for)[ \t]+$"
)
_LOCATIVE = re.compile(r"\b(?:in|near|outside|around|across|of)[ \t]+(?:central[ \t]+)?$")


def _plays(text: str, f: Found) -> bool:
    """Whether the mention names a side that plays ("Liverpool manager", "beat Chelsea")."""
    return bool(
        _in_result(text, f)
        or _CLUB_AFTER.match(text[f.end : f.end + 30])
        or _CLUB_BEFORE.search(text, max(0, f.start - 20), f.start)
    )


def teams(text: str, found: list[Found]) -> list[Found]:
    """Towns, regions and clubs that play: where the article talks about a place other than
    a country as a side ("Chelsea 2 Middlesbrough 0", "Liverpool manager Rafael Benitez"),
    its mentions are the club, an organisation, except where the text puts something in it
    ("in Liverpool")."""
    gaz = get_gazetteer()
    found = found + _result_sides(text, found)
    sides: set[str] = set()
    for f in found:
        one_word_person = f.kind == "person" and f.link == MODEL and " " not in f.name.strip()
        if (f.kind in ("place", "organization") or one_word_person) and _plays(text, f):
            place = gaz.lookup(f.name) if f.kind == "place" else None
            if place is None or place.kind in ("city", "region", "area"):
                sides.add(name_key(f.text))
    if not sides:
        return found
    return [
        replace(f, kind="organization", name=f.text, key=org_key(f.text), link=MODEL, detail="")
        if (f.kind == "place" or (f.kind == "person" and f.link == MODEL and " " not in f.name))
        and name_key(f.text) in sides
        and not _LOCATIVE.search(text, max(0, f.start - 20), f.start)
        else f
        for f in found
    ]


_TIE_ORDER = {"person": 0, "organization": 1, "place": 2}


def one_kind_per_name(found: list[Found]) -> list[Found]:
    """Within a document, a name keeps the kind most of its mentions have (at a tie, a
    person or an organisation rather than a place only the model proposed)."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for f in found:
        if f.kind != "date":
            votes[name_key(f.text)][f.kind] += 1 if f.link == MODEL else 2
    out = []
    for f in found:
        kinds = votes.get(name_key(f.text))
        if kinds and len(kinds) > 1:
            kind = min(kinds, key=lambda k: (-kinds[k], _TIE_ORDER.get(k, 3)))
            if kind != f.kind:
                f = replace(f, kind=kind, key=key_for(kind, f.name))
        out.append(f)
    return out


_SENTENCE_START = re.compile(r"(?:^|[.!?\"“”]|\n)[ \t]*$")
_TITLE_BEFORE = re.compile(r"\b([A-Z][a-z]{1,8})\.?[ \t]+$")


def _title_before(text: str, start: int) -> str:
    m = _TITLE_BEFORE.search(text, max(0, start - 12), start)
    return m.group(1) if m else ""


#: Family names written first (Chinese, Korean, Vietnamese; "Lien Chan", "Tang Shubei",
#: "Kim Jong Un", "Nguyen Tan Dung"), whose bearers are then called by them alone ("Lien
#: said"). Not those that are also short English words ("He", "Do", "Oh", "Ho", "Le").
FAMILY_FIRST = word_set(
    """
    Li Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Zhu Gao Lin Guo Luo Liang Zheng Xie
    Han Tang Feng Dong Xiao Cheng Cao Yuan Deng Fu Shen Zeng Peng Lu Su Jiang Cai Jia Ding Wei
    Xue Ye Yan Pan Du Dai Xia Zhong Tian Ren Fang Shi Yao Tan Liao Zou Xiong Jin Hao Kong Bai
    Cui Kang Mao Qiu Qin Gu Hou Shao Meng Qian Yin Yi Xi Hu Wen Ma Bo Lien Chiang Teng
    Soong Hsu Chou Tsai Kuo Chu Lai Koo Hsieh Hsiao Yeh Chao Chien Chang Lee Wong Leung
    Chan Cheung Lau Tse Tung Yeung Ng Kwok Tsang Lam Kim Park Choi Jung Chung Kang Cho Yoon Jang
    Lim Seo Shin Kwon Hwang Ahn Yoo Hong Jeon Roh Ban Nguyen Tran Pham Hoang Phan Vu Dang Bui
    Ngo Duong Truong Vo
    """
)


#: Titles followed by a given name (a regnal name), never a surname.
_REGNAL = frozenset(
    {"king", "queen", "prince", "princess", "pope", "emperor", "empress", "sultan", "emir"}
)


class _FullNames:
    """The people a document names in full, by the transliteration key of their surname
    (and, for a name led by a family name, by that)."""

    def __init__(self, text: str, found: list[Found]) -> None:
        self._by_surname: dict[str, list[Found]] = {}
        self._by_family: dict[str, list[Found]] = {}
        self._by_first: dict[str, dict[str, Found]] = {}  # first name -> people, by key
        self._inside: set[str] = set()  # keys of names used inside a sentence at least once
        for f in found:
            if f.kind == "person" and " " in f.name.strip():
                same = self._by_surname.setdefault(translit_key(f.name.split()[-1]), [])
                if all(g.key != f.key for g in same):
                    same.append(f)
                first = f.name.split()[0]
                self._by_first.setdefault(name_key(first), {}).setdefault(f.key, f)
                if first in FAMILY_FIRST and len(f.name.split()) <= 3:
                    family = self._by_family.setdefault(first, [])
                    if all(g.key != f.key for g in family):
                        family.append(f)
                opens = _SENTENCE_START.search(text, max(0, f.start - 3), f.start)
                if not opens or f.link != MODEL:
                    self._inside.add(f.key)

    def people(self) -> list[Found]:
        """One mention per person named in full."""
        return [f for same in self._by_surname.values() for f in same]

    def target(self, word: str, title: str) -> Found | None:
        """The one person named in full whose surname ``word`` is, if the document leaves no
        doubt: Mr Blair is Tony Blair, Mrs Blair is Cherie Blair; bare Blair, with both in
        the article, is neither. A monarch's or a pope's title is followed by a given name,
        never a surname: King Hussein is not Saddam Hussein."""
        if title.casefold() in _REGNAL:
            return None
        candidates = [
            f
            for f in self._by_surname.get(translit_key(word), [])
            if same_surname(word, f.name.split()[-1])
        ]
        gender = title_gender(title)
        if len(candidates) > 1 and gender is not None:
            female = gender == "f"
            candidates = [f for f in candidates if known_female(f.name.split()[0]) == female]
        if len(candidates) > 1:
            # "Opener Gooch" at the start of a sentence may be no first name at all
            sure = [f for f in candidates if f.key in self._inside]
            candidates = sure or candidates
        if len(candidates) != 1:
            return None
        # "Lee" with Spike Lee and Lee Hsien Loong both named: a family name too
        family = self._by_family.get(word, [])
        return None if any(f.key != candidates[0].key for f in family) else candidates[0]

    def family_target(self, word: str) -> Found | None:
        """The one person named in full whose name this family name leads ("Lien" after
        "Lien Chan"), if no one else in the document has the word as family name or
        surname."""
        people = {f.key: f for f in self._by_family.get(word, [])}
        if len(people) != 1:
            return None
        others = [f for f in self._by_surname.get(translit_key(word), []) if f.key not in people]
        return None if others else next(iter(people.values()))

    def first_name_target(self, word: str) -> Found | None:
        """The one person named in full whose first name ``word`` is ("David" after "David
        Cameron"), if no one else in the document has it as first name or surname: with
        David Cameron and David Miliband both named, "David" is neither."""
        people = self._by_first.get(name_key(word), {})
        if len(people) != 1 or self._by_surname.get(translit_key(word)):
            return None
        return next(iter(people.values()))


def _folded(f: Found, target: Found) -> Found:
    return replace(
        f, kind="person", name=target.name, key=target.key, link=ARTICLE, detail=target.name
    )


def _with_regnal_title(text: str, f: Found) -> Found:
    """A given name the model found after a monarch's or a pope's title, named with it:
    "King Hussein" (not a "Hussein" for the library to file under Saddam Hussein). The
    mention stays the name as written."""
    if f.kind != "person" or f.link != MODEL or " " in f.name.strip():
        return f
    m = _TITLE_BEFORE.search(text, max(0, f.start - 12), f.start)
    if not m or m.group(1).casefold() not in _REGNAL:
        return f
    name = f"{m.group(1)} {f.name.strip()}"
    return replace(f, name=name, key=name_key(name), link=ARTICLE, detail=name)


def fold_people(text: str, found: list[Found]) -> list[Found]:
    """Surname-only mentions take the full name used in the document; find every mention.

    Only where the document leaves no doubt: with Tony and Cherie Blair both named, a bare
    "Blair" stays a surname, "Mr Blair" is Tony and "Mrs Blair" is Cherie. A single word taken
    for an organisation, or for a place that is not a country or a region, is the person when
    the document names someone with that surname ("Montalvo", "Paris" after "Valeska Paris").
    """
    found = [_with_regnal_title(text, f) for f in found]
    full = _FullNames(text, found)
    gaz = get_gazetteer()
    out = []
    for f in found:
        if f.kind in ("person", "organization", "place") and " " not in f.name.strip():
            target = full.target(f.name, _title_before(text, f.start))
            if target is None and f.kind == "person":
                target = full.family_target(f.name.strip())  # "Lien" after "Lien Chan"
            if target is None and f.kind == "person" and not _titled(text, f.start):
                target = full.first_name_target(f.name.strip())  # "David" after "David Cameron"
            if target is not None and f.kind == "place":
                place = gaz.lookup(f.name)
                target = None if place and place.kind in ("country", "region") else target
            if target is not None:
                f = _folded(f, target)
        out.append(f)
    taken = [(f.start, f.end) for f in out]
    surnames = {
        word
        for word in (p.name.split()[-1] for p in full.people())
        if len(word) > 1 and word[0].isupper()  # never "the" of a name the model cut badly
    }
    for surname in surnames:
        for m in re.finditer(rf"(?<![\w-]){re.escape(surname)}(?![\w-])", text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            target = full.target(m.group(0), _title_before(text, m.start()))
            if target is not None:
                found_here = Found(m.start(), m.end(), m.group(0), "person", target.name, "")
                out.append(_folded(found_here, target))
                taken.append((m.start(), m.end()))
    return out


_SPEECH_AFTER = re.compile(
    r"[ \t]*(?:,[ \t]*(?:who|whose)\b|(?:has|had|was|is)?[ \t]*(?:said|says|told|added|stated|"
    r"explained|wrote|argued|claimed|insisted|announced|denied|warned|urged|replied|asked)\b)"
)
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|told|according[ \t]+to|asked|quoted)[ \t]+$")
_PERSON_TITLE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Lady|Lord|President|Senator|Sen|Governor|Gov|Mayor|"
    r"Judge|Justice|Chancellor|Premier|Minister|King|Queen|Prince|Princess|Pope|Rev|Reverend|"
    r"Professor|Prof|Coach|Rep|Ambassador|Secretary|General|Gen|Captain|Capt|Colonel|Col|"
    r"Sergeant|Sgt|Lieutenant|Lt|Major|Maj|Inspector|Detective|Officer)\.?[ \t]+$"
)


def _titled(text: str, start: int) -> bool:
    """Whether a title stands right before ``start`` ("Mr", "Prince", "Senator")."""
    return bool(_PERSON_TITLE.search(text[max(0, start - 30) : start]))


def _acts_as_person(text: str, f: Found) -> bool:
    before = text[max(0, f.start - 30) : f.start]
    return bool(
        _titled(text, f.start)
        or _SPEECH_BEFORE.search(before)
        or _SPEECH_AFTER.match(text, f.end, min(len(text), f.end + 40))
    )


_PLACE_BEFORE = re.compile(
    r"\b(?:at|in|from|to|into|near|outside|inside|across)[ \t]+(?:the[ \t]+)?$"
)
_ORG_AFTER = re.compile(
    r"^(?:['’]s)?[ \t]+(?:shares?|stock|plc|group|club|fans|players|squad|manager|boss|"
    r"chairman|board|bank|company|firm|side|team)\b",
    re.I,
)
#: A kind of organisation written right before a name is the name's ("state oil company
#: Petrobras", "oil giant Yukos"): in lower case, so never a title ("Company Secretary").
_ORG_BEFORE = re.compile(
    r"\b(?:company|firm|giant|group|maker|carmaker|automaker|producer|retailer|bank|airline|"
    r"carrier|insurer|broker|brokerage|conglomerate|manufacturer|supplier|distributor|chain|"
    r"exporter|importer|miner|refiner|utility|developer|monopoly|subsidiary)[ \t]+$"
)
#: Peoples, never a person: "Welsh", and the nationalities of the organisations' list
#: (orgs.py) with their plurals and nouns ("Greeks", "Briton", "Israelis", "Poles").
_DEMONYMS = frozenset(
    {"welsh", "scottish", "scots", "irish", "english", "british", "french", "german", "dutch"}
    | set(NATIONALITIES)
    | {f"{n}s" for n in NATIONALITIES}
    | set(
        word_set(
            """briton britons brit brits pole poles turk turks dane danes swede swedes finn
            finns spaniard spaniards serb serbs croat croats czechs slovaks arab arabs kurd
            kurds scot welshman englishman irishman frenchman dutchman"""
        )
    )
)
#: Feasts, taken for people ("by Easter", "before the Easter recess": 17 articles of the
#: 23k benchmark library).
_FEASTS = word_set("easter christmas thanksgiving ramadan passover hanukkah diwali")
#: A field's label at the start of a line: "Attendance : 15,000" in a results table.
_LABEL_AFTER = re.compile(r"[ \t]*:[ \t]*\d")


def _not_a_person(text: str, f: Found) -> bool:
    before = text[max(0, f.start - 30) : f.start]
    return bool(_PLACE_BEFORE.search(before) or _ORG_AFTER.match(text[f.end : f.end + 30]))


#: Words after a name that only a company's takes ("Yukos shares"; "Mourinho's side" is a
#: person's team, so not the possessive).
_TRADED_AFTER = re.compile(r"[ \t]+(?:shares?|stock|plc)\b", re.I)


def _a_company(text: str, f: Found) -> bool:
    """Whether the words around a name say it is a company's, even where it speaks ("oil
    giant Yukos said"): among the one-word "persons" of the 23k benchmark library, 86
    mentions follow such a word, all of organisations but a ship ("bulk carrier Juvena")."""
    before = text[max(0, f.start - 30) : f.start]
    return bool(_ORG_BEFORE.search(before) or _TRADED_AFTER.match(text, f.end, f.end + 30))


def _lower_case_words(text: str) -> set[str]:
    """The words ``text`` writes in lower case ("broadband"): no names where it does."""
    return {m.group(0) for m in re.finditer(r"(?<![\w'’-])[a-z][a-z'’-]+", text)}


def weak_people(text: str, found: list[Found]) -> list[Found]:
    """Drop one-word "persons" the model alone proposes and the article names nowhere in
    full, where the article shows they are no person: a place ("at Anfield"), a company or a
    club ("Yukos shares", "Chelsea fans"), a common word (written in lower case elsewhere in
    the text), a people ("Welsh", "Greeks"), a feast ("Easter"), a table's label opening a
    line ("Attendance : 15,000"), the first word of an organisation it names ("Skoda"
    beside "Skoda Auto"). A title ("Mr Brown") or speech ("Brown said") keeps a surname,
    unless it is a nationality or an organisation's first word. A first name alone ("David",
    "Cherie") that is not its full name's in the article (``fold_people``) goes too, unless a
    title stands before it ("Prince Harry", "Mr David"): it names no one the library can
    file, and would count every David in the library as one person. A name the article
    calls a company ("state oil company Petrobras", "Yukos shares") is that organisation,
    speech or not, unless a title stands before it somewhere."""
    lowered = _lower_case_words(text)
    acts: set[str] = set()  # names the article treats as a person at least once
    not_person: set[str] = set()  # names it shows are something else at least once
    companies: set[str] = set()  # ... a company, at least once
    titled: set[str] = set()  # ... with a person's title, at least once
    for f in found:
        if f.kind == "person" and f.link == MODEL and " " not in f.name.strip():
            key = name_key(f.name)
            if _acts_as_person(text, f):
                acts.add(key)
            if _not_a_person(text, f) or key in lowered:
                not_person.add(key)
            if _a_company(text, f):
                companies.add(key)
            if _titled(text, f.start):
                titled.add(key)
    companies -= titled

    # the first word of an organisation the article names ("Skoda Auto"), where no person
    # it names in full has that word and it is no first name ("Britney" of an organisation
    # the model made of "Britney Spears"): "Skoda said" is the company speaking
    people_words = {
        name_key(w) for f in found if f.kind == "person" and " " in f.name.strip()
        for w in f.name.split()
    }  # fmt: skip
    org_heads = {
        name_key(f.name.split()[0]) for f in found
        if f.kind == "organization" and " " in f.name.strip()
    }  # fmt: skip
    org_heads = {k for k in org_heads - people_words if not known_first_name(k)}

    def weak(f: Found) -> bool:
        key = name_key(f.name)
        first_only = given_name_only(f.name) and f.name.strip() not in FAMILY_FIRST  # a Lee
        if first_only and not _titled(text, f.start) or key in companies or key in _FEASTS:
            return True
        line_start = not text[text.rfind("\n", 0, f.start) + 1 : f.start].strip()
        if line_start and _LABEL_AFTER.match(text, f.end):
            return True  # "Attendance : 15,000"
        return key in _DEMONYMS or key in org_heads or (key in not_person and key not in acts)

    out = []
    for f in found:
        if f.kind == "person" and f.link == MODEL and " " not in f.name.strip() and weak(f):
            key = name_key(f.name)
            if key not in companies or key in org_heads or key in _DEMONYMS:
                continue
            f = replace(f, kind="organization", key=org_key(f.name))  # "oil giant Yukos"
        out.append(f)
    return out


#: A stock ticker right after a name: Reuters' "<BAC>", "<NOBL ST>", "<BNPP.PA>", or
#: "(NYSE: BAC)": the name is a company's, or its end ("Bank of AMERICA <BAC>").
_TICKER = re.compile(
    r"[ \t]*(?:<[A-Z][A-Z0-9.]{0,7}(?: [A-Z]{1,3})?>"
    r"|\((?:NYSE|NASDAQ|Nasdaq|AMEX|LSE|TSX|ASX|OTC)[ \t]*:[ \t]*[A-Z][A-Z0-9.]{0,7}\))"
)
#: Words that join a company's name to a place at its end ("Banque Nationale de Paris").
_NAME_JOINS = word_set("of de du des la le and & the für van von der del y e")


def ticker_names(text: str, found: list[Found]) -> list[Found]:
    """A person or place directly before a stock ticker is a company: the whole of its name
    where the mention starts it ("DEAN FOODS <DF>", "said Nobel Industrier <NOBL ST>"), and
    no mention at all where it is only the name's end ("BANK OF AMERICA <BAC>", "TEXACO
    CANADA <TXC>", "Banque Nationale de Paris <BNPP.PA>"): 714 such persons and places
    among the 23k benchmark library's Reuters articles."""
    out = []
    for f in found:
        if f.kind in ("person", "place") and _TICKER.match(text, f.end):
            line = text[text.rfind("\n", 0, f.start) + 1 : f.start].split()
            before = line[-1].strip(",;:(\"'“”") if line else ""
            if before and (before[:1].isupper() or before.lower() in _NAME_JOINS):
                continue  # the end of a longer name
            name = f.name if f.kind == "person" else f.text  # not the gazetteer's name
            f = replace(f, kind="organization", name=name, key=org_key(name), link=MODEL, detail="")
        out.append(f)
    return out


#: The second half of a firm's name after "and" ("Alex. Brown and Sons Inc"), which the
#: model cuts off as an organisation of its own ("Sons Inc").
_PARTNER_TAIL = word_set("Sons Son Brothers Bros Partners Associates Co Company")
_PARTNERS_BEFORE = re.compile(r"((?:[A-Z][\w.'’-]*,?[ \t]+){1,4})(?:and|&)[ \t]+$")


#: A firm's last word: the words before "and" begin after it ("Smith Barney, Harris Upham
#: and Co Inc, Goldman Sachs and Co": the second firm is "Goldman Sachs and Co").
_FIRM_END = re.compile(r"\b(?:Co|Cos|Corp|Inc|Ltd|Plc|PLC|LLC|Bros|AG|SA|NV)\b\.?,?[ \t]+")


def _after_other_firm(text: str, start: int, end: int) -> int:
    """Where the names before a firm's "and" begin, past another firm's end in them."""
    ends = [m.end() for m in _FIRM_END.finditer(text, start, end)]
    return ends[-1] if ends else start


def partner_tail(text: str, start: int, name: str) -> bool:
    """Whether ``name``, at ``start``, is the tail of a firm named "X and Associates" (or
    "X, Y and Sons"): :func:`partner_firms` makes it the whole name, where on its own a
    generic "Associates Inc" would be no name."""
    words = name.split()
    return (
        bool(words)
        and words[0] in _PARTNER_TAIL
        and (_PARTNERS_BEFORE.search(text, max(0, start - 60), start) is not None)
    )


def partner_firms(text: str, found: list[Found]) -> list[Found]:
    """A firm named "X and Sons", "X, Y and Co", "X and Associates": the model gives its
    tail ("Sons Inc", 63 mentions in the 23k benchmark library) as an organisation and
    often its head as a person ("Alex. Brown"); the whole name is the organisation."""
    out = list(found)
    for f in found:
        if f.kind != "organization" or not partner_tail(text, f.start, f.name):
            continue
        m = _PARTNERS_BEFORE.search(text, max(0, f.start - 60), f.start)
        assert m is not None
        start = _after_other_firm(text, m.start(1), m.end(1))
        name = " ".join(text[start : f.end].split())
        whole = replace(
            f, start=start, text=text[start : f.end], name=name, key=org_key(name), link=MODEL,
            detail="",
        )  # fmt: skip
        out = [g for g in out if g is not f and not (start < g.end and g.start < f.end)]
        out.append(whole)
    return sorted(out, key=lambda g: (g.start, g.end))


def company_short_names(found: list[Found]) -> list[Found]:
    """A company's name without its suffix is that company where the same article names it
    with the suffix ("Chrysler" after "Chrysler Corp"): linked to it with the article as
    evidence, as a surname is to the full name. The two were two organisations, each article
    counted twice in the facets, in 2,003 of the 23k benchmark library's 17,293 articles
    with organisations. Not where the article gives two suffixed names ("Sony Corp", "Sony
    Group") or the name is a curated spelling; across articles they stay a suggestion.

    The model also gives such a name as a person or a place ("Crazy Eddie" beside "Crazy
    Eddie Inc", "Baldwin-United" beside "Baldwin-United Corp", "WERTHEIM SCHRODER" in the
    headline over "Wertheim Schroder and Co Inc": 51 mentions in 2,100 articles of the 23k
    benchmark library): the company too, but not a name that opens with a first name (the
    founder: "Charles Schwab" beside "Charles Schwab Corp") nor a place a gazetteer knows
    ("Austin" beside "Austin Co")."""
    full: dict[str, set[str]] = defaultdict(set)
    named: dict[str, Found] = {}
    for f in found:
        if f.kind == "organization" and f.key != org_base_key(f.name):
            full[org_base_key(f.name)].add(f.key)
            named.setdefault(f.key, f)
    if not full:
        return found
    out = []
    for f in found:
        keys: set[str] = set()
        if f.kind == "organization" and f.link == MODEL and f.key == org_base_key(f.name):
            keys = full.get(f.key, set())
        elif _company_as_other(f):
            keys = full.get(org_key(f.name), set())
        if len(keys) == 1:
            f = _as_company(f, named[next(iter(keys))])
        out.append(f)
    return out


def _as_company(f: Found, company: Found) -> Found:
    """The mention filed under the company its article names, the article as evidence."""
    return replace(
        f, kind="organization", name=company.name, key=company.key, link=ARTICLE,
        detail=company.name,
    )  # fmt: skip


#: A town this large that "said" is more often its government or its market ("Moscow
#: said", "Houston said") than a company named after it.
_TOWN_AS_FIRM_MAX = 1_000_000


def speaking_towns(text: str, found: list[Found]) -> list[Found]:
    """A town that speaks or trades ("Wertheim said", "Dome shares") where its story names
    one company whose name opens with the town's ("Wertheim Schroder and Co Inc", "Dome
    Petroleum Ltd") is that company: 14 such places in 2,100 articles of the 23k benchmark
    library. Not a country or a region ("Japan said", "Texas said": their governments), nor
    a city of a million or more."""
    firms: dict[str, set[str]] = defaultdict(set)
    named: dict[str, Found] = {}
    for f in found:
        if f.kind == "organization" and f.key != org_base_key(f.name) and " " in f.name:
            firms[name_key(f.name.split()[0])].add(f.key)
            named.setdefault(f.key, f)
    if not firms:
        return found
    gaz = get_gazetteer()
    towns: dict[str, Found] = {}  # the town's every mention in the story is the company
    for f in found:
        keys = firms.get(name_key(f.name), set()) if f.kind == "place" else set()
        if len(keys) == 1 and _speaks(text, f):
            place = gaz.lookup(f.name)
            if place is None or (place.kind == "city" and place.population < _TOWN_AS_FIRM_MAX):
                towns[name_key(f.name)] = named[next(iter(keys))]
    out = []
    for f in found:
        target = towns.get(name_key(f.name)) if f.kind == "place" else None
        if target is not None and not _at_dateline(text, f):  # "BURLINGTON, Vt., March 2 -"
            f = _as_company(f, target)
        out.append(f)
    return out


def _at_dateline(text: str, f: Found) -> bool:
    """Whether the mention opens its line before a comma, as a dateline's town does."""
    line_start = text.rfind("\n", 0, f.start) + 1
    return not text[line_start : f.start].strip() and text[f.end : f.end + 1] == ","


def _speaks(text: str, f: Found) -> bool:
    """Whether the name speaks or trades, as an organisation does ("Technorati said",
    "Breville shares")."""
    return bool(
        _SPEECH_AFTER.match(text, f.end, f.end + 40) or _ORG_AFTER.match(text[f.end : f.end + 30])
    )


def _company_as_other(f: Found) -> bool:
    """A person or place only the model proposes that may be a company's name (see
    :func:`company_short_names`): no first name first, no suffix of its own."""
    if f.link != MODEL or f.kind not in ("person", "place"):
        return False
    words = f.name.split()
    if f.kind == "person" and len(words) > 1 and known_first_name(words[0]):
        return False
    return org_key(f.name) == org_base_key(f.name)


def _lower_case_lead(surface: str) -> bool:
    """Whether a mention's first word is lower-case letters only: "el décimo lugar", "los
    negocios", "técnicos" (the English model on a Spanish page), never a place's name;
    "al-Anbar" keeps its hyphen."""
    first = surface.split(maxsplit=1)[0] if surface.strip() else ""
    return first.isalpha() and first.islower()


def doubtful_places(text: str, found: list[Found]) -> list[Found]:
    """Places only the model proposes (no gazetteer knows them) that the article shows are
    something else: a person when the article gives the surname a title elsewhere ("Thabo
    Mbeki" ... "Mr Mbeki"), an organisation when it speaks or trades ("Technorati said",
    "Breville shares"), no name at all when it writes the word in lower case too
    ("Broadband" ... "have broadband": 15 BBC articles of the benchmark library), or when its
    first word is in lower case ("las conversaciones" of a Spanish page)."""
    people: set[str] = set()
    orgs: set[str] = set()
    words: set[str] = set()  # one-word places only the model proposes, written in lower case
    lowered = _lower_case_words(text) if any(f.link == MODEL for f in found) else set()
    for f in found:
        if f.kind == "place" and f.link == MODEL and name_key(f.name) in lowered:
            words.add(name_key(f.name))  # "Broadband", "Windows", "Sideways": words
        if f.kind == "place" and f.link == MODEL:
            key = name_key(f.name)
            last = re.escape(f.name.split()[-1])
            if " " in f.name.strip() and re.search(rf"{_PERSON_TITLE.pattern[:-1]}{last}\b", text):
                people.add(key)
            elif _speaks(text, f):
                orgs.add(key)
    out = []
    for f in found:
        key = name_key(f.name)
        if f.kind == "place" and f.link == MODEL and (key in words or _lower_case_lead(f.text)):
            continue
        if f.kind == "place" and f.link == MODEL and key in people:
            f = replace(f, kind="person", key=key)
        elif f.kind == "place" and f.link == MODEL and key in orgs:
            f = replace(f, kind="organization", key=org_key(f.name))
        out.append(f)
    return out
