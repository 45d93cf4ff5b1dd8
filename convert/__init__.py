"""podium.convert: a speech in, a validated Akoma Ntoso master and its renditions out.

Modules, in pipeline order:
  ``readers``    input formats to a raw :class:`~podium.convert.document.SpeechDocument`
  ``normalise``  ordered named steps: chrome, title, date, salutations, speaker, FRBR, eIds
  ``validate``   the official AKN XSD (compiled once) and podium's profile rules
  ``context``    the master as plain data for templates (no lxml past this point)
  ``writers``    HTML, PDF (WeasyPrint) and EPUB renditions from the Jinja templates
  ``build``      the pipeline for one input, written atomically into ``OUT/<stem>/``

Support: ``document`` (SpeechDocument), ``akn`` (namespace, safe parser), ``dates``,
``ontology`` (UN roles and bodies), ``options``, ``errors``, ``atomic``, ``version``.
"""
