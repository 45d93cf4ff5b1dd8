"""What podium knows about the UN: page chrome, delivery markers, roles, bodies.

The facts live in ``data/un.json``; this module loads them once and answers
questions about them.  Ids follow AKN4UN: ``/akn/ontology/{kind}/un/{id}``.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import read_data

ONTOLOGY = "/akn/ontology"


def tlc_href(kind: str, ident: str) -> str:
    """``tlc_href("person", "antonio.guterres") == "/akn/ontology/person/un/antonio.guterres"``."""
    return f"{ONTOLOGY}/{kind}/un/{ident}"


@cache
def facts() -> dict[str, Any]:
    text = read_data("un.json")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _in_languages() -> dict[str, dict[str, list[str]]]:
    """Roles and their holders by id, with their names in each language
    (``data/organizations.json``: the forms the UN prints in its six languages)."""
    data = json.loads(read_data("organizations.json"))
    return {spec["id"]: spec for spec in [*data["roles"], *data["persons"]]}


def shown_in(ident: str, lang: str | None, default: str) -> str:
    """A role's or a role holder's name as the UN writes it in ``lang``: "Secretario
    General", "Генеральный секретарь", "安东尼奥·古特雷斯"; ``default`` where the data has
    none (English, or a language the data does not cover).

    >>> shown_in("secretaryGeneral", "es", "Secretary-General")
    'Secretario General'
    >>> shown_in("antonio.guterres", "zh", "António Guterres")
    '安东尼奥·古特雷斯'
    """
    names = _in_languages().get(ident, {}).get((lang or "en").split("-")[0].lower())
    return unicodedata.normalize("NFC", names[0]) if names else default


def names_of(ident: str, default: str) -> set[str]:
    """Every name a role holder goes by, in every language."""
    spec = _in_languages().get(ident, {})
    return {default, *(n for k, v in spec.items() if k != "id" for n in v)}


@dataclass(frozen=True)
class Person:
    eid: str
    name: str


@dataclass(frozen=True)
class Role:
    """A speaking role such as Secretary-General, with the organ it acts for."""

    eid: str
    name: str  # as it appears in a title
    show_as: str
    actor: str  # organization id naming the FRBR work's actor (``un-sg``)

    def holder(self, on: str | None) -> Person | None:
        """Who held the role on an ISO date (``None`` if unknown)."""
        if not on:
            return None
        for spec in facts()["roles"]:
            if spec["id"] != self.eid:
                continue
            for h in spec["holders"]:
                if h["from"] <= on and (h["to"] is None or on <= h["to"]):
                    return Person(h["id"], h["name"])
        return None


def roles() -> list[Role]:
    """Every known role by every name, longest name first (so that ``Deputy`` wins)."""
    out = [
        Role(spec["id"], name, spec["showAs"], spec["actor"])
        for spec in facts()["roles"]
        for name in spec["names"]
    ]
    return sorted(out, key=lambda r: len(r.name), reverse=True)


def organization_name(ident: str) -> str:
    return str(facts()["organizations"].get(ident, ident))


def find_role(title: str) -> tuple[Role, int] | None:
    """The role a title names first, and where: the earliest mention, the longest name
    at that place (``Deputy Secretary-General`` before ``Secretary-General``).

    >>> role, at = find_role("Message du Secrétaire général au Conseil")
    >>> (role.eid, at)
    ('secretaryGeneral', 11)
    """
    best: tuple[Role, int] | None = None
    for role in roles():
        at = title.find(role.name)
        if at < 0 or (at and title[at - 1].isalnum() and title[at - 1].isascii()):
            continue
        if best is None or at < best[1]:
            best = (role, at)
    return best
