"""Which files a build reads and where each one's outputs go.

:func:`discover` turns the command line's files and folders into the inputs to build;
:func:`stem_of` names an input's output folder ``OUT/<stem>/``, which :func:`output_folder`
checks is a real folder inside OUT.
"""

from __future__ import annotations

from pathlib import Path

from .. import readers
from ..errors import OutputNameError, UsageError
from ..outputs import BY_NAME, MASTER
from .record import RECORD


def stem_of(path: Path) -> str:
    """Output stem of an input: ``speech.txt`` -> ``speech``, ``speech.akn.xml`` -> ``speech``."""
    name = path.name
    for double in (BY_NAME[MASTER].extension,):
        if name.lower().endswith(double):
            return name[: -len(double)]
    return path.stem


def output_folder(out: Path, path: Path) -> Path:
    """``OUT/<stem>/`` for input ``path``; PODIUM-E115 when that would not be a folder of OUT.

    An input named ``...txt`` has the stem ``..`` (its folder would be OUT's parent) and
    ``..txt`` the stem ``.`` (OUT itself); an ``OUT/<stem>`` that is a symbolic link
    would put the build wherever the link points.
    """
    stem = stem_of(path)
    if stem in ("", ".", "..") or "/" in stem or "\x00" in stem:
        raise OutputNameError(
            f"the output folder for this input would be OUT/{stem}/, which is not a folder "
            "inside OUT",
            path=path,
            fix="rename the input (its name before the extension names its output folder)",
        )
    final = out / stem
    if final.is_symlink():
        raise OutputNameError(
            f"OUT/{stem} is a symbolic link; podium writes only into real folders of OUT",
            path=path,
            fix=f"remove the link {final} or choose another OUT",
        )
    return final


def discover(inputs: list[Path], out: Path | None = None) -> list[Path]:
    """Files to build: each file as given, each folder walked for supported extensions.

    The walk skips hidden files and folders, podium's own build folders (those
    holding a ``podium-build.json``) and ``out``, so building a folder twice in a
    row does not pick up the source copies of the first build.  Two inputs with
    the same stem would write the same ``OUT/<stem>/``: refused.
    """
    skip = out.resolve() if out is not None else None
    found: list[Path] = []
    for item in inputs:
        if item.is_dir():
            found += _walk(item, skip)
        elif item.is_file():
            found.append(item)
        else:
            raise UsageError(
                f"no such file or folder: {item}",
                path=item,
                fix="check the path, or run from the folder that holds it",
            )
    seen: dict[str, Path] = {}
    for path in found:
        stem = stem_of(path)
        if stem in seen and seen[stem].resolve() != path.resolve():
            raise UsageError(
                f"{path} and {seen[stem]} would both write OUT/{stem}/",
                path=path,
                fix="rename one of them or build them separately",
            )
        seen[stem] = path
    return list(dict.fromkeys(found))


def _walk(folder: Path, skip: Path | None) -> list[Path]:
    found: list[Path] = []
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        if child.is_dir():
            if (child / RECORD).exists() or (skip is not None and child.resolve() == skip):
                continue
            found += _walk(child, skip)
        elif child.suffix.lower() in readers.READERS:
            found.append(child)
    return found


__all__ = ["discover", "output_folder", "stem_of"]
