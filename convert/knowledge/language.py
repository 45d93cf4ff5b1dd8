"""Which of the six UN languages a speech is in, and which way its script runs.

:func:`detect` answers with a BCP 47 tag (``ar``, ``zh``, ``en``, ``fr``, ``ru``,
``es``) or ``None`` when it is not sure.  It looks at the first 20,000 characters:

1. **Script.**  Letters are counted per script.  When Arabic, Han or Cyrillic letters
   dominate, the script decides (``ar``, ``zh``, ``ru``), unless letters that only
   other languages of that script use are frequent: Persian and Urdu letters
   (پ چ ژ گ ک ی ے), Japanese kana, Ukrainian, Belarusian, Serbian and Macedonian
   letters (і ї є ґ ў ђ ј љ њ ћ џ ѓ ќ ѕ) make the answer ``None``.  A Han character
   weighs as much as three Latin letters, since it carries about a word.
2. **Function words.**  Latin-script text is scored against short lists of the most
   common function words of English, French and Spanish, and, as decoys, of
   Portuguese, Italian and German (so that they are not taken for Spanish or
   French); a word in several lists is shared between them.  The winner needs
   enough words, enough hits, and a lead of half again over the runner-up, so a
   text half in English and half in French is ``None``.

Too little text (a title, "Thank you.") gives ``None``: the caller then asks for
``--lang`` or assumes a default, and says so.

>>> detect("Le Secrétaire général a déclaré que la paix et le développement sont liés.")
'fr'
>>> detect("Merci.") is None
True
>>> direction("ar"), direction("en-GB")
('rtl', 'ltr')
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Literal

from babel import Locale
from babel.core import UnknownLocaleError

#: How much text is looked at: enough to be sure, little enough to be instant.
SAMPLE = 20_000

_LETTER = r"[^\W\d_]"
_SCRIPTS = {
    "arabic": re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"),
    "han": re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]"),
    "cyrillic": re.compile("[\u0400-\u04ff\u0500-\u052f]"),
    "latin": re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
    "kana": re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]"),
    "hangul": re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]"),
}
_ALL_LETTERS = re.compile(_LETTER)
#: Letters of other languages written in the same script as a UN language.
_NOT_ARABIC = re.compile("[پچژگکیےۓٹڈڑںھۀ]")
_NOT_RUSSIAN = re.compile("[іїєґўђјљњћџѓќѕІЇЄҐЎЂЈЉЊЋЏЃЌЅ]")
_HAN_WEIGHT = 3
#: A script must hold this share of the (weighted) letters to decide.
_DOMINANT = 0.6
#: Fewer letters than this in the dominant script, and the answer is None.
_MIN_LETTERS = {"arabic": 20, "cyrillic": 20, "han": 8 * _HAN_WEIGHT, "latin": 30}

#: Very common function words; Portuguese, Italian and German are decoys.  A word in
#: several lists counts for each of them in proportion (``de`` is French, Spanish...).
_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the of and to in is that for it with as on be by this are we our have has was "
        "will not from at an or which all their they but must can who us these more its been "
        "i you would there were what so if",
        "fr": "le la les des du de et est une un que qui dans pour pas au aux sur avec ce cette "
        "ces il elle nous vous ne sont par plus son sa ses leur leurs mais ou été être l d qu "
        "n c s j aussi tous notre nos en se avons sommes peut doit doivent cela ainsi chaque "
        "depuis",
        "es": "el la los las de del y en que es un una por para con se su sus al lo como más "
        "pero no este esta estos estas entre también sobre nuestra nuestro nuestros ha han son "
        "está están hay muy sin ya todos todas hemos desde hasta cada porque cuando donde ser "
        "fue sido puede pueden debe deben tiene tienen",
        "pt": "o os as do da dos das em no na nos um uma não é com para por que e se ao mais "
        "como mas foi são pela pelo também sua seu à",
        "it": "il lo gli della delle dei degli di e è che non per una un con del nel nella "
        "alla sono anche come più ma questo questa ha hanno si",
        "de": "der die das und ist nicht ein eine zu den dem des mit sich auf für im von auch "
        "wir es sie ich wird werden sind dass",
    }.items()
}
_SHARED = Counter(word for words in _FUNCTION_WORDS.values() for word in words)
_WORD = re.compile(_LETTER + "+")
#: Latin text needs this many words, this score for the winner (one per function word,
#: shared ones split), this score per word, and this lead over the runner-up.
_MIN_WORDS, _MIN_SCORE, _MIN_SHARE, _MIN_LEAD = 8, 3.0, 0.12, 1.5


def _script_counts(sample: str) -> dict[str, int]:
    """Letters per script in ``sample``, Han weighted, plus ``other`` for the rest."""
    counts = {name: len(p.findall(sample)) for name, p in _SCRIPTS.items()}
    counts["other"] = max(0, len(_ALL_LETTERS.findall(sample)) - sum(counts.values()))
    counts["han"] *= _HAN_WEIGHT
    return counts


def _latin_language(sample: str) -> str | None:
    words = _WORD.findall(sample.lower())
    if len(words) < _MIN_WORDS:
        return None
    counts = Counter(w for w in words if w in _SHARED)
    scores = sorted(
        (
            (sum(n / _SHARED[w] for w, n in counts.items() if w in vocab), lang)
            for lang, vocab in _FUNCTION_WORDS.items()
        ),
        reverse=True,
    )
    (best, lang), (second, _) = scores[0], scores[1]
    if best < _MIN_SCORE or best / len(words) < _MIN_SHARE or best < _MIN_LEAD * second:
        return None
    return lang if lang in ("en", "fr", "es") else None


def detect(text: str) -> str | None:
    """The UN language ``text`` is written in, as a BCP 47 tag, or ``None`` if unsure."""
    sample = text[:SAMPLE]
    counts = _script_counts(sample)
    total = sum(counts.values())
    if not total:
        return None
    script = max(counts, key=lambda s: counts[s])
    if counts[script] / total < _DOMINANT or counts[script] < _MIN_LETTERS.get(script, 1 << 30):
        return None
    if script == "arabic":
        return None if len(_NOT_ARABIC.findall(sample)) > 0.02 * counts[script] else "ar"
    if script == "han":
        kana = len(_SCRIPTS["kana"].findall(sample))
        return None if kana > 0.05 * counts[script] / _HAN_WEIGHT else "zh"
    if script == "cyrillic":
        return None if len(_NOT_RUSSIAN.findall(sample)) > 0.01 * counts[script] else "ru"
    if script == "latin":
        return _latin_language(sample)
    return None


@cache
def direction(lang: str) -> Literal["rtl", "ltr"]:
    """``"rtl"`` for languages written right to left (``ar``, ``he``, ``fa``...), else
    ``"ltr"``, from CLDR's character order; an unknown tag is ``"ltr"``."""
    try:
        loc = Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return "ltr"
    return "rtl" if loc.character_order == "right-to-left" else "ltr"
