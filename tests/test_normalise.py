"""Normalisation steps, one behaviour per test, on texts the team wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from podium.convert import readers, steps
from podium.convert.errors import NoSpeechError, UsageError, WarningCode
from podium.convert.model.identity import iso639_2
from podium.convert.options import ReadOptions
from podium.convert.steps.identity import content_id

OPTS = ReadOptions()

BRIEFING = """Welcome to the United Nations

Secretary-General's remarks to the General Assembly on water and peace [as delivered]

5 June 2019

Thank you, Mr. President.

Madam President,

Water does not stop at borders.

Excellencies, ladies and gentlemen,

Thank you.
"""


def doc_of(tmp_path: Path, text: str, name: str = "s.txt", options: ReadOptions = OPTS):
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    return steps.normalise(readers.read(src), options)


def test_chrome_is_dropped_and_names_the_publisher(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, BRIEFING)
    assert "Welcome" not in " ".join(doc.paragraphs())
    assert doc.value("//a:publication/@name") == "un-website"


def test_title_status_and_date_move_to_the_preface(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, BRIEFING)
    assert doc.title == "Secretary-General's remarks to the General Assembly on water and peace"
    assert doc.status == "[as delivered]"
    assert (doc.date, doc.date_text) == ("2019-06-05", "5 June 2019")
    assert doc.value("//a:docStatus/@refersTo") == "#asDelivered"
    assert doc.paragraphs()[0] == "Thank you, Mr. President."


def test_salutations_become_blocks_but_sentences_do_not(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, BRIEFING)
    kinds = [(b.kind, b.text) for b in doc.blocks()]
    assert kinds == [
        ("p", "Thank you, Mr. President."),
        ("salutation", "Madam President,"),
        ("p", "Water does not stop at borders."),
        ("salutation", "Excellencies, ladies and gentlemen,"),
        ("p", "Thank you."),
    ]


def test_speaker_is_the_role_holder_on_the_delivery_date(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, BRIEFING)
    speech = doc.speech
    assert (speech.get("by"), speech.get("as"), speech.get("to")) == (
        "#antonio.guterres",
        "#secretaryGeneral",
        "#un-ga",
    )
    older = doc_of(tmp_path, BRIEFING.replace("5 June 2019", "5 June 2009"))
    assert older.speech.get("by") == "#ban.ki-moon"
    assert older.work_iri is not None and older.work_iri.startswith(
        "/akn/un/doc/communication/un-sg/2009-06-05/"
    )


def test_title_words_are_marked_without_changing_them(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, BRIEFING)
    title = doc.find("//a:docTitle")
    assert [c.tag.split("}")[1] for c in title] == ["docProponent", "docType", "organization"]
    assert doc.title == "Secretary-General's remarks to the General Assembly on water and peace"


def test_unknown_speaker_is_a_warning_not_an_invention(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, "Remarks at a village fair\n\n1 May 2020\n\nGood morning.\n")
    assert doc.speech.get("by") == "#speaker"
    assert doc.value("//a:TLCPerson[@eId='speaker']/@showAs") == "Unknown speaker"
    assert WarningCode.W203 in [w.code for w in doc.warnings]


def test_missing_date_warns_and_falls_back_to_generation(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, "A speech with no date at all.\n\nSecond paragraph.\n")
    assert doc.date is None
    assert doc.value("//a:FRBRWork/a:FRBRdate/@name") == "generation"
    assert {WarningCode.W201, WarningCode.W202} <= set([w.code for w in doc.warnings])


def test_eids_are_deterministic_and_follow_the_naming_convention(tmp_path: Path) -> None:
    a, b = doc_of(tmp_path, BRIEFING), doc_of(tmp_path, BRIEFING, name="t.txt")
    ids = [blk.eid for blk in a.blocks()]
    assert ids == [
        "address_1__speech_1__p_1",
        "address_1__speech_1__block_1",
        "address_1__speech_1__p_2",
        "address_1__speech_1__block_2",
        "address_1__speech_1__p_3",
    ]
    assert ids == [blk.eid for blk in b.blocks()]
    assert a.work_iri == b.work_iri  # the FRBR number comes from the words, not the file name


def test_content_id_changes_with_the_words(tmp_path: Path) -> None:
    a = doc_of(tmp_path, BRIEFING)
    b = doc_of(tmp_path, BRIEFING.replace("borders", "frontiers"))
    assert content_id(a) != content_id(b)


def test_frbr_iris_follow_akn4un(tmp_path: Path) -> None:
    doc = doc_of(tmp_path, BRIEFING, options=ReadOptions(lang="fr"))
    number = content_id(doc)
    work = f"/akn/un/doc/communication/un-sg/2019-06-05/{number}"
    assert doc.work_iri == work
    assert doc.expression_iri == f"{work}/fra@2019-06-05"
    assert doc.language == "fra"
    assert (
        doc.value("//a:FRBRManifestation/a:FRBRthis/@value") == f"{work}/fra@2019-06-05/!main.xml"
    )


@pytest.mark.parametrize(
    ("tag", "code"),
    [("en", "eng"), ("zh-Hans", "zho"), ("ar", "ara"), ("ru", "rus"), ("es", "spa"), ("fr", "fra")],
)
def test_iso639_2(tag: str, code: str) -> None:
    assert iso639_2(tag) == code


def test_unknown_language_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        iso639_2("xx")


def test_only_chrome_means_no_speech(tmp_path: Path) -> None:
    with pytest.raises(NoSpeechError) as err:
        doc_of(tmp_path, "Welcome to the United Nations\n\nShare\n")
    assert err.value.code == "PODIUM-E104"


def test_date_line_with_place_marks_the_location(tmp_path: Path) -> None:
    doc = doc_of(
        tmp_path,
        "Message to the conference [check against delivery]\n\n"
        "Geneva, 2 October 2023\n\nDear colleagues,\n\nWelcome.\n",
    )
    assert doc.value("//a:preface//a:location") == "Geneva"
    assert doc.value("//a:preface//a:location/@refersTo") == "#geneva"
    assert doc.date == "2023-10-02"
    assert doc.status == "[check against delivery]"
    assert doc.value("//a:FRBRversionNumber/@value") == "check-against-delivery"
