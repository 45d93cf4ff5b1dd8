"""The one URL fetcher WeasyPrint may use: packaged theme files and ``data:`` URLs only.

WeasyPrint's default fetcher follows http, https, ftp and file URLs, so untrusted
markup such as ``<link rel="attachment" href="file:///etc/passwd">`` could embed a
local file in the PDF or make a request.  podium's fetcher refuses everything but
``data:`` URLs and files inside the theme folders it was given.  Every refusal is
recorded in ``refused`` so callers and tests can see what was asked.
"""

from __future__ import annotations

import base64
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse


class LockedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves ``data:`` URLs and files under ``roots``; refuses every other URL."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.roots = [r.resolve() for r in roots]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return self._data(url)
        if scheme == "file":
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if any(path.is_relative_to(root) for root in self.roots) and path.is_file():
                return URLFetcherResponse(url, path.read_bytes())
        self.refused.append(url)
        raise ValueError(f"podium does not fetch {url[:80]!r}: only packaged assets and data: URLs")

    @staticmethod
    def _data(url: str) -> URLFetcherResponse:
        head, _, payload = url[5:].partition(",")
        is_b64 = head.endswith(";base64")
        media = head.removesuffix(";base64") or "text/plain;charset=US-ASCII"
        body = base64.b64decode(payload) if is_b64 else unquote(payload).encode("utf-8")
        return URLFetcherResponse(url, body, {"Content-Type": media})
