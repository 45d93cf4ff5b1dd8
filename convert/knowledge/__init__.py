"""What podium knows about speeches, beside the pipeline: vocabularies and their data.

Modules:
  ``ontology``   UN roles, bodies, addressees, status markers, chrome (``data/un.json``)
  ``patterns``   speaker labels, stage words, salutations, status markers, breadcrumbs
  ``head``       the head of a speech: each leading line classified by evidence (``head.json``)
  ``entities``   organizations, countries, places, persons and roles marked in the text
  ``dates``      CLDR dates in the six UN languages (``data/calendar.json``)
  ``language``   detection among the six UN languages, text direction

``data/`` holds the JSON these modules read, each file with an ``_about`` note on its sources.
"""

from __future__ import annotations

from importlib import resources


def read_data(name: str) -> str:
    """The text of ``data/<name>``, shipped with the package."""
    return resources.files(__name__).joinpath("data", name).read_text("utf-8")
