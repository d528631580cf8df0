"""generator/preview.py: the loopback server sends what GitHub Pages sends, byte for byte once decoded."""

from __future__ import annotations

import gzip
import http.client
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.preview import served

FILES = {
    "index.html": b"<!doctype html><title>home</title>" + b"<p>digest</p>" * 50,
    "search.html": b"<!doctype html><title>search</title>",
    "theme/js/search.js": b"export const answer = 42;\n" * 40,
    "search/index.json": b'{"v": 4, "terms": []}',
    "feeds/all.atom.xml": b"<?xml version='1.0'?><feed/>",
    "papers/2401.00001/index.html": b"<!doctype html><title>a paper</title>",
    "theme/favicon.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    "cover.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
    "search/words.json.gz": gzip.compress(b'["model", "language"]', mtime=0),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("preview")
    for name, data in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    with served(folder) as url:
        yield url


def get(server: str, path: str, accept: str | None = "gzip, deflate, br", method: str = "GET"):
    """The response as sent (http.client decodes nothing, and follows no redirect) and its body."""
    connection = http.client.HTTPConnection(urlsplit(server).netloc, timeout=10)
    headers = {"Accept-Encoding": accept} if accept is not None else {}
    connection.request(method, path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.mark.parametrize(
    "name", ["index.html", "theme/js/search.js", "search/index.json", "feeds/all.atom.xml", "theme/favicon.svg"]
)
def test_text_is_gzipped_when_accepted_and_decodes_to_the_file(server, name: str) -> None:
    response, body = get(server, "/" + name)
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Vary") == "Accept-Encoding"
    assert int(response.getheader("Content-Length")) == len(body)
    assert response.getheader("Last-Modified")
    assert gzip.decompress(body) == FILES[name]


def test_a_query_string_serves_the_page(server) -> None:
    response, body = get(server, "/search.html?q=gen%2A")
    assert response.getheader("Content-Type") == "text/html"
    assert gzip.decompress(body) == FILES["search.html"]


def test_a_folder_with_a_slash_serves_its_index_compressed(server) -> None:
    response, body = get(server, "/papers/2401.00001/")
    assert response.status == 200
    assert gzip.decompress(body) == FILES["papers/2401.00001/index.html"]


def test_a_folder_without_a_slash_is_still_redirected(server) -> None:
    response, _ = get(server, "/papers/2401.00001")
    assert response.status == 301
    assert response.getheader("Location") == "/papers/2401.00001/"


@pytest.mark.parametrize("accept", [None, "identity", "br"])
def test_a_client_that_does_not_accept_gzip_gets_the_bytes(server, accept: str | None) -> None:
    response, body = get(server, "/theme/js/search.js", accept=accept)
    assert response.getheader("Content-Encoding") is None
    assert body == FILES["theme/js/search.js"]


def test_images_are_sent_as_they_are(server) -> None:
    response, body = get(server, "/cover.png")
    assert response.getheader("Content-Encoding") is None
    assert body == FILES["cover.png"]


def test_a_gzipped_file_is_sent_as_stored_as_github_pages_sends_it(server) -> None:
    """A file the build stored gzipped (.gz): its bytes, typed application/gzip, with no Content-Encoding, so
    the browser hands search.js the gzip it inflates itself (load.js)."""
    response, body = get(server, "/search/words.json.gz")
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/gzip"
    assert response.getheader("Content-Encoding") is None
    assert body == FILES["search/words.json.gz"]


def test_a_missing_file_is_404(server) -> None:
    response, _ = get(server, "/nowhere.json")
    assert response.status == 404


def test_head_sends_the_headers_of_get_and_no_body(server) -> None:
    _, got_body = get(server, "/index.html")
    head, head_body = get(server, "/index.html", method="HEAD")
    assert head.status == 200
    assert head_body == b""
    assert head.getheader("Content-Encoding") == "gzip"
    assert head.getheader("Content-Length") == str(len(got_body))


@pytest.mark.slow
def test_each_request_reads_the_file_again(tmp_path: Path) -> None:
    """A swapped-in build is served at once: nothing is cached between requests."""
    with served(tmp_path) as url:
        (tmp_path / "page.html").write_bytes(b"first")
        assert gzip.decompress(get(url, "/page.html")[1]) == b"first"
        (tmp_path / "page.html").write_bytes(b"second")
        assert gzip.decompress(get(url, "/page.html")[1]) == b"second"
