"""podium.archive: deposits of built documents, and the command line.

Modules:
  ``bag``     a fresh BagIt bag of one built document (never in place)
  ``ocfl``    deposits into an OCFL 1.1 storage root, one object per FRBR work
  ``verify``  full fixity and structure checks of bags and OCFL; imports no builder
  ``staging`` the staging folder and the checked payload copy both deposit kinds build in
  ``fixity``  the chunked file digest (builders and verifier alike)
  ``mets``    the METS/PREMIS document and the Dublin Core record of a bag
  ``dublin_core`` the speech's Dublin Core elements, read from its master
  ``formats`` PRONOM format identification with fido
  ``quiet``   keeps bagit's logging out of podium's output (used by both)
  ``cli``     the ``podium`` command, the one package that knows convert and archive:
              ``deposit`` and ``verify``, and ``main``, which adds convert's subcommands
  ``launch``  the console script: starts the PDF helper before ``cli`` is imported

``archive`` depends on ``convert`` (errors, master parsing); never the reverse.
"""
