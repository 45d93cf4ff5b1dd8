"""podium.convert.cli: the ``podium`` subcommands that convert, one module each.

Modules:
  ``common``    what every subcommand shares: the parser class, the ``podium: error:`` line,
                the exit codes of contract.md, ``--debug`` and the logging set-up
  ``build``     ``podium build``: speeches to AKN, HTML, PDF and EPUB (and the warm PDF helper)
  ``validate``  ``podium validate``: masters against the AKN XSD and podium's profile
  ``text``      ``podium text``: a master's speech back as plain text
  ``demo``      ``podium demo``: build the bundled sample speech

Each subcommand module has ``add_parser(subparsers)`` and ``run(args) -> int`` and imports
its heavy modules inside ``run``. The ``podium`` command itself, which adds the archive's
subcommands, is :mod:`podium.archive.cli.main`; nothing here imports the archive.
"""
