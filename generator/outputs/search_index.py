"""One Lunr index over every word of the digest, computed whole and cut by term.

The job: give every term of every paper's title, abstract, topics, organisation and authors
the field weight lunr.py's `Builder` would give it in ONE index over all papers
(BM25 with k1 = 1.2, b = 0.75, global idf and average field lengths, field boosts,
rounded to three decimals as lunr.py rounds), then cut the sorted terms into
shards of about SHARD_BYTES each. A query loads only the shards its terms fall in,
and search.js assembles a `lunr.Index` from them whose answers are those of the
unsharded index: a document's score for a query only ever reads the field-vector
entries of the query's own terms (lunr divides by the query vector's magnitude,
not the document's), and a shard carries exactly those entries.

A shard holds, for each of its terms and each field, the papers that have the term
(as gaps from the paper before) and each one's weight (as its place in the term's list
of distinct weights, most frequent first), each a string of one-character codes
(`encode`): a common term's postings are then mostly one character a paper, which gzip
packs well (issue 12: a first query for common words at 100,000 papers).

The invariant, checked by tests/outputs/test_search.py: every weight here equals the one
in lunr.py's own index built from the same terms. The price of computing it with
numpy instead of calling lunr.py's builder is this module; the gain is speed
(20,000 papers of full abstracts in about 2 s instead of a minute).

Text is analysed exactly as lunr.js analyses a query (lowercase, split on
whitespace and hyphens, ASCII trimmer, stop words, one spelling, Porter stemmer as
lunr.js has it), so every indexed term is one a query can reach.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, count

import numpy as np
from lunr.stemmer import PorterStemmer
from lunr.stop_word_filter import WORDS as STOP_WORDS
from scipy import sparse

from generator.spelling import british

# Field name and lunr boost, in index order.
# `author`: the paper's author names (papers from the API; others have none), for `author:liu` and follows.
FIELDS: tuple[tuple[str, int], ...] = (("title", 10), ("abstract", 1), ("topics", 4), ("org", 2), ("author", 3))
K1, B = 1.2, 0.75  # lunr's BM25 parameters (lunr.Builder's defaults)
SHARD_BYTES = 16_000  # a term shard's JSON, about (a term alone may take more)
SUGGEST_MIN_PAPERS = 2  # a word is suggested ("did you mean") when its term is in this many papers

_SEPARATOR = re.compile(r"[\s\xa0-]+")
# lunr.js trims with /^\W+/ and /\W+$/, where \W is ASCII-only: match it exactly.
_LEAD = re.compile(r"^\W+", re.ASCII)
_TRAIL = re.compile(r"\W+$", re.ASCII)
_PLAIN_WORD = re.compile(r"[a-z][a-z0-9]*")
_INNER = re.compile(r"[^\w.']+")  # what splits a word lunr keeps whole into the words inside it


class LunrJsStemmer(PorterStemmer):
    """lunr.py's Porter stemmer, with step 1c as lunr.js has it (the query side stems with lunr.js).

    lunr.py turns a final y into i after any vowel in the stem ("survey" -> "survei"),
    lunr.js only after a consonant ("survey" stays, "try" -> "tri").
    """

    def step1c(self) -> None:
        if self.ends("y") and self.j > self.k0 and self.b[self.j] not in "aeiou":
            self.b = self.b[: self.k] + "i" + self.b[self.k + 1 :]


_STEMMER = LunrJsStemmer()


def trim(word: str) -> str:
    """lunr.js's trimmer: non-word characters (ASCII \\W) off both ends."""
    return _TRAIL.sub("", _LEAD.sub("", word))


def term_of(word: str) -> str:
    """One lowercased word as lunr.js indexes it; '' for a stop word or no word. Between the stop words
    and the stemmer, its British spelling (spelling.british; search.js's `spelling` pipeline function):
    "generalization" and "generalisation" are one term, in the index and in a query."""
    word = trim(word)
    if not word or word in STOP_WORDS:
        return ""
    return _STEMMER.stem(british(word))


def inner_terms(word: str) -> list[str]:
    """The terms of the words inside a lowercased word that lunr keeps whole (a URL, `a/b`, `x{y}`),
    beyond its own term: "github.com/rain" also holds "github.com" and "rain", which a query
    "Rain-Bus" reaches. [] for a plain word."""
    pieces = [piece for piece in _INNER.split(trim(word)) if piece]
    if len(pieces) < 2:
        return []
    return [term for piece in pieces if (term := term_of(piece))]


def analyze(text: str) -> list[str]:
    """The index terms of a text: each word's term as lunr's default pipeline makes it, then the
    terms of the words inside it (inner_terms)."""
    terms = []
    for word in text.lower().replace("-", " ").split():
        if term := term_of(word):
            terms.append(term)
        terms.extend(inner_terms(word))
    return terms


@dataclass(frozen=True)
class Postings:
    """One field's postings, sorted by term then paper: three parallel arrays."""

    term: np.ndarray  # the term's number in `TermIndex.terms`
    doc: np.ndarray  # the paper's number
    weight: np.ndarray  # lunr's field-vector entry, in thousandths (an exact integer)


@dataclass(frozen=True)
class TermIndex:
    """The whole index: sorted terms, each field's postings, how many papers hold each term."""

    terms: list[str]
    fields: tuple[Postings, ...]
    papers_with: np.ndarray  # per term
    surface: dict[str, int]  # each plain word as written (lowercased, trimmed) -> its term's number


@dataclass(frozen=True)
class Analysis:
    """One paper's part of the index, all its weights are computed from (with the other papers'):
    for each field (FIELDS order) its distinct terms, sorted, and how often each occurs there; and
    the plain words it writes with their terms (`TermIndex.surface`). A function of its texts alone,
    so a build keeps it for the next (outputs/kept.py) and analyses only new or changed papers."""

    terms: tuple[tuple[str, ...], ...]
    counts: tuple[tuple[int, ...], ...]
    surface: tuple[tuple[str, str], ...]


class Analyzer:
    """Papers' field texts to their Analysis, each distinct word analysed once (words repeat across papers)."""

    def __init__(self) -> None:
        self._terms: dict[str, tuple[str, ...]] = {}  # a lowercased word -> its term, then its inner terms
        self._surface: dict[str, tuple[str, str] | None] = {}  # a lowercased word -> (plain word, term), if plain
        self._shared: dict[str, str] = {}  # one object a term: a kept store pickles it once

    def _add(self, word: str) -> tuple[str, ...]:
        term = term_of(word)
        found = tuple(self._shared.setdefault(t, t) for t in ([term] if term else []) + inner_terms(word))
        plain = trim(word)
        self._terms[word] = found
        self._surface[word] = (plain, found[0]) if term and _PLAIN_WORD.fullmatch(plain) else None
        return found

    def __call__(self, texts: Sequence[str]) -> Analysis:
        terms, counts, surface = [], [], set()
        for text in texts:
            words = text.lower().replace("-", " ").split()  # _SEPARATOR, faster
            for word in set(words).difference(self._terms):
                self._add(word)
            found = Counter(chain.from_iterable(map(self._terms.__getitem__, words)))
            ordered = sorted(found)
            terms.append(tuple(ordered))
            counts.append(tuple(map(found.__getitem__, ordered)))
            surface.update(map(self._surface.__getitem__, words))
        surface.discard(None)
        return Analysis(terms=tuple(terms), counts=tuple(counts), surface=tuple(sorted(surface)))  # type: ignore[arg-type]


def _round3(scores: np.ndarray) -> np.ndarray:
    """round(score, 3) * 1000 as lunr.py rounds (Python's correctly rounded round), as 32-bit integers."""
    scaled = scores * 1000
    milli = np.rint(scaled).astype(np.int32)
    near_tie = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    for i in np.flatnonzero(near_tie):
        milli[i] = round(round(float(scores[i]), 3) * 1000)
    return milli


def build(texts: Sequence[Sequence[str]]) -> TermIndex:
    """The index of papers given as their field texts (texts[n][f]: field f of paper n, in FIELDS order)."""
    analyze_paper = Analyzer()
    return build_from([analyze_paper(paper) for paper in texts])


def build_from(analyses: Sequence[Analysis]) -> TermIndex:
    """The index of papers given as their analyses: the weights from their term counts, never their text.

    At 100,000 papers the abstracts are 12 million postings and this is a full build's peak of memory: the
    arrays are 32-bit, weights are computed a slice at a time, and a field's postings are put in term order by
    scipy's counting sort (CSR to CSC), not by an argsort of 64-bit places."""
    n = len(analyses)
    terms = sorted(set(chain.from_iterable(chain.from_iterable(a.terms for a in analyses))))
    number = dict(zip(terms, count(), strict=False))
    with_term = np.zeros(len(terms), dtype=np.int64)  # lunr's idf counts a paper once per field the term is in
    counted = []
    for f in range(len(FIELDS)):
        per_paper = [a.terms[f] for a in analyses]
        sizes = np.fromiter(map(len, per_paper), dtype=np.int64, count=n)
        total = int(sizes.sum())
        term = np.fromiter(map(number.__getitem__, chain.from_iterable(per_paper)), dtype=np.int32, count=total)
        tf = np.fromiter(chain.from_iterable(a.counts[f] for a in analyses), dtype=np.int32, count=total)
        with_term += np.bincount(term, minlength=len(terms))
        counted.append((term, sizes, tf))
    idf = np.array([math.log(1 + abs((n - d + 0.5) / (d + 0.5))) for d in with_term.tolist()])
    fields = []
    for _, boost in FIELDS:
        term, sizes, tf = counted.pop(0)  # the field's arrays are this loop's alone: freed as it moves on
        weight = _weights(term, sizes, tf, idf, boost)
        del tf
        starts = np.r_[0, np.cumsum(sizes)]  # each paper's postings, a row of a CSR matrix of papers by terms
        by_term = sparse.csr_matrix((weight, term, starts), shape=(n, len(terms))).tocsc()  # rows stay in order
        del weight, term
        fields.append(
            Postings(
                term=np.repeat(np.arange(len(terms), dtype=np.int32), np.diff(by_term.indptr)),
                doc=by_term.indices.astype(np.int32, copy=False),
                weight=by_term.data,
            )
        )
        del by_term
    words = dict(chain.from_iterable(a.surface for a in analyses))  # each distinct word once, in C
    surface = {plain: number[term] for plain, term in words.items()}
    papers_with = _papers_with(fields, len(terms), n)
    return TermIndex(terms=terms, fields=tuple(fields), papers_with=papers_with, surface=surface)


_SLICE = 1 << 20  # postings weighed at a time: the float temporaries of a slice are a few MB


def _weights(term: np.ndarray, sizes: np.ndarray, tf: np.ndarray, idf: np.ndarray, boost: int) -> np.ndarray:
    """Each posting's field weight (BM25 of its term count, the field's boost), in thousandths, in posting order."""
    n = len(sizes)
    docs = np.repeat(np.arange(n, dtype=np.int32), sizes)
    lengths = np.bincount(docs, weights=tf, minlength=n).astype(np.int64)
    average = int(lengths.sum()) / n if n else 0.0
    weight = np.empty(len(term), dtype=np.int32)
    for lo in range(0, len(term), _SLICE):
        at = slice(lo, lo + _SLICE)
        t, d = tf[at], docs[at]
        score = idf[term[at]] * ((K1 + 1) * t) / (K1 * (1 - B + B * (lengths[d] / average)) + t)
        score *= boost
        weight[at] = _round3(score)
    return weight


def _papers_with(fields: Sequence[Postings], terms: int, n: int) -> np.ndarray:
    """How many papers hold each term, in any field: the columns of the fields' papers-by-terms matrices
    added (scipy merges each column's sorted papers; sorting every posting's place took six times as long)."""
    union = sparse.csc_matrix((n, terms), dtype=np.int8)
    for p in fields:
        ones = np.ones(len(p.doc), dtype=np.int8)  # the structure alone: a weight that rounds to 0 is a posting
        union = union + sparse.csc_matrix((ones, p.doc, np.searchsorted(p.term, np.arange(terms + 1))), (n, terms))
    return np.diff(union.indptr).astype(np.int64)


# How a shard writes numbers: as text of printable ASCII that JSON leaves as it is ("#" to "~" but the
# backslash), a number being zero or more of DIGITS[LAST:] (base MORE, most significant first) then one
# of DIGITS[:LAST]: value = more * LAST + last, so a number under LAST is one character. Gzip then codes
# each character by how often it occurs, which packs the many small gaps and weight places of a common
# term much better than decimal numbers and commas, and search.js reads it faster than JSON numbers.
DIGITS = "".join(c for c in map(chr, range(ord("#"), ord("~") + 1)) if c != "\\")
LAST = 64
MORE = len(DIGITS) - LAST
_TABLE = np.frombuffer(DIGITS.encode("ascii"), dtype=np.uint8)


def encode(values: np.ndarray) -> tuple[str, np.ndarray]:
    """The codes of non-negative integers, concatenated, and where each ends in that text."""
    values = np.asarray(values, dtype=np.int64)
    more = values // LAST
    places = np.zeros(len(values), dtype=np.int64)  # how many of DIGITS[LAST:] each takes
    bound = 1
    while len(values) and bound <= more.max():
        places += more >= bound
        bound *= MORE
    ends = np.cumsum(places + 1)
    text = np.empty(int(ends[-1]) if len(ends) else 0, dtype=np.uint8)
    text[ends - 1] = _TABLE[values % LAST]
    for place in range(1, int(places.max(initial=0)) + 1):  # the place-th digit of `more`, from the right
        at = np.flatnonzero(places >= place)
        text[ends[at] - 1 - place] = _TABLE[LAST + more[at] // MORE ** (place - 1) % MORE]
    return text.tobytes().decode("ascii"), ends


@dataclass(frozen=True)
class _FieldCodes:
    """One field's postings as shards write them, by term number t."""

    papers: str  # paper gaps, coded: term t's are papers[papers_at[t]:papers_at[t + 1]]
    papers_at: list[int]
    codes: str  # each posting's weight as its place in its term's weights, coded
    codes_at: list[int]
    weights: list[int]  # each term's distinct weights, most frequent first (ties: smaller first)
    weights_at: list[int]
    weight_chars: list[int]  # characters the weights before weights_at[t] take in JSON


_CODE_SLICE = 1 << 20  # postings coded at a time (whole terms): a slice's temporaries are tens of MB


def _field_codes(postings: Postings, terms: int) -> _FieldCodes:
    """A field's postings coded, all terms at once (numpy: a shard's Python work is then per term), a slice of
    whole terms at a time: what is coded is per term, so the slices join into what all at once would give."""
    bounds = np.searchsorted(postings.term, np.arange(terms + 1))
    slices = []
    start = 0
    while start < terms:
        end = int(np.searchsorted(bounds, bounds[start] + _CODE_SLICE, side="right")) - 1
        end = min(max(end, start + 1), terms)
        slices.append(_slice_codes(postings, bounds, start, end))
        start = end
    papers, codes = "".join(s.papers for s in slices), "".join(s.codes for s in slices)
    ordered = np.concatenate([s.ordered for s in slices]) if slices else np.zeros(0, dtype=np.int64)
    return _FieldCodes(
        papers=papers,
        papers_at=_joined([s.papers_at for s in slices], [len(s.papers) for s in slices]),
        codes=codes,
        codes_at=_joined([s.codes_at for s in slices], [len(s.codes) for s in slices]),
        weights=ordered.tolist(),
        weights_at=_joined([s.weights_at for s in slices], [len(s.ordered) for s in slices]),
        weight_chars=_joined([s.weight_chars for s in slices], [s.chars for s in slices]),
    )


@dataclass(frozen=True)
class _SliceCodes:
    """_FieldCodes of the terms of one slice, the places counted from the slice's start."""

    papers: str
    codes: str
    ordered: np.ndarray  # the terms' distinct weights, each term's most frequent first
    papers_at: np.ndarray  # per term of the slice
    codes_at: np.ndarray
    weights_at: np.ndarray
    weight_chars: np.ndarray
    chars: int  # characters the slice's weights take in JSON


def _slice_codes(postings: Postings, bounds: np.ndarray, start: int, end: int) -> _SliceCodes:
    """The codes of terms start..end-1 (their postings are bounds[start]:bounds[end])."""
    lo, hi = int(bounds[start]), int(bounds[end])
    term = postings.term[lo:hi].astype(np.int64) - start
    doc, weight = postings.doc[lo:hi], postings.weight[lo:hi]
    firsts = bounds[start:end] - lo  # each term's first posting
    gap = np.diff(doc, prepend=0)
    first = np.ones(len(term), dtype=bool)  # a term's first paper is its gap from 0
    first[1:] = term[1:] != term[:-1]
    gap[first] = doc[first]
    # Each (term, weight) once, with how many postings have it; in each term the most frequent first.
    span = int(weight.max(initial=0)) + 1
    pairs, which, count = np.unique(term * span + weight, return_inverse=True, return_counts=True)
    pair_term, pair_weight = pairs // span, pairs % span
    order = np.lexsort((pair_weight, -count, pair_term))
    place = np.empty(len(pairs), dtype=np.int64)
    place[order] = np.arange(len(pairs)) - np.searchsorted(pair_term[order], pair_term[order])
    papers, papers_end = encode(gap)
    codes, codes_end = encode(place[which])
    ordered = pair_weight[order]
    weights_at = np.searchsorted(pair_term[order], np.arange(end - start))
    chars = np.r_[0, np.cumsum(np.floor(np.log10(np.maximum(ordered, 1))).astype(np.int64) + 2)]  # digits, comma
    return _SliceCodes(
        papers=papers,
        codes=codes,
        ordered=ordered,
        papers_at=np.r_[0, papers_end][firsts],
        codes_at=np.r_[0, codes_end][firsts],
        weights_at=weights_at,
        weight_chars=chars[weights_at],
        chars=int(chars[-1]),
    )


def _joined(places: list[np.ndarray], sizes: list[int]) -> list[int]:
    """Slices' places joined: each slice's counted on from the sizes of those before, then the total."""
    offsets = np.r_[0, np.cumsum(sizes, dtype=np.int64)]
    return np.concatenate([*(at + offset for at, offset in zip(places, offsets, strict=False)), offsets[-1:]]).tolist()


def shards(index: TermIndex, limit: int = SHARD_BYTES) -> Iterator[dict[str, object]]:
    """The term shards, in term order: {"base", "terms", "postings"}.

    `postings[i][f]` holds term base+i's postings in field f: [] when none, else [papers, codes,
    weights]. `papers` codes the papers ascending, each as its difference from the one before (the
    first from 0); `codes` each one's weight, as its place in `weights`: the term's distinct weights
    in thousandths, most frequent first (columns, and few distinct weights: what gzip packs best).
    A shard closes before the term that would take its JSON past about `limit` bytes: a term that
    takes more has a shard of its own, and a query for its neighbours does not load it.
    """
    fields = [_field_codes(postings, len(index.terms)) for postings in index.fields]
    base, size, current_terms, current = 0, 0, [], []
    for number, term in enumerate(index.terms):
        lists: list[list[object]] = []
        grows = len(term) + 8
        for f in fields:
            lo, hi = f.papers_at[number], f.papers_at[number + 1]
            if lo == hi:
                lists.append([])
                continue
            wlo, whi = f.weights_at[number], f.weights_at[number + 1]
            codes = f.codes[f.codes_at[number] : f.codes_at[number + 1]]
            lists.append([f.papers[lo:hi], codes, f.weights[wlo:whi]])
            grows += hi - lo + len(codes) + f.weight_chars[number + 1] - f.weight_chars[number] + 12
        if current_terms and size + grows > limit:
            yield {"base": base, "terms": current_terms, "postings": current}
            base, size, current_terms, current = number, 0, [], []
        current_terms.append(term)
        current.append(lists)
        size += grows
    if current_terms:
        yield {"base": base, "terms": current_terms, "postings": current}


def postings_of(entry: list[object]) -> Iterator[tuple[int, int]]:
    """(paper, weight in thousandths) of one term's postings in one field of a shard (`shards`)."""
    if not entry:
        return
    papers, codes, weights = entry
    doc = 0
    for gap, code in zip(decode(str(papers)), decode(str(codes)), strict=True):
        doc += gap
        yield doc, weights[code]  # type: ignore[index]


def decode(text: str) -> list[int]:
    """The numbers of a text of codes (`encode`)."""
    out, more = [], 0
    for char in text:
        digit = DIGITS.index(char)
        if digit >= LAST:
            more = more * MORE + digit - LAST
        else:
            out.append(more * LAST + digit)
            more = 0
    return out


def suggestions(index: TermIndex) -> list[str]:
    """Words to suggest for a word no paper has: plain words whose term is in SUGGEST_MIN_PAPERS papers
    or more, the most widespread first (ties by word)."""
    papers = index.papers_with.tolist()
    kept = [(word, papers[t]) for word, t in index.surface.items() if papers[t] >= SUGGEST_MIN_PAPERS]
    return [word for word, _ in sorted(kept, key=lambda item: (-item[1], item[0]))]
