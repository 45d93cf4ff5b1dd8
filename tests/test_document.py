"""SpeechDocument: views of the tree, and serialisation that never re-spaces text."""

from __future__ import annotations

from podium.convert.model.akn import E, mark_spans, parse_bytes, text_of
from podium.convert.model.document import SpeechDocument


def test_to_bytes_indents_containers_but_never_text() -> None:
    doc = SpeechDocument.empty()
    p = E("p", "Two  spaces,\u00a0a no-break space and ")
    p.append(E("role", "Mr. President", refersTo="#x"))
    p[0].tail = " "  # a whitespace-only tail inside mixed content must survive
    p.append(E("i", "end"))
    doc.speech.append(p)
    data = doc.to_bytes()
    again = SpeechDocument(parse_bytes(data))
    assert text_of(again.speech[0]) == "Two  spaces,\u00a0a no-break space and Mr. President end"
    assert b"\n      <address>" in data  # containers are indented for people to read
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")


def test_blocks_and_paragraphs_read_the_speech_in_order() -> None:
    doc = SpeechDocument.empty()
    doc.speech.append(E("block", "Excellencies,", name="salutation", eId="b1"))
    doc.speech.append(E("p", "Text.", eId="p1"))
    assert [(b.kind, b.eid, b.text) for b in doc.blocks()] == [
        ("salutation", "b1", "Excellencies,"),
        ("p", "p1", "Text."),
    ]
    assert doc.paragraphs() == ["Excellencies,", "Text."]


def test_views_are_none_when_the_preface_is_empty() -> None:
    doc = SpeechDocument.empty()
    assert (doc.title, doc.status, doc.date, doc.work_iri) == (None, None, None, None)


def test_mark_spans_keeps_the_text_exactly() -> None:
    p = E("p", "Thank the Security Council and the General Assembly.")
    mark_spans(
        p,
        [(35, 51, E("organization")), (10, 26, E("organization")), (12, 20, E("overlap-ignored"))],
    )
    assert text_of(p) == "Thank the Security Council and the General Assembly."
    assert [c.text for c in p] == ["Security Council", "General Assembly"]


def test_copy_is_independent() -> None:
    doc = SpeechDocument.empty()
    clone = doc.copy()
    clone.speech.append(E("p", "only in the clone"))
    assert doc.paragraphs() == [] and clone.paragraphs() == ["only in the clone"]


def references(doc: SpeechDocument) -> list[tuple[str, str | None]]:
    return [(str(r.tag).split("}")[1], r.get("eId")) for r in doc.findall("//a:references/*")]


def test_a_reference_is_added_once_and_ids_of_two_kinds_never_collide() -> None:
    doc = SpeechDocument.empty()
    place = doc.add_reference("TLCLocation", "nairobi", "/akn/ontology/location/un/nairobi", "N")
    assert doc.add_reference("TLCLocation", "nairobi", "/other", "N") == place == "#nairobi"
    event = doc.add_reference("TLCEvent", "nairobi", "/akn/ontology/event/un/nairobi", "N")
    assert event == "#nairobi-event"
    assert doc.add_reference("TLCEvent", "nairobi", "/akn/ontology/event/un/nairobi", "N") == event
    assert references(doc) == [("TLCLocation", "nairobi"), ("TLCEvent", "nairobi-event")]


def test_a_claimed_id_moves_the_other_kind_aside_with_what_names_it() -> None:
    doc = SpeechDocument.empty()
    ref = doc.add_reference("TLCLocation", "keepers", "/akn/ontology/location/un/keepers", "K")
    doc.speech.append(E("p", E("location", "Keepers", refersTo=ref)))
    author = doc.add_reference(
        "TLCOrganization", "keepers", "/akn/ontology/organization/un/keepers", "K", claim=True
    )
    assert author == "#keepers"
    assert references(doc) == [("TLCLocation", "keepers-location"), ("TLCOrganization", "keepers")]
    assert doc.speech[0][0].get("refersTo") == "#keepers-location"
    assert doc.moved == {"#keepers": "#keepers-location"}
