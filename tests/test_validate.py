"""The XSD and each profile rule, proven by breaking a valid master one way at a time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from podium.convert import readers, steps
from podium.convert.errors import MasterError, XMLInputError
from podium.convert.model import validate
from podium.convert.model.akn import NS, XPNS, parse_bytes
from podium.convert.options import ReadOptions

TEXT = (
    "Secretary-General's message to the Human Rights Council [as delivered]\n\n"
    "12 March 2018\n\nMr. President,\n\nRights are universal.\n\nThank you.\n"
)


@pytest.fixture
def master(tmp_path: Path) -> bytes:
    src = tmp_path / "m.txt"
    src.write_text(TEXT, encoding="utf-8")
    return steps.normalise(readers.read(src), ReadOptions()).to_bytes()


def tree_of(data: bytes) -> etree._ElementTree:
    return parse_bytes(data)


def codes(tree: etree._ElementTree) -> list[str]:
    return [v.code for v in validate.violations(tree)]


def mutate(data: bytes, change: Callable[[etree._Element], None]) -> etree._ElementTree:
    tree = tree_of(data)
    change(tree.getroot())
    return tree_of(etree.tostring(tree))  # re-parse: line numbers as a file would have them


def first(root: etree._Element, path: str) -> etree._Element:
    return root.xpath(path, namespaces=XPNS)[0]


def test_a_fresh_master_is_valid(master: bytes) -> None:
    tree = tree_of(master)
    assert validate.violations(tree) == []
    assert validate.is_valid(tree)
    validate.validate(tree)


def test_schema_is_compiled_once() -> None:
    assert validate.schema() is validate.schema()


def test_schema_violation_is_e201(master: bytes) -> None:
    tree = mutate(master, lambda r: first(r, "//a:speech").set("bogus", "1"))
    assert codes(tree) == ["PODIUM-E201"]


def test_dangling_reference_is_e202(master: bytes) -> None:
    tree = mutate(master, lambda r: first(r, "//a:speech").set("to", "#nobody-here"))
    found = validate.violations(tree)
    assert [v.code for v in found] == ["PODIUM-E202"]
    assert found[0].element == "speech" and found[0].line


def test_duplicate_eid_is_e203(master: bytes) -> None:
    def dup(r: etree._Element) -> None:
        ps = r.xpath("//a:speech/a:p", namespaces=XPNS)
        ps[1].set("eId", ps[0].get("eId"))

    tree = mutate(master, dup)
    assert codes(tree) == ["PODIUM-E201"]  # the schema's own uniqueness constraint fires first
    assert "PODIUM-E203" in [v.code for v in validate.profile_violations(tree)]


def test_eid_outside_the_naming_convention_is_e203(master: bytes) -> None:
    tree = mutate(master, lambda r: first(r, "//a:speech/a:p").set("eId", "para-one"))
    assert codes(tree) == ["PODIUM-E203"]


@pytest.mark.parametrize(
    ("path", "attr", "value"),
    [
        ("//a:FRBRWork/a:FRBRdate", "date", "2018-03-13"),
        ("//a:FRBRWork/a:FRBRnumber", "value", "something-else"),
        ("//a:FRBRExpression/a:FRBRlanguage", "language", "fra"),
        ("//a:FRBRWork/a:FRBRthis", "value", "/akn/un/doc/other/!main"),
    ],
    ids=["date", "number", "language", "this"],
)
def test_frbr_disagreement_is_e204(master: bytes, path: str, attr: str, value: str) -> None:
    tree = mutate(master, lambda r: first(r, path).set(attr, value))
    assert set(codes(tree)) == {"PODIUM-E204"}


def test_doc_name_outside_profile_is_e205(master: bytes) -> None:
    tree = mutate(master, lambda r: first(r, "/a:akomaNtoso/a:doc").set("name", "judgment"))
    assert codes(tree) == ["PODIUM-E205"]


def test_empty_speech_is_e206(master: bytes) -> None:
    def empty(r: etree._Element) -> None:
        speech = first(r, "//a:speech")
        for child in list(speech):
            speech.remove(child)
        speech.append(etree.Element(f"{{{NS}}}from"))
        speech[0].text = "Speaker"

    tree = mutate(master, empty)
    assert codes(tree) == ["PODIUM-E201"]  # the schema wants content in a speech too
    assert [v.code for v in validate.profile_violations(tree)] == ["PODIUM-E206"]


@pytest.mark.parametrize("suffix", ["/WD17", "/CSD13", "-other"])
def test_other_namespace_is_e207(master: bytes, suffix: str) -> None:
    data = master.replace(NS.encode(), (NS + suffix).encode())
    assert codes(tree_of(data)) == ["PODIUM-E207"]


def test_validate_raises_with_every_violation(master: bytes) -> None:
    def two(r: etree._Element) -> None:
        first(r, "//a:speech").set("to", "#a")
        first(r, "//a:speech").set("by", "#b")

    with pytest.raises(MasterError) as err:
        validate.validate(mutate(master, two), "m.akn.xml")
    assert err.value.code == "PODIUM-E202"
    assert len(err.value.violations) == 2


def test_doctype_and_entities_are_refused_before_validation() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'
    with pytest.raises(XMLInputError) as err:
        parse_bytes(bomb)
    assert err.value.code in ("PODIUM-E105", "PODIUM-E106")
