"""Dates in the six UN languages: whole date lines, and full dates inside running text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from podium.convert.knowledge.dates import find_dates, parse_date, parse_date_line

APRIL_19 = date(2021, 4, 19)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("19 Apr 2021", "en", APRIL_19),
        ("19 April 2021", "en", APRIL_19),
        ("19 Apr. 2021", "en", APRIL_19),
        ("April 19, 2021", "en", APRIL_19),
        ("Apr. 19, 2021", "en", APRIL_19),
        ("Sept. 3, 2030", "en", date(2030, 9, 3)),  # en_GB's CLDR abbreviation
        ("Sep. 3, 2030", "en", date(2030, 9, 3)),
        ("Monday, 19 April 2021", "en", APRIL_19),
        ("2021-04-19", "en", APRIL_19),
        ("19 avril 2021", "fr", APRIL_19),
        ("1er mai 2021", "fr", date(2021, 5, 1)),
        ("le 19 avril 2021", "fr", APRIL_19),
        ("le lundi 19 avril 2021", "fr", APRIL_19),
        ("19 AVRIL 2021", "fr", APRIL_19),
        ("19 avr. 2021", "fr", APRIL_19),
        ("19 April 2021", "fr", APRIL_19),  # English dates occur on every UN page
        ("19 de abril de 2021", "es", APRIL_19),
        ("1 de mayo del 2021", "es", date(2021, 5, 1)),
        ("1.º de mayo de 2021", "es", date(2021, 5, 1)),
        ("lunes, 19 de abril de 2021", "es", APRIL_19),
        ("19 апреля 2021 года", "ru", APRIL_19),
        ("19 апреля 2021 г.", "ru", APRIL_19),
        ("19 апреля 2021", "ru", APRIL_19),
        ("19.04.2021", "ru", APRIL_19),
        ("19 نيسان/أبريل 2021", "ar", APRIL_19),
        ("19 أبريل 2021", "ar", APRIL_19),
        ("19 ابريل 2021", "ar", APRIL_19),  # bare alef
        ("١٩ أبريل ٢٠٢١", "ar", APRIL_19),  # Arabic-Indic digits
        ("١٩ نيسان/أبريل ٢٠٢١", "ar", APRIL_19),
        ("۱۹ أبريل ۲۰۲۱", "ar", APRIL_19),  # Eastern Arabic-Indic digits
        ("24 تشرين الأول/أكتوبر 2019", "ar", date(2019, 10, 24)),  # two-word month name
        ("18 تموز/يوليه 2022", "ar", date(2022, 7, 18)),  # UN spelling, not in CLDR
        ("2021年4月19日", "zh", APRIL_19),
        ("２０２１年４月１９日", "zh", APRIL_19),  # full-width digits
        ("2021/04/19", "zh", APRIL_19),
    ],
)
def test_parse_date(text: str, lang: str, expected: date) -> None:
    assert parse_date(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19/04/2021", APRIL_19),  # the first number is above 12: day first
        ("05/04/2021", date(2021, 4, 5)),  # both can be a month: day first (UN style)
        ("4/19/2021", APRIL_19),  # the second is above 12: month first (US style)
        ("19.04.2021", APRIL_19),
        ("2021/04/19", APRIL_19),  # a year first is always year, month, day
        ("2021-4-9", date(2021, 4, 9)),
        ("13/13/2021", None),
        ("19/04.2021", None),  # mixed separators
    ],
)
def test_numeric_dates_are_day_first_unless_they_cannot_be(
    text: str, expected: date | None
) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("31 February 2021", "en"),
        ("29/02/2021", "en"),  # not a leap year
        ("31.04.2021", "ru"),
        ("30 февраля 2021 года", "ru"),
        ("31 de junio de 2021", "es"),
        ("19 نيسان/مايو 2021", "ar"),  # the two month names disagree
        ("2021年2月30日", "zh"),
        ("2021-13-01", "en"),
    ],
)
def test_impossible_dates_are_not_dates(text: str, lang: str) -> None:
    assert parse_date(text, lang) is None
    assert find_dates(f"on {text} we met", lang) == []


def test_leap_day_is_a_date() -> None:
    assert parse_date("29/02/2020") == date(2020, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "31 February 2021",
        "Since 1945",
        "In October 2020 we met",
        "19 Apr 2021 and more",
        "October 2020",
        "April 19",
        "19 April",
        # a long title ending with a date is not a place and a date
        "Remarks at the opening of the session on water and schools, New York, 19 April 2021",
    ],
)
def test_not_a_date_line(text: str) -> None:
    assert parse_date_line(text) is None


def test_date_line_with_place_keeps_the_date_text_verbatim() -> None:
    found = parse_date_line("New York, 11 November 2010")
    assert found is not None
    assert (found.iso, found.text, found.place) == ("2010-11-11", "11 November 2010", "New York")
    assert "New York, 11 November 2010"[found.place_text_end :] == found.text


@pytest.mark.parametrize(
    ("line", "lang", "place", "text"),
    [
        ("New York, 11 November 2010", "en", "New York", "11 November 2010"),
        ("Washington, D.C., 19 April 2021", "en", "Washington, D.C.", "19 April 2021"),
        ("New York, Monday, 19 April 2021", "en", "New York", "Monday, 19 April 2021"),
        ("Genève, le 19 avril 2021", "fr", "Genève", "le 19 avril 2021"),
        ("Nueva York, 19 de abril de 2021", "es", "Nueva York", "19 de abril de 2021"),
        ("Нью-Йорк, 19 апреля 2021 года", "ru", "Нью-Йорк", "19 апреля 2021 года"),
        ("نيويورك، 19 نيسان/أبريل 2021", "ar", "نيويورك", "19 نيسان/أبريل 2021"),  # "،"
        ("نيويورك، ١٩ نيسان/أبريل ٢٠٢١", "ar", "نيويورك", "١٩ نيسان/أبريل ٢٠٢١"),
        ("纽约，2021年4月19日", "zh", "纽约", "2021年4月19日"),  # full-width comma
        ("  Genève,   le 19 avril 2021  ", "fr", "Genève", "le 19 avril 2021"),
    ],
)
def test_date_line_with_a_place_in_every_language(
    line: str, lang: str, place: str, text: str
) -> None:
    found = parse_date_line(line, lang)
    assert found is not None
    assert (found.iso, found.place, found.text) == (
        "2010-11-11" if "2010" in line else "2021-04-19",
        place,
        text,
    )
    assert line.strip()[found.place_text_end :] == found.text
    assert parse_date(found.text, lang) is not None


def test_date_line_without_a_place_is_the_whole_line() -> None:
    found = parse_date_line(" le 19 avril 2021 ", "fr")
    assert found == parse_date_line("le 19 avril 2021", "fr")
    assert found is not None
    assert (found.iso, found.text, found.place, found.place_text_end) == (
        "2021-04-19",
        "le 19 avril 2021",
        None,
        0,
    )


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Adopted on 19 April 2021 and signed on April 20, 2021, in force since 2022.",
            "en",
            [("19 April 2021", "2021-04-19"), ("April 20, 2021", "2021-04-20")],
        ),
        (
            "Reports of 21/04/2021 and 2021-04-22 (not 1.2.2021.5, not 119/04/20210).",
            "en",
            [("21/04/2021", "2021-04-21"), ("2021-04-22", "2021-04-22")],
        ),
        (
            "Depuis le 1er janvier 2020, et le 19 avril 2021 ; pas en avril 2021.",
            "fr",
            [("1er janvier 2020", "2020-01-01"), ("19 avril 2021", "2021-04-19")],
        ),
        (
            "Desde el 19 de abril de 2021, y no en abril de 2021.",
            "es",
            [("19 de abril de 2021", "2021-04-19")],
        ),
        (
            "С 19 апреля 2021 года и 20 апреля 2021 г. по 21 апреля 2021, но не в 2022 году.",
            "ru",
            [
                ("19 апреля 2021 года", "2021-04-19"),
                ("20 апреля 2021 г.", "2021-04-20"),
                ("21 апреля 2021", "2021-04-21"),
            ],
        ),
        (
            "عقد في ١٩ نيسان/أبريل ٢٠٢١، و20 أيار/مايو 2021، وفي عام 1945.",
            "ar",
            [("١٩ نيسان/أبريل ٢٠٢١", "2021-04-19"), ("20 أيار/مايو 2021", "2021-05-20")],
        ),
        (
            "会议于2021年4月19日举行，２０２１年４月２０日闭幕，2022年底前报告。",
            "zh",
            [("2021年4月19日", "2021-04-19"), ("２０２１年４月２０日", "2021-04-20")],
        ),
        ("Since 1945, and in October 2020.", "en", []),
    ],
)
def test_find_dates_in_running_text(text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    found = find_dates(text, lang)
    assert [(text[start:end], iso) for start, end, iso in found] == expected
    assert all(start < end for start, end, _ in found)


def test_shipped_calendar_names_are_babels(accept: bool) -> None:
    """data/calendar.json is Babel's CLDR names, precomputed; `pytest --accept` refreshes it."""
    import json
    from importlib import resources

    import babel

    from podium.convert.knowledge import dates

    live = {lang: dates.cldr_names(lang) for lang in dates.SHIPPED_CALENDARS}
    # --accept writes the repository's copy (never an installed one), then reinstall
    repo = Path(__file__).resolve().parents[1] / "convert" / "knowledge" / "data" / "calendar.json"
    if accept:
        table = {"babel": babel.__version__, "languages": live}
        text = json.dumps(table, ensure_ascii=False, indent=0, sort_keys=True) + "\n"
        repo.write_text(text, encoding="utf-8")
    installed = resources.files("podium.convert.knowledge").joinpath("data", "calendar.json")
    shipped = json.loads(installed.read_text(encoding="utf-8"))["languages"]
    assert shipped == json.loads(json.dumps(live)), "run `pytest --accept` after a Babel update"
