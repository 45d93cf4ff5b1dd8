"""The ``podium`` command: the one module that knows both convert and archive.

Nothing imports this module.  It parses the command line, calls the library,
and turns every :class:`PodiumError` into one ``podium: error:`` line on stderr
with the exit code contract.md fixes (0 done, 1 input failed, 2 usage,
3 environment).  A Python traceback reaches the user only with ``--debug``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from podium.convert.errors import FixityError, PodiumError, UsageError
from podium.convert.logs import configure_logging
from podium.convert.options import (
    EXECUTORS,
    FORMATS,
    PAPERS,
    PDF_VARIANTS,
    BuildOptions,
    ReadOptions,
    RenderOptions,
)
from podium.convert.pdf import helper as pdf_helper
from podium.convert.version import __version__

if TYPE_CHECKING:
    from podium.convert.options import BatchOptions
    from podium.convert.pdf.helper import LayoutHelper

# The heavy modules (lxml, WeasyPrint, the readers, ocfl-py...) are imported by the commands
# that need them, so that `podium build` can fork its PDF helper before loading them.

PROG = "podium"


def say_error(err: PodiumError | str) -> None:
    print(f"{PROG}: error: {err}", file=sys.stderr)


class Parser(argparse.ArgumentParser):
    """argparse, with usage errors as ``podium: error:`` lines carrying a code (exit 2)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        say_error(UsageError(message, fix=f"see `{self.prog} --help`"))
        sys.exit(2)


def _formats(value: str) -> tuple[str, ...]:
    asked = tuple(dict.fromkeys(f.strip().lower() for f in value.split(",") if f.strip()))
    unknown = [f for f in asked if f not in FORMATS]
    if unknown or not asked:
        raise argparse.ArgumentTypeError(
            f"unknown format(s) {', '.join(unknown) or '(none)'}; choose from {','.join(FORMATS)}"
        )
    return tuple(f for f in FORMATS if f in asked or f == "akn")


def parser() -> Parser:
    p = Parser(
        prog=PROG,
        description="Official speeches to a validated Akoma Ntoso master, "
        "print-ready PDF, EPUB and HTML, and archival deposits.",
    )
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks and step timings")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    b = sub.add_parser("build", help="convert speeches to AKN, HTML, PDF and EPUB")
    b.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="a speech file (.txt .md .html .htm .docx .odt .xml), or a folder of them",
    )
    b.add_argument(
        "-o",
        "--out",
        type=Path,
        default=Path("podium-out"),
        help="output folder (default: ./podium-out)",
    )
    b.add_argument(
        "--to",
        type=_formats,
        default=FORMATS,
        metavar="FORMATS",
        help=f"comma-separated outputs among {','.join(FORMATS)} (default: all)",
    )
    b.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes building at once (default 1: in this process)",
    )
    b.add_argument(
        "--force", action="store_true", help="rebuild inputs the build manifest says are unchanged"
    )
    b.add_argument(
        "--report",
        type=Path,
        metavar="FILE.json",
        help="write each document's status, stage timings and warnings as JSON",
    )
    b.add_argument(
        "--executor",
        choices=EXECUTORS,
        default="local",
        help="local worker processes (default) or a Dask distributed cluster",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="the Dask scheduler's address, e.g. tcp://10.0.0.5:8786 (with --executor dask)",
    )
    b.add_argument(
        "--meta",
        type=Path,
        metavar="FILE",
        help="sidecar metadata JSON for the inputs (default: <stem>.meta.json beside each)",
    )
    b.add_argument(
        "--lang", metavar="CODE", help="language of the speech, BCP 47 (default: detected)"
    )
    b.add_argument("--paper", choices=PAPERS, default="a4", help="PDF page size (default: a4)")
    b.add_argument(
        "--pdf-variant",
        type=str.lower,
        choices=PDF_VARIANTS,
        default=RenderOptions.pdf_variant,
        metavar="VARIANT",
        help=f"PDF flavour among {', '.join(PDF_VARIANTS)} (default: {RenderOptions.pdf_variant}"
        "; pdf/a-1b and pdf/a-2* cannot embed the master)",
    )
    b.add_argument(
        "--theme", type=Path, metavar="DIR", help="folder of templates overriding the default"
    )

    v = sub.add_parser("validate", help="check masters against the AKN XSD and podium's profile")
    v.add_argument("files", nargs="+", type=Path, metavar="FILE.akn.xml")

    t = sub.add_parser("text", help="print a master's speech back as plain text")
    t.add_argument("file", type=Path, metavar="FILE.akn.xml")

    d = sub.add_parser(
        "deposit", help="pack a built document as a BagIt bag or into an OCFL storage root"
    )
    d.add_argument("built", type=Path, metavar="BUILT_DIR", help="a folder written by podium build")
    where = d.add_mutually_exclusive_group(required=True)
    where.add_argument("--bag", type=Path, metavar="DEST", help="new bag folder (must not exist)")
    where.add_argument("--ocfl", type=Path, metavar="ROOT", help="OCFL storage root")
    d.add_argument(
        "--organization",
        default=os.environ.get("PODIUM_ORGANIZATION"),
        help="the depositing organization: bag-info Source-Organization and the METS custodian "
        "(default: $PODIUM_ORGANIZATION)",
    )
    d.add_argument(
        "--message",
        default="podium deposit",
        help="OCFL version message (default: podium deposit)",
    )
    d.add_argument(
        "--user",
        metavar="NAME",
        help="the person depositing: OCFL version user (default: podium) and METS archivist",
    )
    d.add_argument(
        "--user-address",
        metavar="URI",
        help="the user's address, e.g. mailto:archives@example.org (OCFL user.address)",
    )

    f = sub.add_parser(
        "verify", help="full fixity and structure check of a bag, OCFL object or storage root"
    )
    f.add_argument("path", type=Path, metavar="PATH")

    m = sub.add_parser("demo", help="build the bundled sample speech (the README's first command)")
    m.add_argument(
        "out",
        nargs="?",
        type=Path,
        default=Path("podium-demo"),
        metavar="OUT",
        help="output folder (default: ./podium-demo)",
    )
    return p


# --- commands ---------------------------------------------------------------------------
def cmd_build(args: argparse.Namespace) -> int:
    from podium.convert.options import BatchOptions

    if args.meta is not None and not args.meta.is_file():
        raise UsageError(
            f"no such sidecar file: {args.meta}",
            path=args.meta,
            fix="give --meta the path of a .meta.json file",
        )
    # the options check themselves as they are made (a wrong language or theme is a usage
    # error before any input is read)
    opts = BuildOptions(
        out=args.out,
        formats=args.to,
        read=ReadOptions(lang=args.lang, meta=args.meta),
        render=RenderOptions(paper=args.paper, theme=args.theme, pdf_variant=args.pdf_variant),
    )
    batch = BatchOptions(
        jobs=args.jobs, force=args.force, executor=args.executor, scheduler=args.scheduler
    )
    return run_batch(
        args.inputs, opts, batch, report_to=args.report, debug=args.debug, pdf=args.pdf_helper
    )


def run_batch(
    inputs: list[Path],
    opts: BuildOptions,
    batch: BatchOptions,
    *,
    report_to: Path | None = None,
    debug: bool = False,
    pdf: LayoutHelper | None = None,
) -> int:
    """Build ``inputs`` with progress shown, the summary printed, the report written."""
    from podium.convert.batch.progress import Display
    from podium.convert.batch.run import build_batch

    display = Display(debug=debug)
    try:
        report = build_batch(inputs, opts, batch, listener=display, on_start=display.start, pdf=pdf)
    finally:
        display.close()
    if len(report.outcomes) > 1:
        display.summary(report)
    if report_to is not None:
        data = json.dumps(report.to_json(), indent=2, ensure_ascii=False)
        from podium.convert.atomic import write_bytes

        write_bytes(report_to, (data + "\n").encode("utf-8"))
    return 1 if report.counts["failed"] else 0


def internal_error(exc: BaseException, path: Path | None = None) -> str:
    where = f"{path}: " if path is not None else ""
    return (
        f"{where}PODIUM-E999: internal error: {type(exc).__name__}: {exc} "
        "(run again with --debug and report the traceback)"
    )


def cmd_validate(args: argparse.Namespace) -> int:
    from podium.convert.model import validate
    from podium.convert.pipeline.master import read_master

    bad = 0
    for path in args.files:
        try:
            problems = validate.violations(read_master(path).tree)
        except PodiumError as err:
            say_error(err)
            bad += 1
            continue
        for v in problems:
            say_error(f"{path}: {v}")
        if problems:
            bad += 1
        else:
            print(f"{path}: valid (AKN 3.0 schema and podium profile)")
    return 1 if bad else 0


def cmd_text(args: argparse.Namespace) -> int:
    from podium.convert.model import validate
    from podium.convert.pipeline.master import read_master, speech_text

    doc = read_master(args.file)
    validate.validate(doc.tree, args.file)
    sys.stdout.write(speech_text(doc))
    return 0


def cmd_deposit(args: argparse.Namespace) -> int:
    from . import bag, ocfl  # imported per command: ocfl-py alone takes 0.2 s to import

    if args.ocfl is not None:
        done = ocfl.deposit(
            args.built,
            args.ocfl,
            message=args.message,
            user=args.user or "podium",
            user_address=args.user_address,
        )
        if not done.changed:
            print(f"unchanged: {args.ocfl} already holds this as {done.version}")
        else:
            print(f"{args.built} -> {args.ocfl} ({done.identifier} {done.version})")
        return 0
    dest = bag.make_bag(
        args.built,
        args.bag,
        organization=args.organization,
        user=args.user,
        user_address=args.user_address,
    )
    print(f"{args.built} -> {dest}/ (BagIt 1.0, METS/PREMIS, sha256 + sha512 manifests)")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from . import verify

    problems = verify.verify(args.path)
    for problem in problems:
        say_error(f"{args.path}: {problem}")
    if problems:
        say_error(FixityError(f"{len(problems)} problem(s) found", path=args.path))
        return 1
    print(f"{args.path}: intact (every payload file present, every digest matches)")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from podium.convert.options import BatchOptions

    sample = resources.files("podium.examples").joinpath("sample-address.txt")
    with resources.as_file(sample) as path:
        opts = BuildOptions(out=args.out)
        return run_batch(
            [path], opts, BatchOptions(force=True), debug=args.debug, pdf=args.pdf_helper
        )


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": cmd_build,
    "validate": cmd_validate,
    "text": cmd_text,
    "deposit": cmd_deposit,
    "verify": cmd_verify,
    "demo": cmd_demo,
}


def wants_pdf_helper(args: argparse.Namespace) -> bool:
    """Whether this command wants a warm PDF helper (:func:`pdf_helper.wanted` decides)."""
    if args.command != "build":
        return pdf_helper.wanted(args.command)
    return pdf_helper.wanted("build", args.to, jobs=args.jobs, executor=args.executor)


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    configure_logging(args.debug)
    if args.command is None:
        p.print_help()
        return 2
    try:
        with pdf_helper.started(wants_pdf_helper(args)) as args.pdf_helper:
            return COMMANDS[args.command](args)
    except PodiumError as err:
        if args.debug:
            traceback.print_exc()
        say_error(err)
        return err.exit_code
    except KeyboardInterrupt:
        say_error("interrupted")
        return 130
    except Exception as exc:  # a bug in podium, not a user mistake: say so plainly
        if args.debug:
            raise
        say_error(internal_error(exc))
        return 1


def entry() -> NoReturn:
    """The ``podium`` command: :func:`main`, then exit without interpreter teardown.

    Every file podium writes is complete (written, synced and renamed) before :func:`main`
    returns, and workers, helpers and clients are shut down inside it; what is left is
    Python freeing a few hundred thousand objects one by one (about 0.1 s after a build).
    The standard streams and logging are flushed first.
    """
    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
