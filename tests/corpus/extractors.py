"""Which extraction library finds a saved page's speech: trafilatura, readability-lxml or
jusText, measured on the team's pages in the shapes of saved UN pages.

For each page of ``tests/fixtures/pages/`` (its scripts, styles and images dropped first,
as podium does), each library's main content is checked against ``expected.json``: the
head lines kept (place and date, title, symbol, introduction), the speech's paragraphs
kept, and the site's furniture left out.  podium itself puts back the head lines the
library leaves out (``readers/page.with_head``); this script measures the libraries bare.

    pip install readability-lxml justext     # trafilatura is podium's own dependency
    python tests/corpus/extractors.py
"""

from __future__ import annotations

import json
from pathlib import Path

from lxml import etree

from podium.convert.readers import page, safety

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"


def trafilatura_text(html: str) -> str:
    return text_of(page.main_content(html) or "")


def readability_text(html: str) -> str:
    from readability import Document

    doc = Document(html)
    return doc.short_title() + "\n" + text_of(doc.summary(html_partial=True))


def justext_text(html: str) -> str:
    import justext

    kept = justext.justext(html.encode("utf-8"), justext.get_stoplist("English"))
    return "\n".join(p.text for p in kept if not p.is_boilerplate)


def text_of(html: str) -> str:
    if not html.strip():
        return ""
    root = etree.fromstring(html, etree.HTMLParser(no_network=True))
    return " ".join("".join(root.itertext()).split()) if root is not None else ""


def main() -> int:
    expected = json.loads((PAGES / "expected.json").read_text("utf-8"))["pages"]
    libraries = {
        "trafilatura": trafilatura_text,
        "readability-lxml": readability_text,
        "jusText": justext_text,
    }
    totals = {name: [0, 0, 0, 0, 0, 0] for name in libraries}  # head, body, chrome: got/of
    for name, want in sorted(expected.items()):
        root = safety.parse_html((PAGES / want.get("file", f"{name}.html")).read_text("utf-8"))
        assert root is not None
        page.strip_active(root)
        html = etree.tostring(root, encoding="unicode", method="html")
        for lib, extract in libraries.items():
            got = " ".join(extract(html).split())
            t = totals[lib]
            t[0] += sum(line in got for line in want["head"])
            t[1] += len(want["head"])
            t[2] += sum(line in got for line in want["body"])
            t[3] += len(want["body"])
            t[4] += sum(chrome in got for chrome in want["chrome"])
            t[5] += len(want["chrome"])
    print(f"{len(expected)} pages (tests/fixtures/pages)\n")
    print("| library | head lines kept | speech paragraphs kept | furniture left in |")
    print("|---|---:|---:|---:|")
    for lib, t in totals.items():
        print(f"| {lib} | {t[0]}/{t[1]} | {t[2]}/{t[3]} | {t[4]}/{t[5]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
