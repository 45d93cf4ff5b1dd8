"""The plain context templates receive: no lxml, the same facts for every format."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from podium.convert import normalise, readers
from podium.convert.context import build_context, short_title
from podium.convert.options import ReadOptions

WHEN = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


def context_of(tmp_path: Path, text: str, lang: str | None = None) -> dict[str, object]:
    src = tmp_path / "c.txt"
    src.write_text(text, encoding="utf-8")
    doc = normalise.normalise(readers.read(src), ReadOptions(lang=lang, generated=WHEN))
    return build_context(doc, WHEN)


def plain(value: object) -> bool:
    """Only dicts, lists, strings, numbers, booleans and None: nothing a template could XPath."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(map(plain, value))
    return value is None or isinstance(value, (str, int, float, bool))


def test_context_is_plain_data_with_the_speech(tmp_path: Path) -> None:
    ctx = context_of(
        tmp_path,
        "Secretary-General's remarks to the Security Council "
        "[as delivered]\n\n19 Apr 2021\n\nMr. President,\n\nOne.\n",
    )
    assert plain(ctx)
    assert ctx["speaker"] == {"name": "António Guterres", "role": "Secretary-General"}
    assert ctx["addressee"] == "Security Council"
    assert ctx["date"] == {"iso": "2021-04-19", "text": "19 Apr 2021", "long": "April 19, 2021"}
    assert ctx["blocks"] == [
        {
            "kind": "salutation",
            "id": "address_1__speech_1__block_1",
            "text": "Mr. President,",
            "container": "",
        },
        {"kind": "p", "id": "address_1__speech_1__p_1", "text": "One.", "container": ""},
    ]
    assert ctx["generated"] == "2030-01-02T03:04:05Z"
    assert (ctx["lang"], ctx["dir"]) == ("en", "ltr")


def test_unknown_speaker_has_no_name_but_keeps_the_role(tmp_path: Path) -> None:
    ctx = context_of(
        tmp_path,
        "President of the General Assembly's remarks to the General "
        "Assembly\n\n3 March 2031\n\nHello.\n",
    )
    assert ctx["speaker"] == {"name": None, "role": "President of the General Assembly"}


def test_arabic_is_right_to_left(tmp_path: Path) -> None:
    ctx = context_of(tmp_path, "A title line\n\n3 March 2031\n\nText.\n", lang="ar")
    assert (ctx["lang"], ctx["dir"]) == ("ar", "rtl")


def test_short_title_cuts_at_a_dash_only_when_long() -> None:
    assert short_title("Short title - with a dash") == "Short title - with a dash"
    long = "Remarks to the Council - " + "on a very long subject " * 5
    assert short_title(long) == "Remarks to the Council"
    assert len(short_title("x" * 200)) == 80
