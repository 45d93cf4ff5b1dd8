"""podium.archive.cli: the ``podium`` command, the one place that knows convert and archive.

Modules:
  ``main``      the whole command: the top-level parser made of both sides' subcommands,
                the dispatch, and the process's end (:func:`~podium.archive.cli.main.entry`)
  ``deposit``   ``podium deposit``: a built document as a BagIt bag or into an OCFL root
  ``verify``    ``podium verify``: full fixity and structure check of a bag or OCFL
  ``__main__``  ``python -m podium.archive.cli``

The conversion subcommands (build, validate, text, demo) and what every subcommand shares
(the error line, the exit codes, ``--debug``) live in :mod:`podium.convert.cli`. Nothing
imports this package but the console script, :mod:`podium.archive.launch`.
"""
