"""PDFBox Preflight, the PDF/A-1b validator Debian packages: run it on a PDF, get its verdict.

    python tests/pdfa/preflight.py FILE.pdf...   # one verdict per file; exit 1 if any is invalid

Needs Java and Debian's ``libpdfbox2-java libactivation-java libjaxb-api-java``
(``sh .ci/install-system-packages test`` installs them).  Preflight checks PDF/A-1b
only; nothing offline here validates PDF/A-2, -3 or PDF/UA.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

JAVA_DIR = Path("/usr/share/java")
#: Preflight and what it loads: PDFBox, FontBox, XMPBox, commons-logging, and the
#: javax.activation and JAXB APIs that Java 11+ no longer ships
JARS = (
    "preflight",
    "pdfbox2",
    "fontbox2",
    "xmpbox",
    "commons-logging",
    "javax.activation",
    "jaxb-api",
)
MAIN = "org.apache.pdfbox.preflight.Validator_A1b"


@dataclass(frozen=True)
class Verdict:
    """Preflight's answer: valid or not, and its ``(code, details)`` errors."""

    valid: bool
    errors: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        if self.valid:
            return "valid PDF/A-1b"
        return "not PDF/A-1b: " + "; ".join(f"{code}: {details}" for code, details in self.errors)


def missing(java_dir: Path = JAVA_DIR) -> str | None:
    """Why Preflight cannot run here, or ``None`` when it can."""
    if shutil.which("java") is None:
        return "java is not installed (Debian default-jre-headless)"
    absent = [jar for jar in JARS if not (java_dir / f"{jar}.jar").is_file()]
    if absent:
        return f"{', '.join(absent)} not in {java_dir} (Debian libpdfbox2-java and friends)"
    return None


def preflight(pdf: Path, java_dir: Path = JAVA_DIR) -> Verdict:
    """Validate ``pdf`` as PDF/A-1b with PDFBox Preflight (its XML report, parsed)."""
    classpath = ":".join(str(java_dir / f"{jar}.jar") for jar in JARS)
    run = subprocess.run(
        ["java", "-cp", classpath, MAIN, "xml", str(pdf)],
        capture_output=True,
        timeout=300,
        check=False,
    )
    start = run.stdout.find(b"<?xml")
    if start < 0:
        raise RuntimeError(f"Preflight gave no report: {run.stderr.decode(errors='replace')}")
    report = etree.fromstring(run.stdout[start:], etree.XMLParser(resolve_entities=False))
    errors = [
        (error.findtext("code") or "", error.findtext("details") or "")
        for error in report.iterfind("errors/error")
    ]
    return Verdict(valid=report.findtext("isValid") == "true", errors=errors)


def main(argv: list[str]) -> int:
    why = missing()
    if why:
        print(f"preflight: cannot run: {why}", file=sys.stderr)
        return 2
    bad = 0
    for name in argv:
        verdict = preflight(Path(name))
        print(f"{name}: {verdict}")
        bad += not verdict.valid
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
