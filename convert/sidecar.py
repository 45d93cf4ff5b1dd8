"""Sidecar metadata: ``<stem>.meta.json`` beside an input, or ``--meta FILE``.

A sidecar supplies or overrides what the text does not say (or says wrongly):
the UN symbol, the delivery date, the speaker... Every field a sidecar gives wins
over what the reader inferred, and the master records which fields were given.

Fields (all optional; unknown keys are refused so that typos do not pass silently):

============== ======== ==========================================================
``title``      text     the document title
``status``     text     the delivery status as printed (``[as delivered]``)
``date``       date     delivery date, ``YYYY-MM-DD``
``place``      text     where the speech was delivered
``speaker``    text     the speaker's name (``António Guterres``)
``speaker_id`` id       the speaker's TLC id (default: made from the name)
``role``       text     the speaker's role (``Secretary-General``)
``addressee``  text     the body addressed (``Security Council``)
``event``      text     the occasion (``Security Council open debate``)
``symbol``     text     the UN document symbol (``SG/SM/20697``): names the FRBR number
``language``   BCP 47   the speech's language (``en``, ``fr``, ``ar``...)
``country``    code     FRBR jurisdiction: ``un`` (default) or an ISO 3166 code (``us``)
``actor``      id       the author's organization id in the IRI (``un-sg``, ``us-president``)
``publisher``  text     who published the text (``United Nations website``)
``type``       type     ``address`` (default), ``message`` or ``officialStatement``
============== ======== ==========================================================

Every value is a string; its outer whitespace is dropped before it is checked.  Text
may hold anything an XML document may hold.  An id (and a country code) holds only
``a-z``, ``0-9``, ``-``, ``.`` and ``_``, and opens with a letter or digit, so that it
is never a ``.`` or ``..`` segment of an IRI; a symbol holds letters, digits and
``/ . - _ ( ) * + , ; :`` and spaces, at least one letter or digit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from .errors import Code, MetaError, UsageError
from .model.identity import iso639_2

ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-._")
#: What no XML document may hold: C0 controls but tab and line breaks, U+FFFE, U+FFFF,
#: and lone surrogates (JSON's ``"\ud800"``), which no encoding can write.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: ``date.fromisoformat`` also takes ``20210419`` and ``2021-W16-1``: not xsd:date.
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: A BCP 47 tag as xml:lang takes it: a primary language, then subtags.
BCP47 = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
#: Besides letters and digits, what UN symbols hold (``A/C.3/75/L.1/Rev.1``, ``S/2021/1*``);
#: never ``#``, ``?``, ``%`` or brackets, which would change or break the FRBR IRIs.
SYMBOL_CHARS = frozenset("/.-_()*+,;: ")
#: The document types a sidecar may give (akn-profile.md decision 2).
TYPES = frozenset({"address", "message", "officialStatement"})


@dataclass(frozen=True)
class Sidecar:
    """The fields a sidecar gave; ``None`` for every field it did not give."""

    title: str | None = None
    status: str | None = None
    date: str | None = None
    place: str | None = None
    speaker: str | None = None
    speaker_id: str | None = None
    role: str | None = None
    addressee: str | None = None
    event: str | None = None
    symbol: str | None = None
    language: str | None = None
    country: str | None = None
    actor: str | None = None
    publisher: str | None = None
    type: str | None = None
    path: Path | None = None

    def given(self) -> dict[str, str]:
        """The fields this sidecar sets, by name."""
        return {
            f.name: v
            for f in fields(self)
            if f.name != "path" and (v := getattr(self, f.name)) is not None
        }


FIELDS = tuple(f.name for f in fields(Sidecar) if f.name != "path")


def sidecar_path(source: Path) -> Path:
    """Where the sidecar of an input lives: ``speech.txt`` -> ``speech.meta.json``."""
    name = source.name
    stem = name[: -len(".akn.xml")] if name.lower().endswith(".akn.xml") else source.stem
    return source.with_name(f"{stem}.meta.json")


def load(path: Path) -> Sidecar:
    """Read and check a sidecar file; every problem is a :class:`MetaError` with a code."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise MetaError(
            f"cannot read the sidecar: {exc.strerror}",
            path=path,
            fix="check the path given to --meta",
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MetaError(
            f"the sidecar is not UTF-8 JSON: {exc}",
            path=path,
            fix="save it as a JSON object in UTF-8",
        ) from None
    except RecursionError:
        raise MetaError(
            "the sidecar nests arrays or objects too deeply to be read",
            path=path,
            fix='write it as a flat JSON object: {"date": "2021-04-19", ...}',
        ) from None
    return parse(raw, path)


def parse(raw: Any, path: Path | None = None) -> Sidecar:
    """Check a sidecar's parsed JSON and return its fields; ``path`` is named in errors."""
    _check_shape(raw, path)
    given: dict[str, str] = {k: v.strip() for k, v in raw.items()}
    _check_value(
        given,
        "date",
        _real_date,
        what="a real YYYY-MM-DD date",
        fix='write the date as "2021-04-19"',
        path=path,
        code=Code.E504,
    )
    _check_ids(given, path)
    _check_value(
        given,
        "symbol",
        _is_symbol,
        what="a document symbol",
        fix="write the symbol as printed on the document (SG/SM/20697)",
        path=path,
    )
    _check_value(
        given,
        "type",
        TYPES.__contains__,
        what="address, message or officialStatement",
        fix='write "type": "message" (akn-profile.md decision 2 says what each is)',
        path=path,
    )
    _check_value(
        given,
        "language",
        known_language,
        what="a known BCP 47 language tag",
        fix="use a BCP 47 code such as en, fr, es, ar, ru or zh",
        path=path,
    )
    return Sidecar(**given, path=path)


def _check_shape(raw: Any, path: Path | None) -> None:
    """A JSON object of known fields, each a non-empty string an XML document may hold."""
    if not isinstance(raw, dict):
        raise MetaError(
            "the sidecar must be a JSON object ({...})",
            path=path,
            fix='write it as {"date": "2021-04-19", ...}',
        )
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise MetaError(
            f"unknown field(s) {', '.join(unknown)}",
            path=path,
            code=Code.E502,
            fix=f"use only: {', '.join(FIELDS)}",
        )
    for key, value in raw.items():
        if not isinstance(value, str) or not value.strip():
            raise MetaError(
                f"field {key!r} must be a non-empty string, not {value!r}",
                path=path,
                code=Code.E503,
                fix=f'write "{key}": "..."',
            )
        if NOT_XML.search(value):
            raise MetaError(
                f"field {key!r} holds a control character or a non-character: {value!r}",
                path=path,
                code=Code.E503,
                fix=f"remove it from {key}",
            )


def _check_value(
    given: dict[str, str],
    key: str,
    valid: Callable[[str], bool],
    *,
    what: str,
    fix: str,
    path: Path | None,
    code: Code = Code.E503,
) -> None:
    """Refuse a given ``key`` whose value is not ``valid``: "<key> '<value>' is not <what>"."""
    value = given.get(key)
    if value is not None and not valid(value):
        raise MetaError(f"{key} {value!r} is not {what}", path=path, code=code, fix=fix)


def _check_ids(given: dict[str, str], path: Path | None) -> None:
    """Ids in IRI-safe characters, and the speaker's id never an organization's."""
    for key in ("speaker_id", "actor", "country"):
        if key in given and not (set(given[key]) <= ID_CHARS and given[key][0].isalnum()):
            raise MetaError(
                f"{key} {given[key]!r} may hold only a-z, 0-9, '-', '.' and '_', "
                "and opens with a letter or digit",
                path=path,
                code=Code.E503,
                fix=f"write {key} in lower case",
            )
    person = given.get("speaker_id")
    clash = next((k for k in ("actor", "country") if person and given.get(k) == person), None)
    if clash:
        raise MetaError(
            f"speaker_id {given['speaker_id']!r} is also the {clash}: the speaker is a person, "
            f"the {clash} names an organization (the author in the FRBR IRIs), and one id "
            "cannot name both",
            path=path,
            code=Code.E503,
            fix="give the speaker an id of their own",
        )


def _is_symbol(symbol: str) -> bool:
    """Letters, digits and :data:`SYMBOL_CHARS` only, and at least one letter or digit."""
    return all(c.isalnum() or c in SYMBOL_CHARS for c in symbol) and any(map(str.isalnum, symbol))


def _real_date(text: str) -> bool:
    """Whether ``text`` is a real date written ``YYYY-MM-DD`` (xsd:date's form)."""
    if not ISO_DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def known_language(tag: str) -> bool:
    """Whether ``tag`` is a BCP 47 tag whose language podium can name in the FRBR IRIs."""
    if not BCP47.fullmatch(tag):
        return False
    try:
        iso639_2(tag)
    except UsageError:
        return False
    return True


def find(source: Path, given: Path | None) -> Sidecar | None:
    """The sidecar for an input: ``given`` (``--meta``) if any, else ``<stem>.meta.json``."""
    path = given if given is not None else sidecar_path(source)
    if given is None and not path.is_file():
        return None
    return load(path)
