"""A built site on loopback, served as GitHub Pages serves it: `paper-digest serve`, the browser tests
and `make bench` all read the site through this one server.

Pages sends text (HTML, CSS, JavaScript, JSON, XML, SVG) gzip-compressed to a browser that accepts it,
and so does this server: a page's load time and Lighthouse's score are then those of the published
site. Python's plain `SimpleHTTPRequestHandler` sends every byte uncompressed: on a simulated phone,
Lighthouse's "Enable text compression" audit then counts 144 KiB and 0.9 s against the search page at
20,000 papers, and its score drops from 99 to 95, for no fault of the site. The price: each text file
is compressed on each request, at gzip's usual level 6 (2 ms for search.js, 60 KB); nothing is cached,
so a swapped-in build is served at once.
"""

from __future__ import annotations

import email.utils
import functools
import gzip
import http.server
import io
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

# The types Pages compresses, of those a digest has (as mimetypes names them).
COMPRESSED_TYPES = frozenset(
    {
        "application/javascript",
        "application/json",
        "application/xml",
        "application/atom+xml",
        "application/rss+xml",
        "image/svg+xml",
        "text/javascript",
    }
)


def compressed(content_type: str) -> bool:
    return content_type.startswith("text/") or content_type in COMPRESSED_TYPES


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """The static handler, quiet, and gzip for text when the request accepts it."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self) -> BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and compressed(content_type) and path.is_file()):
            return super().send_head()  # directories' redirects, 404s, images and fonts, as before
        try:
            data = path.read_bytes()
            modified = os.stat(path).st_mtime
        except OSError:
            return super().send_head()
        body = gzip.compress(data, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Last-Modified", email.utils.formatdate(modified, usegmt=True))
        self.end_headers()
        return io.BytesIO(body)


def serve_folder(folder: Path, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `folder` on 127.0.0.1 in a background thread (port 0: any free one): the server and its base
    URL, without a trailing slash. The handler resolves paths per request, so it serves each swapped-in
    build."""
    handler = functools.partial(SiteHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` on a free loopback port for the duration: its base URL."""
    server, url = serve_folder(folder)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()  # else an unclosed socket is a ResourceWarning, an error under filterwarnings
