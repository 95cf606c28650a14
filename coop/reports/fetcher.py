"""The URL fetcher every PDF uses (`coop.reports.pdf.url_fetcher`), in a module of its own because it derives
from WeasyPrint's: importing it imports WeasyPrint, which coop.reports.pdf leaves until a PDF is made."""

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher

from coop.reports.pdf import URLNotAllowed


class StaticOnlyURLFetcher(URLFetcher):
    """Reads file: URLs under the given roots and refuses everything else (http, data:, any other file)."""

    def __init__(self, roots, **kwargs):
        super().__init__(allowed_protocols=("file",), allow_redirects=False, **kwargs)
        self.roots = [Path(r).resolve() for r in roots]

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise URLNotAllowed(f"PDF rendering may not fetch {url[:200]!r}")
        path = Path(url2pathname(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise URLNotAllowed(f"PDF rendering may not read {str(path)[:200]!r}")
        return super().fetch(url, headers)
