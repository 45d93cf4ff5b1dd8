"""Templates: autoescape on every extension, a user's theme over the default."""

from __future__ import annotations

from pathlib import Path

import pytest

from podium.convert.errors import UsageError
from podium.convert.templating import default_theme, environment, render


def test_autoescape_covers_xhtml_and_j2_templates(tmp_path: Path) -> None:
    (tmp_path / "x.xhtml.j2").write_text("<p>{{ v }}</p>", encoding="utf-8")
    (tmp_path / "y.opf.j2").write_text("<t>{{ v }}</t>", encoding="utf-8")
    for name in ("x.xhtml.j2", "y.opf.j2"):
        out = render(name, {"v": "<script>&"}, tmp_path)
        assert "<script>" not in out and "&lt;script&gt;&amp;" in out


def test_a_theme_overrides_one_template_and_inherits_the_rest(tmp_path: Path) -> None:
    (tmp_path / "macros.html.j2").write_text(
        (default_theme() / "macros.html.j2")
        .read_text(encoding="utf-8")
        .replace('<p class="salutation"', '<p class="salutation house"'),
        encoding="utf-8",
    )
    env = environment(tmp_path)
    assert env.get_template("base.html.j2").filename == str(default_theme() / "base.html.j2")
    assert env.get_template("macros.html.j2").filename == str(tmp_path / "macros.html.j2")


def test_missing_theme_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        environment(tmp_path / "nope")
