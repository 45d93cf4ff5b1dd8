"""podium.convert: a speech in, a validated Akoma Ntoso master and its renditions out.

Modules, in pipeline order:
  ``readers``    input formats to a raw :class:`~podium.convert.model.document.SpeechDocument`
  ``normalise``  the ordered tuple of named steps (the steps live in ``steps``)
  ``validate``   the official AKN XSD and podium's Schematron profile, each compiled once
  ``context``    the master as plain data for templates (no lxml past this point)
  ``writers``    HTML, PDF (WeasyPrint) and EPUB renditions from the Jinja templates
  ``build``      the pipeline for one input, written atomically into ``OUT/<stem>/``

Knowledge: ``ontology`` (UN roles, bodies, markers: ``data/un.json``), ``entities``
(organizations, places, persons, roles in six languages), ``dates`` (CLDR dates in six
languages), ``language`` (detection among the six UN languages), ``sidecar``.

Command line: ``cli``, the conversion subcommands (build, validate, text, demo) and what
every subcommand shares; the ``podium`` command that adds the archive's is
:mod:`podium.archive.cli`.

Support: ``document`` (SpeechDocument), ``akn`` (namespace, safe parser), ``pandoc_call``
(the one place that runs pandoc), ``fetcher`` (WeasyPrint's locked URL fetcher),
``templating``, ``options``, ``errors``, ``atomic``, ``version``.
"""
