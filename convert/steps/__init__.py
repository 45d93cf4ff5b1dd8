"""The normaliser's steps, grouped by what they work on.

Modules:
  ``preface``   page chrome, title, delivery status, date line (the preface)
  ``body``      speaker labels, salutations, stage directions, headings, inline dates
  ``speaker``   language, sidecar fields, speaker/role/addressee
  ``identity``  FRBR identification, provenance of each field, eIds

The order they run in is one tuple, ``podium.convert.normalise.STEPS``.
"""
