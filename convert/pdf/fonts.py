"""Is a font for the document's language installed?  Asked of fontconfig before a PDF is laid out.

WeasyPrint finds fonts through fontconfig and, when no installed font has a
letter, draws an empty box.  :func:`check_fonts` asks fontconfig the question
WeasyPrint's fallback will face, ``fc-list ':lang=ar' family`` (fonts whose
coverage includes the language's letters, as fontconfig's orthographies define
them), and raises :class:`~podium.convert.errors.EnvironmentProblem`
``PODIUM-E903`` (exit code 3) naming the Debian package to install when none is.
Answers are cached per query, so a batch build asks once per language.

``fc-list`` ships in Debian's ``fontconfig`` package, a dependency of
``libpango-1.0-0`` that WeasyPrint needs anyway.

How a BCP 47 tag becomes a fontconfig language (:func:`fontconfig_lang`):

- Chinese picks its script's orthography: ``zh``, ``zh-CN``, ``zh-Hans`` ->
  ``zh-cn``; ``zh-TW``, ``zh-Hant`` -> ``zh-tw``; ``zh-HK``, ``zh-MO`` -> ``zh-hk``;
- a tag naming its script is checked through a major language of that script
  (``sr-Latn`` -> ``en``, ``az-Arab`` -> ``ar``);
- any other language is its primary subtag (``ar-EG`` -> ``ar``, ``ru`` -> ``ru``);
- a language fontconfig has no orthography for (``arz``, ``yue``) is checked
  through a major language of its script, found from CLDR's likely subtags
  (``arz`` -> Arabic script -> ``ar``); with no script known, nothing is checked.

>>> fontconfig_lang("zh-Hant"), fontconfig_lang("ar-EG"), fontconfig_lang("arz")
('zh-tw', 'ar', 'ar')
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import subprocess
from collections.abc import Mapping
from functools import cache

from babel import Locale
from babel.core import get_global, parse_locale

from ..errors import Code, EnvironmentProblem

log = logging.getLogger("podium.fonts")

#: the fontconfig command that lists installed fonts
FC_LIST = "fc-list"
#: a major language per script, for languages fontconfig has no orthography for
SCRIPT_LANG = {
    "Arab": "ar",
    "Armn": "hy",
    "Beng": "bn",
    "Cyrl": "ru",
    "Deva": "hi",
    "Ethi": "am",
    "Geor": "ka",
    "Grek": "el",
    "Hans": "zh-cn",
    "Hant": "zh-tw",
    "Hebr": "he",
    "Jpan": "ja",
    "Kore": "ko",
    "Latn": "en",
    "Taml": "ta",
    "Thai": "th",
}
#: Debian package with Noto fonts per script; any other script: fonts-noto-core
CJK_PACKAGE = "fonts-noto-cjk"
CORE_PACKAGE = "fonts-noto-core"
_CJK_SCRIPTS = {"Hans", "Hant", "Jpan", "Kore", "Hani"}


def check_fonts(lang: str, *, pattern: str | None = None) -> None:
    """Raise ``PODIUM-E903`` unless an installed font covers ``lang`` (a BCP 47 tag).

    ``pattern`` replaces the fontconfig query derived from ``lang`` (tests pass one
    that cannot match); it is an ``fc-list`` pattern such as ``:lang=ar``.
    """
    if pattern is None:
        fc_lang = fontconfig_lang(lang)
        if fc_lang is None:
            log.debug("fontconfig knows no orthography for %s: fonts not checked", lang)
            return
        pattern = f":lang={fc_lang}"
    if families(pattern):
        return
    package = CJK_PACKAGE if script_of(lang) in _CJK_SCRIPTS else CORE_PACKAGE
    language_name = Locale("en").languages.get(_primary(lang), lang)
    raise EnvironmentProblem(
        f"no installed font covers {language_name} ({lang}): fc-list '{pattern}' finds "
        "none, so the PDF would show empty boxes",
        code=Code.E903,
        fix=f"install Debian's {package} (apt-get install {package}), "
        f"or another font covering {lang}",
    )


@cache
def families(pattern: str) -> tuple[str, ...]:
    """Font families fontconfig lists for an ``fc-list`` pattern, sorted; cached."""
    try:
        run = subprocess.run(
            [FC_LIST, pattern, "family"], capture_output=True, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EnvironmentProblem(
            f"cannot ask fontconfig which fonts are installed: {exc}",
            code=Code.E904,
            fix="install Debian's fontconfig (it provides fc-list)",
        ) from None
    if run.returncode != 0:
        raise EnvironmentProblem(
            f"fc-list failed: {run.stderr.decode('utf-8', 'replace').strip()}",
            code=Code.E904,
            fix="check the fontconfig installation (fc-list)",
        )
    lines = run.stdout.decode("utf-8", "replace").splitlines()
    # a family with localised names comes as "Name,Other name": the first is enough
    return tuple(sorted({line.split(",")[0].strip() for line in lines if line.strip()}))


def fontconfig_lang(lang: str) -> str | None:
    """fontconfig's language for a BCP 47 tag, or ``None`` when it has none (see above)."""
    try:
        parts = parse_locale(_underscored(lang))
    except ValueError:
        return None
    language, region, explicit = parts[0].lower(), parts[1], parts[2]
    script = explicit.title() if explicit else script_of(lang)
    if language == "zh":
        if (region or "").upper() in {"HK", "MO"}:
            return "zh-hk"
        return "zh-tw" if script == "Hant" or (region or "").upper() == "TW" else "zh-cn"
    if explicit and script in SCRIPT_LANG:  # sr-Latn is written in Latin letters
        return SCRIPT_LANG[script]
    if _fontconfig_knows(language):
        return language
    return SCRIPT_LANG.get(script or "")


def script_of(lang: str) -> str | None:
    """The ISO 15924 script of a BCP 47 tag: explicit, else CLDR's likely one."""
    try:
        parts = parse_locale(_underscored(lang))
    except ValueError:
        return None
    language, region, script = parts[0], parts[1], parts[2]
    if script:
        return script.title()
    likely: Mapping[str, str] = get_global("likely_subtags")
    for key in (f"{language}_{region}", language):
        if key in likely:
            return parse_locale(likely[key])[2]
    return None


def _primary(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def _underscored(lang: str) -> str:
    """A BCP 47 tag as babel parses it: ``zh-Hant-TW`` -> ``zh_Hant_TW``."""
    return lang.strip().replace("-", "_")


@cache
def _fontconfig_knows(fc_lang: str) -> bool:
    """Whether fontconfig has an orthography for ``fc_lang`` (assumed so if unsure)."""
    library = _libfontconfig()
    if library is None:
        return True
    return bool(library.FcLangGetCharSet(fc_lang.encode("ascii", "replace")))


@cache
def _libfontconfig() -> ctypes.CDLL | None:
    """fontconfig's C library (Pango loads it too); ``None`` if it cannot be found."""
    try:
        library = ctypes.CDLL(ctypes.util.find_library("fontconfig") or "libfontconfig.so.1")
    except OSError:
        return None
    # const FcCharSet *FcLangGetCharSet(const FcChar8 *lang): NULL for an unknown language
    library.FcLangGetCharSet.argtypes = [ctypes.c_char_p]
    library.FcLangGetCharSet.restype = ctypes.c_void_p
    return library
