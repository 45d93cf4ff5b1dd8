"""Fonts: Arabic, Chinese and Cyrillic drawn by embedded Noto fonts; a missing font is exit 3."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from podium.convert import build_one, read_master
from podium.convert.errors import EnvironmentProblem
from podium.convert.pdf.fonts import check_fonts, families, fontconfig_lang

from .conftest import FIXTURES, fixed_options
from .pdfa.read import fonts, pdf_text, squash

LANGUAGES = FIXTURES / "languages"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

#: language -> (font family that must draw its letters, Unicode name prefix of its
#: letters, a word of the fixture)
SCRIPTS = {
    "ar": (r"^Noto(Naskh|Sans|Kufi)Arabic", "ARABIC LETTER", "صباح"),
    "zh": (r"^NotoS(erif|ans)CJKSC", "CJK UNIFIED IDEOGRAPH", "联合国儿童基金会"),
    "ru": (r"^(NotoSerif|DejaVuSerif)(Bold|Italic|Condensed)*$", "CYRILLIC", "Председатель"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    done: dict[str, Path] = {}

    def run(lang: str) -> Path:
        if lang not in done:
            out = tmp_path_factory.mktemp(f"fonts-{lang}")
            result = build_one(
                LANGUAGES / lang / "input.txt", fixed_options(out, formats=("akn", "pdf"))
            )
            done[lang] = result.outputs["pdf"]
        return done[lang]

    return run


def letters(text: str) -> str:
    """Only the letters, NFKC-normalised: pdftotext moves digits and punctuation in RTL lines."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalpha())


@pytest.mark.parametrize("lang", SCRIPTS)
def test_script_is_drawn_by_an_embedded_noto_font(built: Callable[[str], Path], lang: str) -> None:
    family, letter_name, _ = SCRIPTS[lang]
    path = built(lang)
    text = "".join(b.text for b in read_master(path.with_name("input.akn.xml")).blocks())
    wanted = {c for c in text if unicodedata.name(c, "").startswith(letter_name)}
    assert len(wanted) > 10
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == lang
        drawing = [f for f in fonts(pdf) if f.chars & wanted]
    assert drawing, "no font draws the script"
    assert set().union(*(f.chars for f in drawing)) >= wanted, "letters with no glyph"
    for font in drawing:
        assert font.embedded, font.name
        assert re.search(family, font.family), f"{font.name} draws {lang} letters"


@pytest.mark.parametrize("lang", SCRIPTS)
def test_text_reads_back_in_logical_order(built: Callable[[str], Path], lang: str) -> None:
    """pdftotext gives Arabic in logical order (each line wrapped in U+202B..U+202C)."""
    path = built(lang)
    text = pdf_text(path)
    assert squash(SCRIPTS[lang][2]) in squash(text)
    haystack, pos = letters(text), 0
    for block in read_master(path.with_name("input.akn.xml")).blocks():
        if block.kind == "p":
            found = haystack.find(letters(block.text), pos)
            assert found >= 0, f"{block.eid} missing or out of order"
            pos = found


# --- the check ----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["ar", "zh", "ru", "en", "fr", "es"])
def test_the_six_un_languages_have_fonts(lang: str) -> None:
    check_fonts(lang)  # the project's set-up installs them: no error


@pytest.mark.parametrize(
    ("lang", "package"),
    [("ar", "fonts-noto-core"), ("zh", "fonts-noto-cjk"), ("ru", "fonts-noto-core")],
)
def test_no_font_is_e903_naming_the_package(lang: str, package: str) -> None:
    query = f":lang={fontconfig_lang(lang)}:family=No Such Font Family"
    with pytest.raises(EnvironmentProblem) as caught:
        check_fonts(lang, pattern=query)
    assert caught.value.code == "PODIUM-E903"
    assert caught.value.exit_code == 3
    assert package in (caught.value.fix or "")


def test_fontconfig_is_asked_once_per_language() -> None:
    families.cache_clear()
    check_fonts("ar")
    check_fonts("ar-EG")
    check_fonts("zh")
    assert families.cache_info().misses == 2
    assert families.cache_info().hits == 1


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("ar", "ar"),
        ("ar-EG", "ar"),
        ("zh", "zh-cn"),
        ("zh-Hans", "zh-cn"),
        ("zh-TW", "zh-tw"),
        ("zh-Hant", "zh-tw"),
        ("zh-HK", "zh-hk"),
        ("ru", "ru"),
        ("en-GB", "en"),
        ("arz", "ar"),  # no fontconfig orthography: checked through its script
        ("sr-Latn", "en"),
        ("xx", None),
    ],
)
def test_bcp47_to_fontconfig_language(tag: str, expected: str | None) -> None:
    assert fontconfig_lang(tag) == expected


# --- end to end: a machine with DejaVu only, a machine without fc-list --------------------
@pytest.fixture
def dejavu_only(tmp_path: Path) -> dict[str, str]:
    """A fontconfig set-up that sees DejaVu only, as on a bare Debian with WeasyPrint."""
    if not DEJAVU.is_dir():
        pytest.skip(f"{DEJAVU} not found")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><dir>{DEJAVU}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir>"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(conf)}


def test_missing_cjk_font_stops_the_pdf_with_exit_3(
    podium: Callable[..., Any], dejavu_only: dict[str, str]
) -> None:
    zh = LANGUAGES / "zh" / "input.txt"
    run = podium("build", zh, "-o", "out", "--to", "pdf", env=dejavu_only)
    assert run.rc == 3, run.err
    assert "PODIUM-E903" in run.err
    assert "fonts-noto-cjk" in run.err
    assert podium("build", zh, "-o", "out", "--to", "akn,html", env=dejavu_only).rc == 0


def test_missing_fc_list_is_exit_3(podium: Callable[..., Any]) -> None:
    ru = LANGUAGES / "ru" / "input.txt"
    run = podium("build", ru, "-o", "out", "--to", "pdf", env={"PATH": "/nonexistent"})
    assert run.rc == 3, run.err
    assert "PODIUM-E904" in run.err
