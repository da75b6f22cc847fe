"""What is not a name, whatever the model says: table headers and units, URLs, codes,
product names taken for places, events taken for places, one-word "persons" without support.

Each rule is a question about one candidate mention (its text, kind and the line around
it); ``extract`` drops or re-kinds what they reject.
"""

from __future__ import annotations

import re

from .names import fold_text, word_set

# Headers and units of wire-service tables (earnings, commodities, markets): "Shr 13 cts vs
# 26 cts", "Revs 12.3 mln", "Avg shrs", "unch", and the same in capitals.
_TABLE_WORDS = word_set(
    """
    shr shrs revs rev avg net oper qtr qtrs mths mth yr yrs cts ct dlrs dlr vs pct mln bln
    unch div pay prior record pretax loss profit sales turnover inc dec vol opg chg cls nil
    ytd ebit eps tonnes tonne bbl bpd nine six three four months tax extraordinary gain
    off up dn untrd qtly
    """
)
_URL = re.compile(r"https?:|www\.|\.(?:com|org|net|co\.uk|gov|edu|html?|php)\b|@", re.I)
_GLUED_DIGITS = re.compile(r"[a-z]\d|\d[a-z]")  # "may7", "1st" (but "MI6", "G7", "3M")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
#: A futures table's delivery month ("MAY7", "SEP7": May and September 1987) or a season of
#: months ("Aug/Sept"): 14 such "organisations" in 69 articles of the 23k benchmark library.
_MONTH_CODE = re.compile(rf"(?i)^(?:{_MONTH}\d{{1,2}}|{_MONTH}(?:/{_MONTH})+)$")
_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")  # "NetMD", "iPod", "YouTube"
_NAME_PREFIXES = re.compile(r"^(?:Mc|Mac|O'|D'|De|Di|Da|La|Le|Van|Von|Fitz|St)")
# events and competitions: never a place, whatever the model says
_EVENT_HEADS = word_set(
    """
    cup cups open championship championships games olympics olympiad trophy prix tour
    series final finals derby classic marathon masters award awards prize festival
    biennale expo slam
    """
)
# occasions British and wire copy capitalise, which the model files as organisations
_OCCASIONS = word_set(
    """
    budget budgets referendum election elections census summit
    """
)
# words that make a name a political or social movement, not a place ("New Labour")
_MOVEMENT_WORDS = word_set(
    """
    labour labor tory tories conservatives conservative liberal liberals democrats democrat
    republicans republican socialist socialists communist communists greens party
    """
)


# time zones, which the model files as organisations ("1400 GMT": 111 mentions of an
# organisation "GMT" in the 23k benchmark library; CoNLL's gold calls it MISC, never ORG).
# Written in capitals only, and not those that are also words or names (WEST, WET, IST, MSK)
_TIME_ZONES = frozenset({
    "GMT", "UTC", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "BST", "CET", "CEST",
    "EET", "EEST", "JST", "AEST", "AEDT",
})  # fmt: skip


# words that name no organisation on their own, only with the rest of a name the model cut
# off: "Finance" (Minister), "State" (Secretary of), "International" (Monetary Fund),
# "Commerce" (Department), and the bare heads "Commission", "Ministry"; in the 23k benchmark
# library such one-word "organisations" were tagged in ~700 articles
_FRAGMENTS = word_set(
    """
    finance state commerce agriculture defense defence federal international national
    community foreign interior justice trade energy health education transport economy
    economic industry environment home commission committee council ministry department
    agency bureau authority administration office
    """
)


def is_name_fragment(name: str) -> bool:
    """One word that is part of an organisation's name, never the whole of one ("Finance",
    "State", "Commission")."""
    words = _words(name)
    return len(words) == 1 and words[0].lower() in _FRAGMENTS


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\-/]+", fold_text(name).strip(" .,;:'\"")) if w]


def is_table_word(name: str) -> bool:
    """A header or unit of a wire-service table ("Revs", "SHR", "Avg", "unch")."""
    words = [w.lower().strip(".") for w in _words(name)]
    return bool(words) and all(w in _TABLE_WORDS for w in words)


def in_table_line(text: str, start: int, end: int) -> bool:
    """Whether the mention stands in a line of figures ("Revs 12.3 mln vs 11.1 mln")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    tokens = line.split()
    if len(tokens) < 3:
        return False
    numeric = sum(1 for t in tokens if re.fullmatch(r"[-+(]?[\d.,/]+%?\)?", t))
    lower = sum(1 for t in tokens if t[:1].islower() and t.lower() not in _TABLE_WORDS)
    return numeric >= 2 and numeric >= lower


def is_url(name: str) -> bool:
    """A web address or an e-mail address."""
    return _URL.search(name) is not None


def is_junk_name(name: str) -> bool:
    """True for text that is no name of any kind: URLs, e-mail addresses, letters glued to
    digits ("may7"), a letter or two ("A.D"), time zones ("GMT"), table words."""
    s = name.strip()
    letters = [c for c in s if c.isalpha()]
    if len(letters) < 2 or _URL.search(s) or _GLUED_DIGITS.search(s) or _MONTH_CODE.match(s):
        return True
    if len(letters) == 2 and "." in s:  # "A.D", "p.m"
        return True
    if s in _TIME_ZONES:
        return True
    words = [w.lower().strip(".,") for w in _words(s)]
    if words and all(w in _CORPORATE for w in words):
        return True  # "Co", "Co Inc": a company's suffix without its name
    return is_table_word(s)


def is_event(name: str) -> bool:
    """A competition or gathering named by its head word ("Davis Cup", "US Open"), or an
    occasion capitalised as a name ("the Budget", "the Referendum")."""
    words = [w.lower() for w in _words(name)]
    if len(words) == 1:
        return words[0] in _OCCASIONS
    return len(words) > 1 and words[-1] in _EVENT_HEADS


def not_a_place(name: str) -> bool:
    """True for a name the model took for a place that cannot be one: product names with an
    inner capital ("NetMD"), events ("Davis Cup"), movements ("New Labour")."""
    words = _words(name)
    if not words:
        return True
    if any(_INNER_CAPITAL.search(w) and not _NAME_PREFIXES.match(w) for w in name.split()):
        return True
    lowered = [w.lower() for w in words]
    if lowered[-1] in _EVENT_HEADS and len(lowered) > 1:
        return True
    return any(w in _MOVEMENT_WORDS for w in lowered)


# corporate suffixes: "Halliburton Co", "Shiseido Co Ltd", "Electric Co" are companies
_CORPORATE = word_set(
    """
    co cos corp corporation inc incorporated ltd limited llc llp plc ag sa nv bv spa gmbh kg
    ab oy oyj asa pty group holdings holding bancorp bank industries advisors advisers
    associates securities investors
    """
)


#: Words that open a company's name in other languages ("Gruppo Ferruzzi", "Banco
#: Santander", "Societe Generale"), never a person's or a place's.
_CORPORATE_LEADS = word_set(
    """
    gruppo grupo groupe gruppe banco banca banque compagnie compania compañía societe
    société sociedad societa società
    """
)


def is_company_name(name: str) -> bool:
    """A name ending in a corporate suffix, opening with a company's word of another
    language, or with "& Co": never a person."""
    words = [w.lower().strip(".,") for w in _words(name)]
    return len(words) > 1 and (
        words[-1] in _CORPORATE or words[0] in _CORPORATE_LEADS or "&" in name
    )


def title_only(text: str, start: int, end: int) -> bool:
    """Whether a mention stands in the first line (a headline, where every word is
    capitalised) and the text never uses it again: "Speech on schools", "Sprinter wins"."""
    first_start = len(text) - len(text.lstrip())
    first_end = text.find("\n", first_start)
    if first_end < 0 or start > first_end or first_end - first_start > 200:
        return False  # no headline: one line of text, or a first line that is prose
    name = re.escape(text[start:end])
    rest = text[:start] + "\n" + text[end:]
    return re.search(rf"(?<!\w){name}(?!\w)", rest, re.I) is None
