"""Name keys and clean-up shared by the curated lists: outlets, organisations and people.

``name_key`` is the generic matching key (case, accents, quotes, dots, "the",
possessives); ``translit_key`` folds transliteration variants of one (mostly
Slavic) word; ``strip_person_title`` and ``is_junk_person`` clean up what the
NER model calls a person. ``phrase_regex`` and ``Scanner`` turn a list of names
into one trie-shaped regex so a curated list can be scanned in a few ms.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")

# letters NFKD does not decompose, and typographic quotes/dashes
_FOLD = str.maketrans(
    {
        "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i",
        "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d",
        "’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"',
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-",
    }
)  # fmt: skip
_LEADING_THE = re.compile(r"^the\s+")
_OUTER_PUNCT = " \t\n\r\"'([{)]}.,;:!?*«»"


def word_set(text: str) -> frozenset[str]:
    """The blank-separated words of ``text`` as a set (for word lists written as prose)."""
    return frozenset(text.split())


def fold_text(text: str) -> str:
    """NFKD without diacritics, special letters spelled out, straight quotes and hyphens."""
    spelled = text.translate(_FOLD)
    if spelled.isascii():  # NFKD leaves ASCII as it is: most names, and whole lines of text
        return spelled.translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", spelled)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_FOLD)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Generic matching key: "The U.S.’s" -> "us", "Zelenskyy’s" -> "zelenskyy"."""
    key = fold_text(name).casefold().strip(_OUTER_PUNCT)
    key = key.replace(".", "")
    key = re.sub(r"[-_/]+", " ", key)
    key = " ".join(key.split())
    key = _LEADING_THE.sub("", key)
    if key.endswith("'s") or key.endswith("'"):
        key = key[:-2] if key.endswith("'s") else key[:-1]
    return key.strip(_OUTER_PUNCT)


def acronym_form(name: str) -> str:
    """Exact-case compact form for acronym matching: "the U.N.'s" -> "UN"."""
    s = fold_text(name).strip(_OUTER_PUNCT)
    s = re.sub(r"^[Tt]he\s+", "", s)
    s = re.sub(r"'s?$", "", s)
    return re.sub(r"[.\s]", "", s)


def is_acronym(name: str) -> bool:
    """True for short upper-case names such as "UN", "U.N.", "NATO", "MI6", "RFE/RL"."""
    compact = acronym_form(name)
    letters = [c for c in compact if c.isalpha()]
    return 1 < len(compact) <= 7 and bool(letters) and all(c.isupper() for c in letters)


# -- transliteration ---------------------------------------------------------------------------

_TRANSLIT_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), r)
    for p, r in [
        (r"'", ""),  # soft sign: Podol'yak
        (r"kh", "h"),  # Kharkiv/Harkiv, Zakharova/Zaharova
        (r"x", "ks"),  # Alexei/Aleksei
        (r"w", "v"),  # Wolodymyr, Iwanow
        (r"ph", "f"),
        (r"ck", "k"),
        (r"off$", "ov"),  # Rachmaninoff
        (r"(?<=[^aeiouy])yo", "e"),  # Fyodor/Fedor, Semyon/Semen
        (r"[yj]", "i"),  # Zelenskyy/Zelenskij, Arestovych, Podolyak/Podoliak
        (r"^ie", "e"),  # Yevgeny/Evgeny, Yermak/Ermak
        (r"(?<=[aeiou])i(?=[aeiou])", ""),  # Sergeyev/Sergeev, Nikolayev/Nikolaev
        (r"(.)\1+", r"\1"),  # Zelenskii, Zaluzhnyi, Oleksii
    ]
]
_VOWEL_GROUP = re.compile(r"[aeiou]+")
ROMAN_NUMERALS = word_set("i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi")


@lru_cache(maxsize=65536)  # twelve patterns a word, and names come back
def _translit_word(word: str) -> str:
    if word in ROMAN_NUMERALS:
        return word  # Elizabeth I != Elizabeth II
    for pattern, repl in _TRANSLIT_RULES:
        word = pattern.sub(repl, word)
    # after the first vowel group, e and o are one class: Fedorov/Federov, Gorbachev/Gorbachov
    first = _VOWEL_GROUP.search(word)
    if first is None:
        return word
    head, tail = word[: first.end()], word[first.end() :]
    return head + tail.replace("o", "e")


def translit_key(word: str) -> str:
    """Coarse key folding transliterations of a word: "Zelenskyy" == "Zelensky" == "Zelenskij".

    Rules: kh->h, x->ks, w->v, y/j->i, doubled letters collapse, and after the first
    vowel, e and o are one vowel (Russian ё: Fedorov/Federov). The first vowel and the
    other vowels stay apart, so Putin/Patin, Biden/Baden, Trump/Tramp and Gore/Gere
    differ; a feminine -a stays (Ivanov != Ivanova); Smith/Smyth fold; Roman numerals
    stay as they are. Several words are keyed one by one.
    """
    key = name_key(word)
    return " ".join(_translit_word(w) for w in key.split())


# -- person clean-up ---------------------------------------------------------------------------

# words that are (part of) a title or a role, never the first word of the name after them
_TITLE_WORDS = word_set(
    """
    mr mrs ms miss mx dr prof professor sir dame madam
    president vice ex former late acting interim incoming outgoing then elect deputy first
    prime minister ministers secretary general attorney chancellor premier chairman chairwoman
    chairperson chair ceo cfo founder cofounder owner chief head leader director manager editor
    spokesman spokeswoman spokesperson spokesmen press officer official officials aide adviser
    advisor assistant envoy ambassador consul diplomat representative rep delegate commissioner
    ombudsman mayor governor gov senator sen congressman congresswoman congressmember
    lawmaker legislator mp mep deputy speaker judge justice prosecutor lawyer attorney
    general gen lieutenant lt lieut colonel col major maj captain capt sergeant sgt corporal cpl
    private pvt brigadier brig admiral adm commander cmdr cdr marshal field commandant
    commander-in-chief inspector insp superintendent supt detective det constable
    officer agent analyst expert researcher scientist professor doctor nurse
    priest father rev reverend archbishop bishop metropolitan patriarch rabbi imam sheikh
    journalist reporter correspondent columnist writer author blogger activist
    resident witness survivor volunteer soldier commander-in-chief
    """
)  # fmt: skip
# may follow "Minister of" / "Secretary for" and still belong to the title
_TITLE_TAIL = word_set(
    """
    of for the and state foreign affairs defence defense interior internal home justice finance
    economy economic trade health education culture energy digital transformation
    transport infrastructure agriculture environment emergencies emergency situations
    veterans reintegration strategic industries security intelligence information policy
    """
)  # fmt: skip
NAME_PARTICLES = word_set(
    "de del della der den di da das dos du la le van von ten ter bin ibn al el abu y"
)


def _is_title_token(token: str) -> bool:
    t = fold_text(token).lower().strip(".,:;\"'()")
    if not t:
        return False
    return t in _TITLE_WORDS or ("-" in t and all(p in _TITLE_WORDS for p in t.split("-") if p))


def strip_person_title(name: str) -> str:
    """The name without leading titles or roles.

    "Major General Igor Konashenkov" -> "Igor Konashenkov"; "Museum director Leila
    Ibrahimova" -> "Leila Ibrahimova"; "Minister of Foreign Affairs Dmytro Kuleba" ->
    "Dmytro Kuleba". A title-only string or one whose rest is not a capitalised
    name is returned unchanged (stripped of outer blanks).
    """
    tokens = name.split()
    if len(tokens) < 2:
        return name.strip()
    last = -1
    for i, tok in enumerate(tokens[:-1]):
        first_lady = tok.lower() == "lady" and i > 0 and tokens[i - 1].lower() == "first"
        if _is_title_token(tok) or first_lady:
            last = i
    if last < 0:
        return name.strip()
    cut = last + 1
    # "Secretary of State", "Minister for Foreign Affairs": swallow the tail of the title
    j = cut
    while j < len(tokens) - 1 and fold_text(tokens[j]).lower().strip(".,") in _TITLE_TAIL:
        j += 1
    if j > cut and fold_text(tokens[j - 1]).lower() not in {"of", "for", "the", "and"}:
        cut = j
    rest = tokens[cut:]
    if not rest or not rest[0][:1].isupper():
        return name.strip()
    return " ".join(rest).strip(" ,;:")


_PRONOUNS = word_set(
    """
    i me my mine myself you your yours yourself he him his himself she her hers herself it its
    itself we us our ours ourselves they them their theirs themselves who whom whose this that
    these those someone somebody anyone anybody everyone everybody nobody one
    """
)  # fmt: skip
# things the small model often calls a person: platforms, products, weapons, awards, generics
_NOT_PEOPLE = word_set(
    """
    twitter telegram facebook instagram youtube tiktok whatsapp viber signal snapchat reddit
    linkedin google apple microsoft amazon netflix spotify napster linux windows android iphone
    ipad ipod mac xbox playstation nintendo wikipedia wikinews skype zoom x vkontakte vk
    kremlin pentagon whitehall duma rada nato azovstal starlink
    javelin javelins himars stinger stingers bayraktar bayraktars kalibr iskander kinzhal
    shahed shaheds lancet leopard leopards challenger patriot
    atacms nlaw switchblade grad smerch uragan tornado buk tochka sarmat avangard zircon
    oscar oscars grammy grammys emmy emmys bafta baftas billboard premiership
    god allah jesus christ lord
    president minister prime secretary general colonel governor mayor spokesman spokeswoman
    official officials chairman director chief commander leader sir madam mr mrs ms dr
    monday tuesday wednesday thursday friday saturday sunday
    """
)  # fmt: skip
_NOT_PEOPLE_PHRASES = frozenset(
    {
        "storm shadow", "iron dome", "mac mini", "metal slug", "lib dem", "lib dems",
        "white house", "downing street", "big brother", "harry potter", "santa claus",
    }
)  # fmt: skip


_PEOPLES = word_set(
    """
    russian russians ukrainian ukrainians crimean tatar tatars tartar tartars chechen chechens
    belarusian british american americans european europeans polish german germans french
    chinese israeli israelis palestinian palestinians iranian syrian turkish kurdish kurd kurds
    cossack cossacks soviet nazi nazis western eastern
    """
)  # fmt: skip


def is_junk_person(name: str) -> bool:
    """True for what is surely not a person's name (pronouns, platforms, titles, digits...)."""
    s = fold_text(name).strip(_OUTER_PUNCT)
    if not s or any(c.isdigit() for c in s) or any(c in s for c in "@#/\\|<>=+_~^%$&"):
        return True
    tokens = s.split()
    if len(tokens) > 6:
        return True
    letters = [c for c in s if c.isalpha()]
    if len(letters) < 2 or not any(c.isupper() for c in letters):
        return True
    first = tokens[0]
    if first[:1].islower() and first.lower() not in NAME_PARTICLES:
        return True  # "the Lib Dems", "said Putin"
    if len(tokens) == 1 and is_acronym(s) and len(letters) > 1:
        return True  # "GPRS", "ODPM", "SBU"
    key = name_key(s)
    if key in _PRONOUNS or key in _NOT_PEOPLE or key in _NOT_PEOPLE_PHRASES:
        return True
    if all(w in _PEOPLES for w in key.split()):
        return True  # "Crimean Tartar", "Russian"
    if "http" in key or re.fullmatch(r"\S+\.[a-z]{2,6}", s):
        return True  # "kremlin.ru"
    return all(_is_title_token(t) for t in tokens)


def read_rows(filename: str, columns: int) -> list[list[str]]:
    """Rows of a TSV in ``data/`` (``#`` lines skipped), padded to ``columns`` fields."""
    rows: list[list[str]] = []
    with open(DATA_DIR / filename, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n\r")
            if not line.strip() or line.startswith("#"):
                continue
            fields = [f.strip() for f in line.split("\t")][:columns]
            rows.append(fields + [""] * (columns - len(fields)))
    return rows


def split_list(field: str) -> list[str]:
    """``"a|b| c"`` -> ``["a", "b", "c"]``."""
    return [p.strip() for p in field.split("|") if p.strip()]


def curated_names(canonical: str, aliases: str, noscan: str) -> tuple[list[str], list[str]]:
    """A curated row's names (canonical first) and those scanned for in text.

    ``noscan`` lists names that are only matched when a reader found them (too ambiguous
    to scan for), or ``*`` for all of them.
    """
    names = [canonical, *split_list(aliases)]
    skip = set(names) if noscan == "*" else set(split_list(noscan))
    return names, [n for n in names if n not in skip]


# -- scanning for a list of literal names ------------------------------------------------------

_SPACE = r"[ \t\u00a0]+"
_Trie = dict[str, "_Trie"]


def phrase_regex(phrases: Iterable[str]) -> str:
    """A regex source matching any phrase, shaped as a trie (fast to fail, longest first).

    Spaces match any run of blanks (no line breaks); apostrophes match ' and ’.
    """
    trie: _Trie = {}
    for phrase in phrases:
        node = trie
        for ch in _span_key(phrase):
            node = node.setdefault(ch, {})
        node[""] = {}

    def esc(ch: str) -> str:
        if ch == " ":
            return _SPACE
        if ch in "'’":
            return "['’]"
        return re.escape(ch)

    def build(node: _Trie) -> str:
        branches = [esc(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        optional = "" in node
        if len(branches) == 1 and not optional:
            return branches[0]
        body = "(?:" + "|".join(branches) + ")"
        return body + "?" if optional else body

    return build(trie)


def _span_key(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


class Scanner:
    """Finds curated names in text: case-sensitive, word boundaries, longest match, no overlaps.

    ``names`` maps each spelling to scan for to its canonical name. Spaces in a
    spelling match any blanks (not line breaks), apostrophes match ' and ’, and a
    name glued to a hyphen ("pro-Kremlin") is not a mention. A several-word name
    whose first word is in ``generic_starts`` is not a mention right after another
    capitalised word: "Kurdistan Democratic Party" is not the "Democratic Party".
    """

    def __init__(self, names: Mapping[str, str], generic_starts: Iterable[str] = ()) -> None:
        self._names = {_span_key(k): v for k, v in names.items() if k.strip()}
        self._generic = frozenset(generic_starts)
        body = phrase_regex(self._names) if self._names else r"(?!x)x"
        self._re = re.compile(r"(?<![\w-])(?:" + body + r")(?!-?\w)")

    def _glued(self, text: str, start: int, name: str) -> bool:
        first, _, rest = name.partition(" ")
        if not rest or first not in self._generic:
            return False
        m = _CAPITAL_BEFORE.search(text, max(0, start - 40), start)
        return m is not None and m.group(1) not in {"The", "A", "An"}

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, canonical)`` for every name found, sorted by position."""
        out: list[tuple[int, int, str]] = []
        for m in self._re.finditer(text):
            key = _span_key(m.group())
            canonical = self._names.get(key)
            if canonical is not None and not self._glued(text, m.start(), key):
                out.append((m.start(), m.end(), canonical))
        return out


_CAPITAL_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][\w.-]*)[ \t\u00a0]+$")


def longest_first(spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop spans overlapping a longer (or, at equal length, earlier) one; sort by start."""
    kept: list[tuple[int, int, str]] = []
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)
