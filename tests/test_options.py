"""Options check themselves once, as they are made; a build has one clock."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from podium.convert.errors import UsageError
from podium.convert.options import (
    BatchOptions,
    BuildOptions,
    ReadOptions,
    RenderOptions,
    generation_time,
)
from podium.convert.outputs import FORMATS


@pytest.mark.parametrize(
    "make",
    [
        lambda: BuildOptions(formats=("akn", "docx")),
        lambda: RenderOptions(paper="a5"),
        lambda: RenderOptions(pdf_variant="pdf/a-9z"),
        lambda: RenderOptions(theme=Path("/nonexistent/theme")),
        lambda: ReadOptions(lang="en-"),
        lambda: ReadOptions(lang="xx"),
        lambda: BatchOptions(jobs=0),
        lambda: BatchOptions(executor="threads"),
        lambda: BatchOptions(executor="dask"),
    ],
)
def test_a_bad_option_is_refused_as_it_is_made(make: object) -> None:
    with pytest.raises(UsageError) as caught:
        make()  # type: ignore[operator]
    assert caught.value.exit_code == 2


def test_the_formats_are_the_registrys() -> None:
    assert BuildOptions().formats == FORMATS == ("akn", "html", "pdf", "epub")


def test_a_build_has_one_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    when = datetime(2021, 4, 19, tzinfo=UTC)
    options = BuildOptions(read=ReadOptions(lang="fr"), generated=when)
    assert options.read.generated == options.render.generated == when
    assert options.read.lang == "fr"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1618790400")
    assert generation_time() == BuildOptions().generated == when
