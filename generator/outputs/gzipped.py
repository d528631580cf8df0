"""Files stored gzipped (issue 22): the data parts, the search and For you files, the sitemap's parts.

GitHub Pages counts a site's bytes as its files are uploaded, uncompressed: a JSON file of
abstracts takes about twice the bytes gzipped. So what a browser or a crawler fetches and reads
itself is stored as gzip (`.gz`): search.js and foryou.js inflate it (load.js, with the
browser's DecompressionStream), a reader of the data parts with any gzip tool, a crawler reads
a gzipped sitemap as the protocol allows. A host serves such a file as it is, without
Content-Encoding (GitHub Pages: `application/gzip`), so the bytes fetched are the bytes stored.

The gzip is deterministic, so a build's output is a function of its input: no file name, time 0,
the OS byte "unknown" (Python's gzip.compress lets zlib set it), level 9. The price: a reader
of the data needs gunzip; the bytes of one file are those of this machine's zlib.
"""

from __future__ import annotations

import gzip
import struct
import zlib
from collections.abc import Callable

SUFFIX = ".gz"
MAGIC = b"\x1f\x8b"  # a gzip member's first bytes: load.js checks them (a host may inflate the file itself)
_HEADER = MAGIC + bytes([8, 0, 0, 0, 0, 0, 2, 255])  # deflate, no flags, mtime 0, best compression, OS unknown


def gzipped(content: str | bytes) -> bytes:
    """`content` (text as UTF-8) as one deterministic gzip member."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS, 9)
    body = deflate.compress(data) + deflate.flush()
    return _HEADER + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


# What makes the bytes of a gzipped file besides its text: a file is linked from the last build
# only if it was packed the same way (SiteFiles.write keys a packed file by this and its text).
PACKING = f"gzip level 9, zlib {zlib.ZLIB_RUNTIME_VERSION}"


def stored(name: str, content: str | bytes) -> str | bytes:
    """What is written at `name`: its content gzipped when the name says so (ends in .gz), else as it is.
    The outputs give their text under the name it is stored at; the site's writer gzips it, here alone."""
    pack, _ = packer(name)
    return pack(content.encode("utf-8") if isinstance(content, str) else content) if pack else content


def packer(name: str) -> tuple[Callable[[bytes], bytes] | None, str]:
    """How the site's writer packs the file at `name` (SiteFiles.write's pack and packing): gzip for
    a .gz name, nothing else."""
    return (gzipped, PACKING) if name.endswith(SUFFIX) else (None, "")


def inflated(data: bytes) -> str:
    """The text of a gzipped file (a reader's side: tests, tools)."""
    return gzip.decompress(data).decode("utf-8")
