"""``podium deposit``: pack a built document as a BagIt bag or into an OCFL storage root."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from podium.convert.cli.common import Parser, Subparsers

NAME = "deposit"


def add_parser(subparsers: Subparsers) -> Parser:
    d = subparsers.add_parser(
        NAME, help="pack a built document as a BagIt bag or into an OCFL storage root"
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
    return d


def run(args: argparse.Namespace) -> int:
    from .. import bag, ocfl  # imported per command: ocfl-py is slow to import

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
