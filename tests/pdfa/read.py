"""Reading a PDF back as a reader would: its text, its XMP identification, its fonts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

PDFAID = "http://www.aiim.org/pdfa/ns/id/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: what a page layout adds to text: bidi marks (pdftotext wraps RTL lines in
#: U+202B...U+202C), soft and hard hyphens, any whitespace
_LAYOUT = re.compile(r"[\s\u00ad\u2010\u2011\u200e\u200f\u202a-\u202e\u2066-\u2069-]+")


def pdf_text(path: Path) -> str:
    """The PDF's text in reading order, as pdftotext (poppler-utils) extracts it."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    run = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return run.stdout.decode("utf-8")


def squash(text: str) -> str:
    """Text with layout undone: ligatures split (NFKC); hyphens, bidi marks, spaces gone."""
    return _LAYOUT.sub("", unicodedata.normalize("NFKC", text)).casefold()


def in_order(text: str, parts: list[str]) -> list[str]:
    """The ``parts`` (squashed) that are not found in ``text`` after the previous one."""
    haystack = squash(text)
    missing, pos = [], 0
    for part in parts:
        found = haystack.find(squash(part), pos)
        if found < 0:
            missing.append(part)
        else:
            pos = found
    return missing


def xmp(pdf: pikepdf.Pdf) -> bytes:
    return bytes(pdf.Root.Metadata.read_bytes())


def pdfaid(pdf: pikepdf.Pdf) -> tuple[str | None, str | None]:
    """``(part, conformance)`` from the XMP, written as attributes or as elements."""
    root = etree.fromstring(xmp(pdf), etree.XMLParser(resolve_entities=False))
    found: dict[str, str] = {}
    for description in root.iter(f"{{{RDF}}}Description"):
        for name in ("part", "conformance"):
            value = description.get(f"{{{PDFAID}}}{name}")
            if value is None:
                value = description.findtext(f"{{{PDFAID}}}{name}")
            if value is not None:
                found[name] = value.strip()
    return found.get("part"), found.get("conformance")


@dataclass(frozen=True)
class Font:
    """A font dictionary of the PDF: its name, whether it is embedded, what text it draws."""

    name: str
    embedded: bool
    chars: frozenset[str]

    @property
    def family(self) -> str:
        """``ABCDEF+Noto-Naskh-Arabic-Bold`` -> ``NotoNaskhArabicBold``."""
        return self.name.split("+", 1)[-1].replace("-", "").replace(" ", "")


def fonts(pdf: pikepdf.Pdf) -> list[Font]:
    """Every font dictionary in the file, with the characters its ToUnicode map gives."""
    found = []
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        if obj.get("/Subtype") == "/CIDFontType2" or obj.get("/Subtype") == "/CIDFontType0":
            continue  # descendants: described through their Type0 parent
        descendant = obj.DescendantFonts[0] if "/DescendantFonts" in obj else obj
        descriptor = descendant.get("/FontDescriptor")
        embedded = descriptor is not None and any(
            key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
        )
        chars = _to_unicode(obj.ToUnicode.read_bytes()) if "/ToUnicode" in obj else frozenset()
        found.append(Font(str(obj.get("/BaseFont", "")), embedded, chars))
    return found


def _to_unicode(cmap: bytes) -> frozenset[str]:
    """Characters a ToUnicode CMap maps glyphs to (``bfchar`` and ``bfrange`` entries)."""
    chars: set[str] = set()
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for _, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            chars.update(bytes.fromhex(dst.decode()).decode("utf-16-be", "replace"))
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for lo, hi, dst in re.findall(rb"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            start = int(dst, 16)
            for offset in range(int(hi, 16) - int(lo, 16) + 1):
                chars.add(chr(start + offset))
    return frozenset(chars)


def fido_puid(path: Path) -> str:
    """The PRONOM identifier fido (PyPI opf-fido) gives the file; skip if fido is absent."""
    pytest.importorskip("fido", reason="opf-fido is not installed")
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from fido.fido import main; sys.exit(main())",
            "-q",
            "-nocontainer",
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    fields = run.stdout.strip().splitlines()[0].split(",")
    return fields[2] if fields[0] == "OK" else ""
