"""Saved web pages: the speech found among a site's furniture, nothing loaded or run.

The pages in tests/fixtures/pages/ are the team's own, written in the shapes of saved UN
pages (an un.org statement page, a press.un.org release, an information centre's page
in French) with scripts, styles, frames, images, menus, breadcrumbs, sidebars and a
footer.  ``expected.json`` says what each master must hold and what it must not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from podium.convert.errors import ExternalContentError, WarningCode
from podium.convert.options import ReadOptions
from podium.convert.pipeline.master import make_master
from podium.convert.readers import page, safety

from .conftest import FIXTURES

PAGES = FIXTURES / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text("utf-8"))["pages"]
NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}


def page_file(name: str) -> Path:
    """A page's file: ``NAME.html``, or the golden fixture ``expected.json`` names."""
    return PAGES / EXPECTED[name].get("file", f"{name}.html")


def text_of(tree: etree._Element, xpath: str) -> str:
    return " ".join("".join(tree.xpath(xpath, namespaces=NS)).split())


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_saved_page_gives_its_speech_and_no_chrome(name: str) -> None:
    want = EXPECTED[name]
    made = make_master(page_file(name), ReadOptions())
    tree = etree.fromstring(made.data)
    title = tree.xpath("//a:preface//a:docTitle", namespaces=NS)
    assert " ".join("".join(title[0].itertext()).split()) == want["title"]
    assert (tree.xpath("//a:preface//a:docDate/@date", namespaces=NS) or [None])[0] == want["date"]
    status = tree.xpath("//a:preface//a:docStatus", namespaces=NS)
    assert ("".join(status[0].itertext()) if status else None) == want["status"]
    words = text_of(tree, "//a:preface//text() | //a:mainBody//text()")
    for line in want["head"] + want["body"]:
        assert line in words, f"{line!r} lost"
    for chrome in want["chrome"]:
        assert chrome not in words, f"site furniture {chrome!r} kept"
    codes = {w.code for w in made.doc.warnings}
    assert {WarningCode.W114, WarningCode.W115} <= codes


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_strict_refuses_a_saved_page_as_before(name: str) -> None:
    with pytest.raises(ExternalContentError) as err:
        make_master(page_file(name), ReadOptions(strict=True))
    assert err.value.code == "PODIUM-E113"


def test_each_kind_dropped_is_reported_once() -> None:
    made = make_master(page_file("un-org-statement"), ReadOptions())
    dropped = [w for w in made.doc.warnings if w.code == WarningCode.W114]
    kinds = [w.params["what"] for w in dropped]
    assert len(kinds) == len(set(kinds))
    assert {"scripts", "style sheets", "frames and embedded objects", "images and media"} <= set(
        kinds
    )


def test_what_is_left_of_a_page_loads_and_runs_nothing() -> None:
    for path in map(page_file, sorted(EXPECTED)):
        root = safety.parse_html(path.read_text("utf-8"))
        assert root is not None
        page.strip_active(root)
        assert safety._html_problem(root) is None, path.name


def test_html_a_user_wrote_is_read_whole() -> None:
    """No menus, banner or footer: the page is the speech, as HTML always was read."""
    root = safety.parse_html("<html><body><h1>Remarks on water</h1><p>Short.</p></body></html>")
    assert root is not None and not page.is_saved_page(root)
