"""Identity: FRBR IRIs, ISO 639 codes, UN symbol numbers, slugs, person and role ids.

Pure functions of their arguments, below every normaliser step: the steps, the sidecar
parser and the command line take names and codes from here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import pycountry

from ..errors import UsageError

#: Namespace of podium's own metadata inside ``meta/proprietary``.
PROVENANCE_NS = "urn:podium:provenance:1"


def iso639_2(lang: str) -> str:
    """ISO 639-2 (terminology) code for a BCP 47 tag: ``en`` -> ``eng``, ``zh-Hans`` -> ``zho``."""
    primary = lang.split("-")[0].lower()
    found = (
        pycountry.languages.get(alpha_2=primary)
        if len(primary) == 2
        else pycountry.languages.get(alpha_3=primary)
    )
    if found is None:
        raise UsageError(
            f"unknown language code {lang!r}",
            fix="use a BCP 47 code such as en, fr, es, ar, ru or zh",
        )
    return str(found.alpha_3)


def symbol_number(symbol: str) -> str:
    """The FRBR number of a UN symbol (AKN4UN 6.1): ``SG/SM/20697`` -> ``SG-SM-20697``."""
    return symbol.replace("/", "-").replace(" ", "_")


def frbr_iris(
    actor: str, when: str, number: str, lang3: str, country: str = "un"
) -> dict[str, str]:
    """The AKN4UN FRBR IRIs of a communication (akn-profile.md decision 6).

    >>> frbr_iris("un-sg", "2021-04-19", "abc", "eng")["expression"]
    '/akn/un/doc/communication/un-sg/2021-04-19/abc/eng@2021-04-19'
    """
    work = f"/akn/{country}/doc/communication/{actor}/{when}/{number}"
    expression = f"{work}/{lang3}@{when}"
    return {
        "work": work,
        "expression": expression,
        "manifestation": f"{expression}/!main.xml",
        "manifestation_uri": f"{expression}.akn",
    }


def slug(text: str) -> str:
    """A lower-case id fragment.

    >>> slug("New York")
    'new-york'
    """
    return re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-") or "x"


def person_id(name: str) -> str:
    """A TLC id for a person.

    >>> person_id("António Guterres")
    'antonio.guterres'
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", plain.lower())
    return ".".join(words) or slug(name)


def role_id(name: str, known: Iterable[tuple[str, str]] = ()) -> str:
    """A TLC id for a role; a role among ``known`` (name, id pairs) keeps its own id.

    >>> role_id("President of the United States")
    'presidentOfTheUnitedStates'
    >>> role_id("Secretary-General", [("Secretary-General", "sg")])
    'sg'
    """
    own = next((eid for role, eid in known if role.lower() == name.lower()), None)
    if own:
        return own
    found: list[str] = re.findall(r"\w+", unicodedata.normalize("NFKD", name))
    words = [w for w in found if w.isascii()] or ["role"]
    return words[0].lower() + "".join(w.capitalize() for w in words[1:])
