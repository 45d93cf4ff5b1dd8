"""Sidecars: checked strictly, applied over what was inferred, recorded as given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from podium.convert import make_master
from podium.convert.errors import MetaError
from podium.convert.options import ReadOptions
from podium.convert.sidecar import find, sidecar_path
from podium.convert.sidecar import load as load_sidecar

SPEECH = (
    "Secretary-General's remarks to the Security Council [as delivered]\n\n"
    "19 Apr 2021\n\nMr. President,\n\nPeace needs partners.\n\nThank you.\n"
)


def write(tmp_path: Path, meta: object, text: str = SPEECH) -> Path:
    src = tmp_path / "speech.txt"
    src.write_text(text, encoding="utf-8")
    sidecar_path(src).write_text(json.dumps(meta), encoding="utf-8")
    return src


def origins(doc: object) -> dict[str, str]:
    fields = doc.findall("//a:proprietary/*")  # type: ignore[attr-defined]
    return {f.get("name"): f.get("origin") for f in fields}


def test_sidecar_is_found_beside_the_input(tmp_path: Path) -> None:
    src = write(tmp_path, {"symbol": "SG/SM/20697"})
    side = find(src, None)
    assert side is not None and side.symbol == "SG/SM/20697"
    assert find(tmp_path / "other.txt", None) is None


def test_symbol_names_the_frbr_number_and_is_recorded_as_given(tmp_path: Path) -> None:
    doc = make_master(write(tmp_path, {"symbol": "SG/SM/20697"}), ReadOptions()).doc
    assert doc.work_iri == "/akn/un/doc/communication/un-sg/2021-04-19/SG-SM-20697"
    assert doc.value("//a:FRBRnumber/@showAs") == "SG/SM/20697"
    got = origins(doc)
    assert got["symbol"] == "given"
    assert got["date"] == got["title"] == got["speaker"] == "inferred"


def test_given_fields_win_over_inferred_ones(tmp_path: Path) -> None:
    meta = {
        "date": "2021-04-20",
        "speaker": "A. N. Other",
        "role": "Chef de Cabinet",
        "addressee": "General Assembly",
        "event": "Open debate on partnerships",
        "place": "New York",
    }
    doc = make_master(write(tmp_path, meta), ReadOptions()).doc
    assert doc.date == "2021-04-20"
    assert doc.date_text == "19 Apr 2021"  # the printed text stays as printed
    speech = doc.speech
    assert speech.get("by") == "#a.n.other" and speech.get("to") == "#un-ga"
    assert doc.value("//a:TLCRole[@eId='chefDeCabinet']/@showAs") == "Chef de Cabinet"
    assert doc.value("//a:lifecycle/a:eventRef/@refersTo") == "#open-debate-on-partnerships"
    assert {k: origins(doc)[k] for k in meta} == dict.fromkeys(meta, "given")


def test_a_sidecar_supplies_what_the_text_lacks(tmp_path: Path) -> None:
    meta = {
        "title": "Remarks at the opening",
        "date": "2030-05-01",
        "language": "fr",
        "country": "fr",
        "actor": "mairie",
    }
    doc = make_master(
        write(tmp_path, meta, "Bonjour à toutes et à tous.\n\nMerci.\n"), ReadOptions()
    ).doc
    assert doc.title == "Remarks at the opening"
    assert doc.work_iri is not None and doc.work_iri.startswith(
        "/akn/fr/doc/communication/mairie/2030-05-01/"
    )
    assert doc.language == "fra" and doc.lang == "fr"
    assert doc.date_text == "1 mai 2030"  # shown in the speech's language


@pytest.mark.parametrize(
    ("meta", "code"),
    [
        ({"dtae": "2021-04-19"}, "PODIUM-E502"),
        ({"date": 20210419}, "PODIUM-E503"),
        ({"speaker": ""}, "PODIUM-E503"),
        ({"actor": "UN SG"}, "PODIUM-E503"),
        ({"date": "2021-02-30"}, "PODIUM-E504"),
        (["not", "an", "object"], "PODIUM-E501"),
    ],
)
def test_bad_sidecars_are_refused_with_a_code(tmp_path: Path, meta: object, code: str) -> None:
    with pytest.raises(MetaError) as err:
        make_master(write(tmp_path, meta), ReadOptions())
    assert err.value.code == code


def test_a_sidecar_that_is_not_json_is_e501(tmp_path: Path) -> None:
    bad = tmp_path / "x.meta.json"
    bad.write_text("{date: 2021}", encoding="utf-8")
    with pytest.raises(MetaError) as err:
        load_sidecar(bad)
    assert err.value.code == "PODIUM-E501"
