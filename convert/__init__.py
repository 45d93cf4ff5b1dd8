"""podium.convert: a speech in, a validated Akoma Ntoso master and its renditions out.

The public API, importable from here (loaded lazily: ``import podium.convert`` costs nothing,
so that the PDF helper's light import path, which passes through this package, stays light)::

    from podium.convert import BuildOptions, build_one, make_master
    result = build_one(Path("speech.txt"), BuildOptions(out=Path("out")))
    master = make_master(Path("speech.txt"), ReadOptions(lang="en"))  # .doc, .data

``build_one``, ``build_batch``, ``make_master``, ``read_master``, ``speech_text``,
``SpeechDocument``, the options (``BuildOptions``, ``ReadOptions``, ``RenderOptions``,
``BatchOptions``) and ``PodiumError`` (the root of every error podium raises, with its code).

Packages and modules, in pipeline order:
  ``readers``    input formats to a raw :class:`~podium.convert.model.document.SpeechDocument`
  ``steps``      the normaliser: an ordered tuple of named steps
  ``model``      the document (``document``), namespace and safe parser (``akn``), FRBR
                 identity (``identity``), the XSD and Schematron validator (``validate``)
  ``render``     the master as plain data for templates (``context``), the Jinja environment
  ``writers``    HTML, PDF and EPUB renditions from the Jinja templates
  ``pdf``        WeasyPrint's half of the PDF (``layout``), its warm helper process, fonts,
                 the locked URL fetcher, XMP
  ``pipeline``   one input: its inputs and stem, its master, its build and build record
  ``batch``      many inputs: plan, manifest, pool and Dask executors, progress

Knowledge: ``knowledge`` (ontology, entities, dates, language, shared patterns), ``sidecar``.

Command line: ``cli``, the conversion subcommands (build, validate, text, demo) and what
every subcommand shares; the ``podium`` command that adds the archive's is
:mod:`podium.archive.cli`.

Support: ``outputs`` (the output formats, one row each), ``options``, ``errors`` (the
catalogue of codes and warnings), ``atomic``, ``logs``, ``version``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .batch.run import BatchReport, build_batch
    from .errors import PodiumError
    from .model.document import SpeechDocument
    from .options import BatchOptions, BuildOptions, ReadOptions, RenderOptions
    from .pipeline.build import BuildResult, build_one
    from .pipeline.master import Master, make_master, read_master, speech_text

#: public name -> the module (relative to this package) that defines it
_HOMES = {
    "build_one": ".pipeline.build",
    "BuildResult": ".pipeline.build",
    "build_batch": ".batch.run",
    "BatchReport": ".batch.run",
    "make_master": ".pipeline.master",
    "Master": ".pipeline.master",
    "read_master": ".pipeline.master",
    "speech_text": ".pipeline.master",
    "SpeechDocument": ".model.document",
    "BuildOptions": ".options",
    "ReadOptions": ".options",
    "RenderOptions": ".options",
    "BatchOptions": ".options",
    "PodiumError": ".errors",
}

__all__ = [
    "BatchOptions",
    "BatchReport",
    "BuildOptions",
    "BuildResult",
    "Master",
    "PodiumError",
    "ReadOptions",
    "RenderOptions",
    "SpeechDocument",
    "build_batch",
    "build_one",
    "make_master",
    "read_master",
    "speech_text",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(home, __name__), name)
    globals()[name] = value  # once: later look-ups do not come here
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
