"""The output formats podium writes: one row each, read by everything that names a format.

Adding a format is one row of :data:`OUTPUTS` (and its writer module in
:mod:`podium.convert.writers`): the build options accept it, the writer registry finds its
writer, the build names its file, the ``--to`` help lists it, and a deposit's METS files it
under its group and label with the tool that made it (:mod:`podium.archive.mets`).

This module imports nothing heavy: the options and the command line read it before any
writer is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    """One output format: how its file is named and typed, written and described."""

    #: the format's name (``--to``, the build record's ``outputs`` keys)
    name: str
    #: the file name extension after the stem
    extension: str
    #: the IANA media type of the file
    media_type: str
    #: the module of :mod:`podium.convert.writers` that writes it; ``None``: the master,
    #: which the build itself writes
    writer: str | None
    #: the METS file group (``USE``) a deposit files it under
    group: str
    #: the METS structural label
    label: str
    #: how a rendition is derived from the master (PREMIS event); ``None`` for the master
    tool: str | None = None
    #: its place among the deposit's files (METS structure map), which lists the master,
    #: then the renditions from the most to the least archival
    shelf: int = 0


#: Every output format, in build order; the master always comes first.
OUTPUTS: tuple[Output, ...] = (
    Output(
        "akn", ".akn.xml", "application/akn+xml", None, "preservation", "Akoma Ntoso 3.0 master"
    ),
    Output("html", ".html", "text/html", "html", "access", "HTML page", "Jinja templates", shelf=3),
    Output(
        "pdf",
        ".pdf",
        "application/pdf",
        "pdf",
        "access",
        "print-ready PDF",
        "Jinja templates and WeasyPrint",
        shelf=1,
    ),
    Output(
        "epub",
        ".epub",
        "application/epub+zip",
        "epub",
        "access",
        "EPUB 3 publication",
        "Jinja templates, packaged as EPUB 3",
        shelf=2,
    ),
)

#: name -> row
BY_NAME: dict[str, Output] = {output.name: output for output in OUTPUTS}

#: The format names, in build order.
FORMATS: tuple[str, ...] = tuple(BY_NAME)

#: The master's format: always written, never asked for.
MASTER = "akn"


def file_name(stem: str, fmt: str) -> str:
    """The name of output ``fmt`` of the input whose stem is ``stem``."""
    return stem + BY_NAME[fmt].extension


__all__ = ["BY_NAME", "FORMATS", "MASTER", "OUTPUTS", "Output", "file_name"]
