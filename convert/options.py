"""Options as frozen dataclasses, passed explicitly; every default documented here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .errors import UsageError

#: Output formats in build order; the master always comes first.
FORMATS = ("akn", "html", "pdf", "epub")


def check_formats(formats: tuple[str, ...]) -> None:
    """Refuse output formats podium does not write (:class:`UsageError`, exit 2)."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(
            f"unknown output format(s): {', '.join(unknown)}",
            fix=f"use --to with {','.join(FORMATS)}",
        )


PAPERS = ("a4", "letter")


def generation_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds), in UTC, whole seconds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


#: ``--pdf-variant`` choices -> whether the PDF carries the AKN master.  The default,
#: ``pdf/a-3u``, is :attr:`RenderOptions.pdf_variant <podium.convert.options.RenderOptions>`.
PDF_VARIANTS: dict[str, bool] = {
    "pdf/a-3u": True,
    "pdf/a-3b": True,
    "pdf/a-3a": True,
    "pdf/a-2u": False,
    "pdf/a-2b": False,
    "pdf/a-1b": False,
    "pdf/ua-1": True,
}

#: where a batch's documents are built: local worker processes, or a Dask cluster
EXECUTORS = ("local", "dask")


@dataclass(frozen=True)
class ReadOptions:
    """How an input becomes a master."""

    #: BCP 47 language of the speech (``en``, ``fr``, ``ar``...); ``None``: English.
    lang: str | None = None
    #: a sidecar JSON file whose fields win over what the reader inferred (``--meta``);
    #: ``None``: look for ``<stem>.meta.json`` beside each input
    meta: Path | None = None
    #: when the master is generated (FRBRManifestation date, EPUB dcterms:modified)
    generated: datetime = field(default_factory=generation_time)


@dataclass(frozen=True)
class RenderOptions:
    """How renditions are made from a master."""

    #: page size for the PDF: ``a4`` or ``letter``
    paper: str = "a4"
    #: a folder with a user's theme overriding the default templates; ``None``: default
    theme: Path | None = None
    #: generation time written into the PDF and EPUB metadata
    generated: datetime = field(default_factory=generation_time)
    #: PDF flavour (``--pdf-variant``): PDF/A-3u, archival with Unicode text and the
    #: master embedded; the choices are :data:`PDF_VARIANTS`
    pdf_variant: str = "pdf/a-3u"


@dataclass(frozen=True)
class BuildOptions:
    """One ``podium build``: which outputs, where, and how to read and render."""

    #: folder receiving ``OUT/<stem>/``
    out: Path = Path("podium-out")
    #: formats to write (subset of :data:`FORMATS`; the master is always written)
    formats: tuple[str, ...] = FORMATS
    read: ReadOptions = field(default_factory=ReadOptions)
    render: RenderOptions = field(default_factory=RenderOptions)
