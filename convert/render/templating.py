"""The Jinja environment: the default theme, an optional user theme over it, autoescape on.

Autoescape is on for every template whatever its extension (``.html.j2``,
``.xhtml.j2``, ``.opf.j2``): Jinja's ``select_autoescape`` default would leave
``.xhtml`` and ``.j2`` unescaped, and every podium template writes markup.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Code, RenderError, UsageError

if TYPE_CHECKING:
    import jinja2


def default_theme() -> Path:
    """The folder of the default theme shipped in ``podium.templates``."""
    return Path(str(resources.files("podium.templates").joinpath("default")))


@cache
def environment(theme: Path | None = None) -> jinja2.Environment:
    """A Jinja environment searching ``theme`` first, then the default theme.

    The default theme is also reachable under the prefix ``default/``, so that a
    theme's ``page.html.j2`` can ``{% extends "default/page.html.j2" %}`` and
    override one block: a plain search path would find the theme's own file again.
    The prefix is tried first, so a theme cannot shadow it.
    """
    import jinja2  # here, not above: the PDF helper reads theme files but renders nothing

    default = default_theme()
    folders = [default]
    if theme is not None:  # a folder: RenderOptions checked it when it was made
        folders.insert(0, theme)
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(default))}),
                jinja2.FileSystemLoader([str(f) for f in folders]),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def asset(name: str, theme: Path | None = None) -> str:
    """The text of a theme asset (a stylesheet), the user's theme first."""
    for folder in ([theme] if theme else []) + [default_theme()]:
        path = folder / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise UsageError(f"theme asset {name} not found")


def render(template: str, context: dict[str, object], theme: Path | None = None) -> str:
    """Render one template; a broken template (a user's theme, most often) is a RenderError."""
    import jinja2

    env = environment(theme)
    try:
        return env.get_template(template).render(**context, asset=lambda n: asset(n, theme))
    except jinja2.TemplateError as exc:
        where = (
            f"{exc.filename}:{exc.lineno}"
            if isinstance(exc, jinja2.TemplateSyntaxError)
            else template
        )
        raise RenderError(
            f"template {where} failed: {type(exc).__name__}: {exc}",
            path=theme,
            code=Code.E302,
            fix="fix the template in your theme, or build without --theme",
        ) from None
