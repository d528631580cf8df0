"""Files stored gzipped: any gzip reader reads them, and the same text makes the same bytes (no name, no time)."""

from __future__ import annotations

import gzip
import zlib

from hypothesis import given
from hypothesis import strategies as st

from generator.outputs.gzipped import MAGIC, gzipped, inflated, stored


@given(st.text())
def test_any_text_comes_back_from_gzip_and_python_gzip_reads_it(text: str) -> None:
    data = gzipped(text)
    assert data.startswith(MAGIC)
    assert inflated(data) == text
    assert gzip.decompress(data) == text.encode("utf-8")


def test_the_same_text_makes_the_same_bytes_with_no_name_time_or_os() -> None:
    text = '{"abstract":"We introduce a benchmark of benchmarks."}\n' * 50
    data = gzipped(text)
    assert data == gzipped(text.encode("utf-8"))
    assert data[3] == 0  # no flags: no file name, no comment, no extra field
    assert data[4:8] == bytes(4)  # time 0
    assert data[9] == 255  # OS unknown, whatever zlib this machine has
    assert len(data) < len(text) // 10  # level 9: repeats cost next to nothing
    assert zlib.decompress(data, wbits=31) == text.encode("utf-8")


def test_bytes_are_kept_as_they_are() -> None:
    assert gzip.decompress(gzipped(b"\xff\x00")) == b"\xff\x00"


def test_a_file_is_stored_gzipped_when_its_name_ends_in_gz() -> None:
    assert stored("data/2025-12.json.gz", "{}") == gzipped("{}")
    assert stored("papers.json", "{}") == "{}"
    assert stored("sitemaps/0001.xml.gz", b"<x/>") == gzipped(b"<x/>")
