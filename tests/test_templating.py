"""Templates: autoescape on every extension, a user's theme over the default."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lhtml

from podium.convert import readers, steps
from podium.convert.errors import UsageError
from podium.convert.options import ReadOptions
from podium.convert.render.context import build_context
from podium.convert.render.templating import default_theme, environment, render

FIXTURES = Path(__file__).parent / "fixtures"


def page_context(**changes: Any) -> dict[str, Any]:
    """The context of the text-structure fixture, with some keys changed."""
    when = datetime(2030, 1, 2, tzinfo=UTC)
    src = FIXTURES / "text-structure" / "input.txt"
    doc = steps.normalise(readers.read(src), ReadOptions(generated=when))
    return {**build_context(doc, when), **changes}


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
    from podium.convert.options import RenderOptions

    with pytest.raises(UsageError):
        RenderOptions(theme=tmp_path / "nope")


def test_a_theme_extends_the_default_template_of_the_same_name(tmp_path: Path) -> None:
    (tmp_path / "page.html.j2").write_text(
        '{% extends "default/page.html.j2" %}{% block footer %}<footer>mine</footer>{% endblock %}',
        encoding="utf-8",
    )
    env = environment(tmp_path)
    assert env.get_template("page.html.j2").filename == str(tmp_path / "page.html.j2")
    assert env.get_template("default/page.html.j2").filename == str(
        default_theme() / "page.html.j2"
    )
    root = lhtml.fromstring(render("page.html.j2", page_context(), tmp_path))
    assert root.findtext("body/footer") == "mine"
    assert root.find("body/main") is not None  # everything else from the default


def test_the_default_page_uses_a_theme_base(tmp_path: Path) -> None:
    """`default/page.html.j2` extends "base.html.j2": the theme's, when it has one."""
    (tmp_path / "base.html.j2").write_text(
        '{% extends "default/base.html.j2" %}{% block before_header %}<p>ribbon</p>{% endblock %}',
        encoding="utf-8",
    )
    root = lhtml.fromstring(render("page.html.j2", page_context(), tmp_path))
    assert root.findtext("body/p") == "ribbon"
    assert root.find("head/style") is not None  # page.html.j2's own block


def test_a_theme_cannot_shadow_the_default_prefix(tmp_path: Path) -> None:
    (tmp_path / "default").mkdir()
    (tmp_path / "default" / "page.html.j2").write_text("shadow", encoding="utf-8")
    env = environment(tmp_path)
    assert env.get_template("default/page.html.j2").filename == str(
        default_theme() / "page.html.j2"
    )


def test_every_default_template_renders_with_autoescape() -> None:
    env = environment(None)
    names = [n for n in env.list_templates() if n.endswith(".j2") and not n.startswith("default/")]
    assert {"page.html.j2", "print.html.j2", "epub/content.xhtml.j2", "epub/nav.xhtml.j2"} <= set(
        names
    )
    ctx = {**page_context(title="<i>&"), "paper_size": "A4", "identifier": "x", "modified": "m"}
    for name in names:
        out = render(name, ctx)
        assert "<i>&" not in out, name
