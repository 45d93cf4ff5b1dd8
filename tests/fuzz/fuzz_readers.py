"""Fuzz the reading path of ``podium build`` with atheris: bytes in, a master or a PodiumError.

Two targets, chosen by the first argument: ``text`` feeds the bytes to podium as
``speech.txt``, ``akn`` as ``speech.xml`` (Akoma Ntoso).  Each input goes through
:func:`podium.convert.pipeline.master.make_master`, what ``podium build`` does before it renders
anything: the sidecar lookup, the reader, the normaliser, serialisation and validation
of the master.  An input must give a master or raise a :class:`PodiumError`; any other
exception is a crash (libFuzzer writes the input to ``crash-<sha1>`` and stops).  No
rendering: an input costs a few milliseconds.

Only podium's own modules are instrumented for coverage (``atheris.instrument_imports``
around the import of podium); lxml and charset-normalizer are compiled code.

    python tests/fuzz/fuzz_readers.py text WORK_CORPUS tests/fuzz/corpus/text \\
        -dict=tests/fuzz/text.dict -max_total_time=300 -artifact_prefix=crashes/text-
    python tests/fuzz/fuzz_readers.py akn WORK_CORPUS tests/fuzz/corpus/akn \\
        -dict=tests/fuzz/akn.dict -max_total_time=300 -artifact_prefix=crashes/akn-
    python tests/fuzz/fuzz_readers.py akn crashes/akn-crash-...   # reproduce one input

Every argument after the target is libFuzzer's (``-help=1`` lists them), except two:

``--workdir DIR``
    where the input file is written for each run (default: a new temporary folder);
``--master-errors DIR``
    save inputs whose *master* fails validation (a ``MasterError``, PODIUM-E2xx) to
    DIR, at most 20 per code.  Such an input is not a crash (it is a PodiumError), but
    podium accepted it and then wrote an invalid master, which is worth a look.

``nox -s fuzz`` runs both targets for a bounded time (see noxfile.py).  This is a
script, not a test module: pytest does not collect it (its name is not ``test_*.py``).
"""

from __future__ import annotations

import copy
import hashlib
import random
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import atheris
from lxml import etree

with atheris.instrument_imports(include=["podium"]):
    from podium.convert import make_master
    from podium.convert.errors import MasterError, PodiumError
    from podium.convert.options import ReadOptions

#: target -> the input's file name (its extension picks the reader, as in the CLI)
TARGETS = {"text": "speech.txt", "akn": "speech.xml"}
#: a fixed generation time: the same input gives the same master
OPTIONS = ReadOptions(generated=datetime(2031, 1, 1, tzinfo=UTC))
MAX_SAVED_PER_CODE = 20


def usage() -> None:
    sys.exit(
        "usage: fuzz_readers.py {text|akn} [--workdir DIR] [--master-errors DIR] "
        "[libFuzzer flags and corpus folders or input files]"
    )


def own_option(args: list[str], name: str) -> Path | None:
    """Remove ``name VALUE`` or ``name=VALUE`` from ``args``; the value as a path."""
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            value = args[i + 1]
            del args[i : i + 2]
            return Path(value)
        if arg.startswith(name + "="):
            del args[i]
            return Path(arg.split("=", 1)[1])
    return None


def make_target(path: Path, master_errors: Path | None) -> Callable[[bytes], None]:
    """The function atheris calls with each input."""
    saved: dict[str, int] = {}

    def one_input(data: bytes) -> None:
        path.write_bytes(data)
        try:
            make_master(path, OPTIONS)
        except MasterError as err:
            if master_errors is not None and saved.get(err.code, 0) < MAX_SAVED_PER_CODE:
                saved[err.code] = saved.get(err.code, 0) + 1
                digest = hashlib.sha1(data).hexdigest()
                master_errors.mkdir(parents=True, exist_ok=True)
                (master_errors / f"{path.suffix[1:]}-{err.code}-{digest}").write_bytes(data)
        except PodiumError:
            pass

    return one_input


# --- a structure-aware mutator for the akn target -------------------------------------
# Byte-level mutations almost always break well-formedness or the schema, so the AKN
# reader's mapping is rarely reached.  Half of the akn target's mutations therefore
# edit the parsed tree (delete, copy, move, rename, wrap, retext an element; add a
# fragment), keeping the input well-formed and often schema-valid; the other half are
# libFuzzer's byte mutations (with the dictionary), which test the parser's refusals.

#: element names the reader treats differently, for renames and wraps
# fmt: off
AKN_NAMES = (
    "p", "block", "blockContainer", "blockList", "item", "num", "heading", "subheading",
    "crossHeading", "listIntroduction", "listWrapUp", "ul", "ol", "li", "content", "intro",
    "wrapUp", "section", "chapter", "hcontainer", "tblock", "address", "speech", "question",
    "answer", "from", "scene", "narrative", "summary", "formula", "embeddedStructure",
    "quotedStructure", "subFlow", "authorialNote", "i", "b", "u", "sup", "sub", "eol", "br",
    "span", "inline", "docTitle", "docStatus", "docDate", "longTitle", "preface", "mainBody",
    "debateBody", "debateSection", "preamble", "conclusions", "img", "foreign", "toc",
)
# fmt: on
#: fragments inserted as they are (in the parent's namespace)
FRAGMENTS = (
    "<p>Words.</p>",
    "<p/>",
    "<num>1.</num>",
    "<heading>A heading</heading>",
    "<blockList><item><num>a)</num><p>one</p></item></blockList>",
    '<blockContainer class="quotation"><p>quoted</p></blockContainer>',
    '<block name="quote"><embeddedStructure><p>q</p></embeddedStructure></block>',
    "<ul><li>x</li></ul>",
    "<from>The Chair.</from>",
    "<scene>(Applause)</scene>",
    '<authorialNote marker="1"><p>note</p></authorialNote>',
    "<eol/>",
    '<hcontainer name="h"><num>2.</num><content><p>c</p></content></hcontainer>',
)
#: text and attribute values
WORDS = (
    "",
    " ",
    "\n  ",
    "Thank you.",
    "The President.",
    "1.",
    "(a)",
    "New York, 3 March 2031",
    "quotation",
    "quote",
    "#x",
    "editorial",
    "\u00a0",
    "\u200b",
    "x" * 200,
)
ATTRS = ("class", "name", "eId", "status", "by", "refersTo", "date", "level")
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def mutate_tree(root: etree._Element, rng: random.Random) -> None:
    """One random edit of ``root``'s tree, in place."""
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    el = rng.choice(elements)
    parent = el.getparent()
    ns = etree.QName(el).namespace
    action = rng.randrange(8)
    if action == 0 and parent is not None:  # delete, keeping the text after it
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + (el.tail or "")
        else:
            parent.text = (parent.text or "") + (el.tail or "")
        parent.remove(el)
    elif action == 1 and parent is not None:  # copy next to itself
        el.addnext(copy.deepcopy(el))
    elif action == 2 and parent is not None:  # move into another element (not inside itself)
        others = [o for o in elements if o is not el and el not in o.iterancestors()]
        if others:
            target = rng.choice(others)
            target.insert(rng.randint(0, len(target)), el)
    elif action == 3:  # rename
        el.tag = f"{{{ns}}}{rng.choice(AKN_NAMES)}" if ns else rng.choice(AKN_NAMES)
    elif action == 4 and parent is not None:  # wrap in a new element
        wrapper = etree.Element(f"{{{ns}}}{rng.choice(AKN_NAMES)}" if ns else "p")
        el.addprevious(wrapper)
        wrapper.append(el)
    elif action == 5:  # text or tail
        if rng.random() < 0.5:
            el.text = rng.choice(WORDS)
        else:
            el.tail = rng.choice(WORDS)
    elif action == 6:  # attribute
        name = rng.choice(ATTRS)
        if name in el.attrib and rng.random() < 0.5:
            del el.attrib[name]
        else:
            el.set(name, rng.choice(WORDS))
    else:  # insert a fragment
        try:  # the namespace comes from the (mutated) input and may not be a legal URI
            holder = etree.fromstring(f'<x xmlns="{ns or ""}">{rng.choice(FRAGMENTS)}</x>', PARSER)
        except etree.XMLSyntaxError:
            return
        el.insert(rng.randint(0, len(el)), holder[0])


def akn_mutator(data: bytes, max_size: int, seed: int) -> bytes:
    """libFuzzer's custom mutator for the akn target: a tree edit or a byte mutation."""
    rng = random.Random(seed)
    if rng.random() < 0.5:
        return atheris.Mutate(data, max_size)
    try:
        root = etree.fromstring(data, PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return atheris.Mutate(data, max_size)
    for _ in range(rng.randint(1, 3)):
        mutate_tree(root, rng)
    out = etree.tostring(root, encoding="UTF-8", xml_declaration=rng.random() < 0.5)
    return out if len(out) <= max_size else atheris.Mutate(data, max_size)


def main() -> None:
    args = sys.argv[1:]
    if not args or args[0] not in TARGETS:
        usage()
    target, rest = args[0], args[1:]
    workdir = own_option(rest, "--workdir")
    master_errors = own_option(rest, "--master-errors")
    if workdir is None:
        workdir = Path(tempfile.mkdtemp(prefix=f"podium-fuzz-{target}-"))
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / TARGETS[target]
    extra = {"custom_mutator": akn_mutator} if target == "akn" else {}
    atheris.Setup([sys.argv[0], *rest], make_target(path, master_errors), **extra)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
