"""Deposit one built document as a fresh BagIt bag, checked against its build record.

:func:`make_bag` reads ``podium-build.json`` in a folder written by ``podium build``, copies
exactly the files the record lists (renditions, the byte-exact source and the record itself)
into a staging folder beside the destination, checks every copy against the record's SHA-256,
lets bagit-python turn the staging folder into a bag (SHA-256 and SHA-512 manifests) and renames
it into place. The built folder is only read; a failure leaves neither the destination nor the
staging folder behind. Staging is :mod:`podium.archive.staging` (shared with OCFL deposits);
the Dublin Core comes from :mod:`podium.archive.dublin_core`, the METS from
:mod:`podium.archive.mets`.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath
from typing import Any

import bagit

from podium.convert.errors import Code, DepositError
from podium.convert.options import source_date_epoch
from podium.convert.pipeline.record import RECORD, BuildRecord, Entry, field_error
from podium.convert.pipeline.record import read as read_record
from podium.convert.version import __version__

from . import dublin_core, formats, mets
from .quiet import quiet_bagit
from .staging import WriteFailure, move_into_place, stage_payload, staging_folder

"""The build record ``podium build`` writes into every built folder."""

"""Where a built folder (and a bag's payload) keeps the input and its sidecar."""

PROFILE_ID = "urn:podium:bagit-profile:deposit:1.0"
"""``BagIt-Profile-Identifier`` of every podium bag; the profile ships in
``podium.schemas`` as ``bagit/podium-deposit-1.0.json``."""

BAGIT_DECLARATION = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
"""``bagit.txt`` of a BagIt 1.0 bag (RFC 8493); bagit-python 1.9 itself writes 0.97."""

METADATA_DIR = "metadata"
"""The bag's folder of descriptive tag files: ``mets.xml`` and ``dc.xml``."""

CHECKSUMS = ("sha256", "sha512")
"""Manifests every podium bag carries: SHA-256 (what the record uses) and SHA-512."""

WRITE_FAILURE = WriteFailure(
    "could not write the bag",
    code=Code.E405,
    fix="check free space and permissions where the bag goes",
)
"""How a bag reports a file or folder it could not write."""


@dataclass(frozen=True)
class Deposit:
    """Who deposits: the organization and the person, as the METS names them."""

    organization: str | None = None
    user: str | None = None
    user_address: str | None = None


def make_bag(
    built: Path,
    dest: Path,
    *,
    organization: str | None = None,
    user: str | None = None,
    user_address: str | None = None,
) -> Path:
    """Bag the built folder ``built`` into the new folder ``dest`` and return ``dest``.

    The payload (``data/``) holds the outputs, ``source/<name>`` (the input byte for byte)
    and the input's sidecar if it had one, at the paths the record gives, plus
    ``podium-build.json``; nothing else in ``built`` is copied. The tag files
    ``metadata/mets.xml`` (METS with PREMIS, see :mod:`podium.archive.mets`) and
    ``metadata/dc.xml`` (Dublin Core from the master) describe it. ``bag-info.txt`` records
    ``Source-Organization`` (``organization`` or ``unknown``), the FRBR work IRI as
    ``External-Identifier``, the title as ``External-Description``, ``Bagging-Date`` (the
    record's generation date when ``SOURCE_DATE_EPOCH`` is set, else today in UTC),
    ``Bag-Software-Agent`` and ``BagIt-Profile-Identifier`` (:data:`PROFILE_ID`). The bag
    declares BagIt 1.0 (RFC 8493) and is fully validated before it is moved into place.
    ``user`` (and ``user_address``, a ``mailto:`` or web URI) name the person depositing in
    the METS.

    Raises :class:`DepositError`: PODIUM-E401 (record missing or unreadable), E402 (``dest``
    exists), E403 (a listed file missing or not matching the record), E404 (a recorded path
    leaves the built folder), E405 (the bag could not be written), E406 (the master could not
    be read for the deposit's metadata).

    bagit-python changes the process's working directory while it writes manifests (restored
    afterwards); do not call this from several threads at once.
    """
    built = Path(os.path.abspath(built))
    dest = Path(os.path.abspath(dest))
    record = read_record(built)
    bagged = _bagging_time(record, built)
    bag_info = _bag_info(record, organization, bagged)
    people = Deposit(organization=organization, user=user, user_address=user_address)
    _check_destination(built, dest)
    with staging_folder(dest, WRITE_FAILURE) as staging:
        stage_payload(built, record, staging, WRITE_FAILURE)
        _run_bagit(staging, bag_info)
        _describe(staging, built, record, people, bagged)
        appeared = DepositError(  # still never overwrite
            "the destination appeared while the bag was being built",
            code=Code.E402,
            path=dest,
            fix="choose a new destination or remove the old one first",
        )
        move_into_place(staging, dest, WRITE_FAILURE, appeared)
    return dest


def _bag_info(record: BuildRecord, organization: str | None, bagged: str) -> dict[str, str]:
    """The ``bag-info.txt`` fields of the bag (see :func:`make_bag`)."""
    return {
        "Source-Organization": organization or "unknown",
        "External-Identifier": record.work,
        "External-Description": " ".join(record.title.split()),
        "Bagging-Date": bagged[:10],
        "Bag-Software-Agent": f"podium {__version__}",
        "BagIt-Profile-Identifier": PROFILE_ID,
    }


def _check_destination(built: Path, dest: Path) -> None:
    """Refuse a ``dest`` that exists or lies inside ``built``; make its parent folder."""
    if os.path.lexists(dest):
        raise DepositError(
            "the destination already exists; a deposit never overwrites",
            code=Code.E402,
            path=dest,
            fix="choose a new destination or remove the old one first",
        )
    if dest.is_relative_to(built):
        raise DepositError(
            "the destination is inside the built folder",
            code=Code.E402,
            path=dest,
            fix="put the bag outside the folder it deposits",
        )
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WRITE_FAILURE.error(dest.parent, exc) from exc


def _bagging_time(record: BuildRecord, built: Path) -> str:
    """When the bag is made (ISO 8601, UTC, seconds): the build's time when reproducible.

    With ``SOURCE_DATE_EPOCH`` set, the record's generation time is used, so that bagging
    the same build twice gives the same bytes.
    """
    if source_date_epoch():
        try:
            return datetime.fromisoformat(record.generated).isoformat(timespec="seconds")
        except ValueError as exc:
            what = f'"generated" ({record.generated}) is not an ISO 8601 time'
            raise field_error(built, f"the build record's {what}") from exc
    return datetime.now(UTC).isoformat(timespec="seconds")


def _run_bagit(staging: Path, bag_info: dict[str, str]) -> None:
    """Let bagit-python turn ``staging`` into a bag, quietly and with the cwd restored.

    bagit moves the folder's contents into ``data/`` (our own copy, so harmless) and
    ``os.chdir``s into it while writing; it restores the cwd itself, and we do again in case a
    future version does not.
    """
    cwd = os.getcwd()
    try:
        with quiet_bagit():
            bagit.make_bag(str(staging), dict(bag_info), checksums=list(CHECKSUMS))
    except (bagit.BagError, OSError, RuntimeError) as exc:
        raise WRITE_FAILURE.error(staging, exc) from exc
    finally:
        if os.getcwd() != cwd:
            os.chdir(cwd)


def _describe(
    staging: Path, built: Path, record: BuildRecord, people: Deposit, bagged: str
) -> None:
    """Write the METS and Dublin Core tag files, declare BagIt 1.0, update the tag manifests.

    Runs on the bag bagit-python has just made: the SHA-512s come from its manifest, the
    formats from fido, the Dublin Core from the master in the payload. The METS is checked
    against the METS schema before it is kept, and the finished bag is validated in full.
    """
    files = _payload_files(staging, record)
    masters = [f for f in record.files if f.role == "akn"]
    if not masters:
        raise DepositError(
            "the build record lists no AKN master",
            code=Code.E406,
            path=staging,
            fix="build the input again",
        )
    dc = dublin_core.from_master(staging / "data" / masters[0].path, built / masters[0].path)
    mets_xml = _checked_mets(staging, files, _provenance(record, people, bagged), dc)
    folder = staging / METADATA_DIR
    folder.mkdir()
    (folder / "mets.xml").write_bytes(mets_xml)
    (folder / "dc.xml").write_bytes(mets.dublin_core(dc))
    (staging / "bagit.txt").write_text(BAGIT_DECLARATION, encoding="utf-8")
    _save_tag_manifests(staging)


def _payload_files(staging: Path, record: BuildRecord) -> list[mets.PayloadFile]:
    """Every payload file (the record's files, then the record) as the METS describes it."""
    with quiet_bagit():
        entries = bagit.Bag(str(staging)).payload_entries()
    listed = [*record.files, Entry("record", PurePosixPath(RECORD), "", len(record.raw))]
    files = []
    for item in listed:
        path = f"data/{item.path}"
        digests = entries[path]
        local = staging / path
        files.append(
            mets.PayloadFile(
                role=item.role,
                path=path,
                original_name=_original_name(record, item),
                size=local.stat().st_size,
                sha256=digests["sha256"],
                sha512=digests["sha512"],
                format=formats.identify(local),
            )
        )
    return files


def _checked_mets(
    staging: Path, files: list[mets.PayloadFile], prov: mets.Provenance, dc: list[tuple[str, str]]
) -> bytes:
    """The METS document, refused if its own schema refuses it."""
    mets_xml = mets.mets(files, prov, dc)
    errors = mets.schema_errors(mets_xml)
    if errors:  # podium's own mistake, never the user's: say so
        raise DepositError(
            f"podium wrote a METS document its schema refuses ({errors[0]})",
            code=Code.E405,
            path=staging,
            fix="this is a bug in podium; please report it with the built folder",
        )
    return mets_xml


def _save_tag_manifests(staging: Path) -> None:
    """Let bagit rewrite bag-info and the tag manifests (sorted), then validate in full."""
    cwd = os.getcwd()
    try:
        with quiet_bagit():
            bag = bagit.Bag(str(staging))
            bag.save()  # rewrites bag-info.txt and the tag manifests, now with metadata/
            for algorithm in CHECKSUMS:  # one order for reproducible bags
                manifest = staging / f"tagmanifest-{algorithm}.txt"
                lines = sorted(manifest.read_text(encoding="utf-8").splitlines(), key=_by_path)
                manifest.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
            bagit.Bag(str(staging)).validate(fast=False)
    except (bagit.BagError, OSError) as exc:
        raise WRITE_FAILURE.error(staging, exc) from exc
    finally:
        if os.getcwd() != cwd:
            os.chdir(cwd)


def _by_path(line: str) -> str:
    return line.split(" ", 1)[-1]


def _original_name(record: BuildRecord, item: Entry) -> str:
    """The input's own file name for the source and sidecar; the built name for the rest."""
    entry = record.data.get(item.role) if item.role in ("source", "sidecar") else None
    name = entry.get("name") if isinstance(entry, dict) else None
    return name if isinstance(name, str) and name else item.path.name


def _provenance(record: BuildRecord, people: Deposit, bagged: str) -> mets.Provenance:
    data = record.data
    reader = str(data.get("reader") or "unrecorded")
    tools = _mapping(data.get("tools"))
    render = _mapping(data.get("render"))
    expression = data.get("expression")
    person = None
    if people.user:
        person = mets.Agent("depositor", people.user, "person", note=people.user_address)
    return mets.Provenance(
        work=record.work,
        expression=expression if isinstance(expression, str) else record.work,
        title=" ".join(record.title.split()),
        built=record.generated,
        bagged=bagged,
        record_sha256=hashlib.sha256(record.raw).hexdigest(),
        podium=mets.Agent("podium", "podium", "software", str(data.get("podium") or __version__)),
        fido=formats.tool(),
        bagit=mets.Agent("bagit", "bagit-python", "software", _bagit_version()),
        reader=reader,
        pandoc=(
            mets.Agent("pandoc", "pandoc", "software", str(tools["pandoc"]))
            if reader == "pandoc" and tools.get("pandoc")
            else None
        ),
        organization=(
            mets.Agent("organization", people.organization, "organization")
            if people.organization
            else None
        ),
        person=person,
        render={str(k): str(v) for k, v in render.items() if v is not None},
    )


def _mapping(value: Any) -> dict[str, Any]:
    """A record field that should be a JSON object, or an empty one (older records)."""
    return value if isinstance(value, dict) else {}


def _bagit_version() -> str:
    try:
        return version("bagit")
    except PackageNotFoundError:
        return "unknown"


__all__ = ["CHECKSUMS", "PROFILE_ID", "Deposit", "make_bag"]
