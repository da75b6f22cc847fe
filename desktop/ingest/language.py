"""A small, dependency-free language guesser based on stop-word ratios."""

from __future__ import annotations

import re


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _set(
        "the and of to in is that for it was on with as by at from he she his her they "
        "have has had be been are were this which not but or an will would their said who "
        "its after about than there also into more"
    ),
    "de": _set(
        "der die und das den dem des nicht ist zu ein eine einen mit sich auf für von im "
        "auch es sie er wird wurde dass nach bei aus werden hat sind noch über einer oder "
        "aber wie nur vor zum zur haben war"
    ),
    "fr": _set(
        "le la les de des du et un une est en que qui dans pour pas sur au aux ce il elle "
        "ne se avec par plus sont été cette mais ont leur nous vous a ces son sa ses était"
    ),
    "es": _set(
        "el la los las de del y en que un una es por con para se no su sus al lo como más "
        "pero fue este esta ha han también entre sobre muy sin ya le ese desde"
    ),
    "it": _set(
        "il lo la gli le di del della dei e è che un una per con non in si sono da al alla "
        "anche come più ma nel nella ha questo questa stato delle degli alle dalla"
    ),
    "pt": _set(
        "o os a as de do da dos das e que em um uma é não com para por se no na nos nas ao "
        "à mais foi mas seu sua são também pelo pela como já está ele ela"
    ),
    "nl": _set(
        "de het een en van in is dat op te zijn met voor niet aan er om ook als maar bij "
        "door naar wordt werd heeft zich deze nog uit hij zij wat worden"
    ),
    "ru": _set(
        "и в не на что он с как это по но из его к она был для от же так ещё уже или "
        "только были мы также при а о за было бы который которые их"
    ),
    "uk": _set(
        "і й та в у не на що він з як це по але із його до вона був для від же вже або "
        "тільки також ми які який щоб а про за було би їх"
    ),
    "pl": _set(
        "i w z na się nie do to że jest o jak po ale od co za przez jego oraz tak są był "
        "dla już tylko który która które także a jej ich"
    ),
}

_LANGS_OF: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOPWORDS.items():
    for _word in _words:
        _LANGS_OF[_word] = (*_LANGS_OF.get(_word, ()), _lang)

_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORDS = 20
_MAX_WORDS = 3000
_MIN_RATIO = 0.12
_MIN_MARGIN = 1.25


def detect_language(text: str) -> str | None:
    """Guess the ISO 639-1 code of ``text`` (en, de, fr, es, it, pt, nl, ru, uk, pl).

    Returns ``None`` when the text is too short or no language clearly wins.
    """
    words = _WORD.findall(text[:40_000].lower())[:_MAX_WORDS]
    if len(words) < _MIN_WORDS:
        return None
    counts = dict.fromkeys(_STOPWORDS, 0)
    for word in words:
        for lang in _LANGS_OF.get(word, ()):
            counts[lang] += 1
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    (best, best_count), (_, second_count) = ranked[0], ranked[1]
    if best_count / len(words) < _MIN_RATIO:
        return None
    if best_count < second_count * _MIN_MARGIN:
        return None
    return best
