"""Date lines, parsed with CLDR month names."""

from __future__ import annotations

from datetime import date

import pytest

from podium.convert.dates import parse_date, parse_date_line


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("19 Apr 2021", "en", date(2021, 4, 19)),
        ("19 April 2021", "en", date(2021, 4, 19)),
        ("April 19, 2021", "en", date(2021, 4, 19)),
        ("Sept. 3, 2030", "en", None),  # CLDR's abbreviation is "Sep"
        ("Sep. 3, 2030", "en", date(2030, 9, 3)),
        ("2021-04-19", "en", date(2021, 4, 19)),
        ("19 avril 2021", "fr", date(2021, 4, 19)),
        ("19 de abril de 2021", "es", None),
        ("19 April 2021", "fr", date(2021, 4, 19)),  # English dates occur on every UN page
    ],
)
def test_parse_date(text: str, lang: str, expected: date | None) -> None:
    assert parse_date(text, lang) == expected


@pytest.mark.parametrize(
    "text", ["31 February 2021", "Since 1945", "In October 2020 we met", "19 Apr 2021 and more"]
)
def test_not_a_date_line(text: str) -> None:
    assert parse_date_line(text) is None


def test_date_line_with_place_keeps_the_date_text_verbatim() -> None:
    found = parse_date_line("New York, 11 November 2010")
    assert found is not None
    assert (found.iso, found.text, found.place) == ("2010-11-11", "11 November 2010", "New York")
    assert "New York, 11 November 2010"[found.place_text_end :] == found.text
