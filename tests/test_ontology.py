"""UN facts: role holders by date, the longest role name first."""

from __future__ import annotations

import pytest

from podium.convert.knowledge import ontology


@pytest.mark.parametrize(
    ("on", "holder"),
    [
        ("2006-12-31", "kofi.annan"),
        ("2007-01-01", "ban.ki-moon"),
        ("2016-12-31", "ban.ki-moon"),
        ("2017-01-01", "antonio.guterres"),
        ("1981-12-31", None),
        (None, None),
    ],
)
def test_secretary_general_on_a_date(on: str | None, holder: str | None) -> None:
    role = next(r for r in ontology.roles() if r.eid == "secretaryGeneral")
    found = role.holder(on)
    assert (found.eid if found else None) == holder


def test_deputy_is_tried_before_secretary_general() -> None:
    names = [r.name for r in ontology.roles()]
    assert names.index("Deputy Secretary-General") < names.index("Secretary-General")


def test_tlc_href() -> None:
    assert ontology.tlc_href("role", "x") == "/akn/ontology/role/un/x"
