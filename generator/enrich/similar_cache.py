"""The similar-papers cache on disk: one checked pickle per vocabulary and code version.

The file is named by `SimilarCache.key` (vocabulary, code and k), so a cache of
another vocabulary or version is never opened; it holds a SHA-256 of its pickle
first, so a damaged or half-written file is ignored, never trusted (then the
lists are computed from scratch). Saving removes the caches of other keys.
Price: at 20,000 papers the file is about 70 MB, read and checked in well under a second.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from generator.enrich.similar import SimilarCache
from generator.files import TEMPORARY, atomic_writer

FOLDER = "similar"
DIGEST = 32  # bytes of SHA-256 before the pickle


def cache_path(cache: Path, key: str) -> Path:
    return cache / FOLDER / f"{key}.pickle"


def load_similar_cache(cache: Path, key: str) -> SimilarCache | None:
    """The last build's cache for this key, or None when missing, damaged or not for this key."""
    try:
        data = cache_path(cache, key).read_bytes()
    except OSError:
        return None
    body = memoryview(data)[DIGEST:]
    if len(data) <= DIGEST or hashlib.sha256(body).digest() != data[:DIGEST]:
        return None
    try:
        value = pickle.loads(body)
    except Exception:  # a pickle from other code; any failure means: compute afresh
        return None
    return value if isinstance(value, SimilarCache) and value.key == key else None


def save_similar_cache(cache: Path, value: SimilarCache) -> None:
    """Write atomically, and remove the caches of other keys (they are never read again)."""
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    path = cache_path(cache, value.key)
    with atomic_writer(path) as handle:
        handle.write(hashlib.sha256(body).digest())
        handle.write(body)
    for other in path.parent.iterdir():
        if other != path and not other.name.endswith(TEMPORARY):
            other.unlink(missing_ok=True)
