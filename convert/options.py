"""Options as frozen dataclasses, passed explicitly, each checked once when it is made.

Every default is documented here. An option podium cannot honour (an unknown format, paper,
PDF variant or executor, a malformed language tag, a missing theme folder, ``jobs`` below 1)
raises :class:`~podium.convert.errors.UsageError` (exit 2) as the options are made, so
nothing downstream checks them again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from .errors import UsageError
from .outputs import FORMATS

#: ``--paper`` choices -> the CSS page size the print template is given.
PAPERS: dict[str, str] = {"a4": "A4", "letter": "letter"}

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


def source_date_epoch() -> str:
    """``SOURCE_DATE_EPOCH`` as set in the environment (``""`` when not): the one place podium
    reads it (reproducible builds: https://reproducible-builds.org/specs/source-date-epoch/)."""
    return os.environ.get("SOURCE_DATE_EPOCH", "")


def generation_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (reproducible builds), in UTC, whole seconds."""
    epoch = source_date_epoch().strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


def _refuse(unknown: list[str], what: str, known: tuple[str, ...], fix: str) -> None:
    if unknown:
        raise UsageError(f"unknown {what}: {', '.join(unknown)}", fix=f"{fix} {','.join(known)}")


@dataclass(frozen=True)
class ReadOptions:
    """How an input becomes a master."""

    #: BCP 47 language of the speech (``en``, ``fr``, ``ar``...); ``None``: English.
    lang: str | None = None
    #: a sidecar JSON file whose fields win over what the reader inferred (``--meta``);
    #: ``None``: look for ``<stem>.meta.json`` beside each input
    meta: Path | None = None
    #: when the master is generated (FRBRManifestation date); in a build, the build's clock
    #: (:attr:`BuildOptions.generated`)
    generated: datetime = field(default_factory=generation_time)
    #: refuse a saved web page's scripts, styles, frames and images (PODIUM-E113) rather
    #: than drop them with a warning (``--strict``)
    strict: bool = False

    def __post_init__(self) -> None:
        if self.lang is None:
            return
        from .model.identity import iso639_2  # pycountry: only when a language is given
        from .sidecar import known_language

        if not known_language(self.lang):
            iso639_2(self.lang)  # an unknown code says so, with its own message
            raise UsageError(  # a known language in a malformed tag (``en-``)
                f"{self.lang!r} is not a BCP 47 language tag",
                fix="use a BCP 47 code such as en, fr, es, ar, ru, zh or zh-Hans",
            )


@dataclass(frozen=True)
class RenderOptions:
    """How renditions are made from a master."""

    #: page size for the PDF: a key of :data:`PAPERS` (``a4`` or ``letter``)
    paper: str = "a4"
    #: a folder with a user's theme overriding the default templates; ``None``: default
    theme: Path | None = None
    #: generation time written into the PDF and EPUB metadata; in a build, the build's clock
    #: (:attr:`BuildOptions.generated`)
    generated: datetime = field(default_factory=generation_time)
    #: PDF flavour (``--pdf-variant``, any case): PDF/A-3u, archival with Unicode text and the
    #: master embedded; the choices are :data:`PDF_VARIANTS`
    pdf_variant: str = "pdf/a-3u"

    def __post_init__(self) -> None:
        _refuse(
            [self.paper] if self.paper not in PAPERS else [],
            "paper size",
            tuple(PAPERS),
            "choose one of",
        )
        if self.pdf_variant.lower() not in PDF_VARIANTS:
            raise UsageError(
                f"unknown PDF variant {self.pdf_variant!r}",
                fix=f"choose one of {', '.join(PDF_VARIANTS)}",
            )
        if self.theme is not None and not self.theme.is_dir():
            raise UsageError(
                f"theme folder {self.theme} does not exist",
                path=self.theme,
                fix="give --theme a folder holding your templates",
            )


@dataclass(frozen=True)
class BuildOptions:
    """One ``podium build``: which outputs, where, when, and how to read and render."""

    #: folder receiving ``OUT/<stem>/``
    out: Path = Path("podium-out")
    #: formats to write (subset of :data:`~podium.convert.outputs.FORMATS`; the master is
    #: always written)
    formats: tuple[str, ...] = FORMATS
    read: ReadOptions = field(default_factory=ReadOptions)
    render: RenderOptions = field(default_factory=RenderOptions)
    #: the build's one clock: the time the master, the record and every rendition carry.
    #: It replaces whatever time ``read`` and ``render`` were made with.
    generated: datetime = field(default_factory=generation_time)

    def __post_init__(self) -> None:
        _refuse(
            [f for f in self.formats if f not in FORMATS],
            "output format(s)",
            FORMATS,
            "use --to with",
        )
        if self.read.generated != self.generated:
            object.__setattr__(self, "read", replace(self.read, generated=self.generated))
        if self.render.generated != self.generated:
            object.__setattr__(self, "render", replace(self.render, generated=self.generated))


@dataclass(frozen=True)
class BatchOptions:
    """How a batch runs (the build options say what each document becomes)."""

    #: documents built at once (1: in this process)
    jobs: int = 1
    #: rebuild inputs the build manifest says are unchanged
    force: bool = False
    #: a key of :data:`EXECUTORS`: ``local`` worker processes or a ``dask`` cluster
    executor: str = "local"
    #: the Dask scheduler's address, e.g. ``tcp://10.0.0.5:8786`` (``executor="dask"``)
    scheduler: str | None = None

    def __post_init__(self) -> None:
        if self.jobs < 1:
            raise UsageError("--jobs must be 1 or more", fix="give --jobs a positive number")
        if self.executor not in EXECUTORS:
            raise UsageError(
                f"unknown executor {self.executor!r}", fix=f"use one of {', '.join(EXECUTORS)}"
            )
        if self.executor == "dask" and not self.scheduler:
            raise UsageError(
                "--executor dask needs the scheduler's address",
                fix="give --scheduler tcp://HOST:8786 (see docs/scale.md)",
            )


__all__ = [
    "EXECUTORS",
    "FORMATS",
    "PAPERS",
    "PDF_VARIANTS",
    "BatchOptions",
    "BuildOptions",
    "ReadOptions",
    "RenderOptions",
    "generation_time",
    "source_date_epoch",
]
