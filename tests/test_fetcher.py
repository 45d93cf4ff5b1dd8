"""LockedFetcher: WeasyPrint reads packaged theme files and data: URLs, nothing else."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
import weasyprint

from podium.convert.pdf.fetcher import LockedFetcher


@pytest.fixture
def theme(tmp_path: Path) -> Path:
    root = tmp_path / "theme"
    root.mkdir()
    (root / "a.css").write_bytes(b"p { color: black }")
    (tmp_path / "outside.txt").write_bytes(b"secret")
    (root / "link.txt").symlink_to(tmp_path / "outside.txt")
    return root


REFUSED = {
    "etc-passwd": lambda t: "file:///etc/passwd",
    "file-outside-roots": lambda t: (t.parent / "outside.txt").as_uri(),
    "upper-case-scheme": lambda t: "FILE:///etc/passwd",
    "dot-dot-out-of-root": lambda t: t.as_uri() + "/../outside.txt",
    "encoded-dot-dot": lambda t: t.as_uri() + "/%2e%2e/outside.txt",
    "symlink-out-of-root": lambda t: (t / "link.txt").as_uri(),
    "missing-file-in-root": lambda t: (t / "nope.css").as_uri(),
    "http-localhost": lambda t: "http://127.0.0.1:9/x",
    "https": lambda t: "https://127.0.0.1:9/x.css",
    "ftp": lambda t: "ftp://127.0.0.1:9/x",
}


@pytest.mark.parametrize("case", REFUSED)
def test_fetcher_refuses_and_records(theme: Path, case: str) -> None:
    url = REFUSED[case](theme)
    fetcher = LockedFetcher([theme])
    with pytest.raises(Exception):  # noqa: B017 - WeasyPrint swallows any non-fatal type
        fetcher.fetch(url)
    assert fetcher.refused == [url]


@pytest.mark.parametrize(
    ("url", "body", "media"),
    [
        ("data:text/css;base64,cCB7IGNvbG9yOiByZWQgfQ==", b"p { color: red }", "text/css"),
        ("data:,a%20b%2Cc", b"a b,c", "text/plain"),
        ("data:text/plain;charset=utf-8,caf%C3%A9", "café".encode(), "text/plain"),
    ],
    ids=["base64", "plain", "percent-encoded-utf8"],
)
def test_fetcher_serves_data_urls(theme: Path, url: str, body: bytes, media: str) -> None:
    fetcher = LockedFetcher([theme])
    response = fetcher.fetch(url)
    assert response.read() == body
    assert response.content_type == media
    assert fetcher.refused == []


def test_fetcher_serves_files_inside_its_roots(theme: Path) -> None:
    fetcher = LockedFetcher([theme])
    assert fetcher.fetch((theme / "a.css").as_uri()).read() == b"p { color: black }"
    assert fetcher.refused == []


def test_weasyprint_through_the_fetcher_embeds_and_fetches_nothing(theme: Path) -> None:
    secret = (theme.parent / "outside.txt").as_uri()
    page = (
        '<html><head><link rel="attachment" href="file:///etc/hostname">'
        f'<link rel="attachment" href="{secret}"></head>'
        '<body><p>Hello</p><img src="http://127.0.0.1:9/x.png"></body></html>'
    )
    # the probe is real: WeasyPrint's own fetcher does embed a local file
    with pikepdf.open(io.BytesIO(weasyprint.HTML(string=page).write_pdf())) as pdf:
        assert "outside.txt" in pdf.attachments
    fetcher = LockedFetcher([theme])
    data = weasyprint.HTML(string=page, url_fetcher=fetcher).write_pdf()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.attachments) == 0
        assert "/AF" not in pdf.Root
    assert set(fetcher.refused) == {"file:///etc/hostname", secret, "http://127.0.0.1:9/x.png"}
