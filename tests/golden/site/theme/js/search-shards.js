/* A lunr.Index made of the term shards a query needs, and lunr's answer on it a part at a time: an ES module.
 *
 * One Lunr index over every word of every paper is built at build time (generator/outputs/search_index.py)
 * and cut by term. `assemble` makes a lunr.Index of the shards a query's terms fall in; lunr scores a paper
 * by the entries of the query's terms only, so the ranking is lunr's over the whole digest. For a query that
 * reaches thousands of papers, `firstResults` gives the first ten exactly as lunr ranks them without lunr
 * scoring every paper, and `queryInParts` gives lunr's whole answer scoring a part of the papers at a time,
 * with a pause between (the page keeps its turns): same results, same order, same scores.
 *
 * Pure: lunr.js is an argument, nothing here touches a document or the network (engine.js loads the files).
 */

import { parseQuery } from "./search-spelling.js";

const NO_METADATA = Object.freeze({});  // lunr only reads a posting's metadata (no whitelist): one object serves all

/* A numbered search file's path: the pattern's run of # replaced by the number, zero-padded to its width. */
export function numbered(pattern, number) {
  return pattern.replace(/#+/, (hashes) => String(number).padStart(hashes.length, "0"));
}

/* Where `key` is, or would be, in a sorted array of strings: the first place not below it. */
export function lowerBound(sorted, key) {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < key) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/* The term shard `term` falls in: the last whose first term is not above it. */
export function shardOf(firsts, term) {
  let lo = 0, hi = firsts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (firsts[mid] <= term) lo = mid + 1; else hi = mid;
  }
  return Math.max(lo - 1, 0);
}

/* The terms a query in lunr's syntax reaches, as lunr.Index.query will read its clauses: {term} (one
 * term), {prefix} (every term that starts with it: a wildcard after some letters) or {clause} (fuzzy,
 * or a wildcard first: the whole vocabulary says which terms). Throws lunr's QueryParseError. */
export function syntaxNeeds(lunr, pipeline, fields, q) {
  const query = new lunr.Query(fields);
  parseQuery(lunr, q, query);
  const needs = [];
  for (const clause of query.clauses) {
    const terms = clause.usePipeline ? pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
    for (const term of terms) {
      const prefix = term.split("*")[0], fields = clause.fields;
      if (clause.editDistance || (term.includes("*") && !prefix)) needs.push({ clause: { ...clause, term }, fields });
      else if (term.includes("*")) needs.push({ prefix, fields });
      else needs.push({ term, fields });
    }
  }
  return { needs, negated: query.isNegated() };
}

/* A function that reads the numbers a text of codes holds (a term shard's `papers` and `codes`), as an
 * Int32Array: each number is zero or more "more" digits then one "last" digit, the digits being the
 * head's `digits` (search_index.py's `encode`: the first `last` of them end a number). */
export function codeReader(head) {
  const { digits, last } = head, more = digits.length - last, digit = new Int8Array(128).fill(-1);
  for (let i = 0; i < digits.length; i++) digit[digits.charCodeAt(i)] = i;
  return (text) => {
    const out = new Int32Array(text.length);
    let n = 0, high = 0;
    for (let i = 0; i < text.length; i++) {
      const d = digit[text.charCodeAt(i)];
      if (d >= last) high = high * more + d - last;
      else {
        out[n++] = high * last + d;
        high = 0;
      }
    }
    return out.subarray(0, n);
  };
}

/* A lunr.Index of the given term shards (in term order): their terms' postings and, for every paper
 * they touch, the field-vector entries of those terms, as lunr.py computed them over the whole digest.
 * lunr scores a paper by the entries of the query's terms only (it divides by the query vector's
 * magnitude, not the paper's), so for a query whose terms all lie in these shards this index answers
 * as the unsharded one does. `negated` (every clause is -x): lunr then starts from every paper, so
 * every paper gets field vectors. `keep(term)`: the fields to take a term in ([]: leave it out; lunr
 * reads a term's postings in its clause's fields only); `only`: a Set
 * of the papers to take (null: all), when no other paper can match. Returns the index, its terms (sorted),
 * and its papers' field vectors, packed (packVectors: for firstResults and queryInParts).
 *
 * A term's postings in a field are [papers, codes, weights] ([] for none): the papers as gaps from the
 * one before, and each one's weight as its place in `weights` (thousandths; search_index.shards). */
export function assemble(lunr, head, shards, negated, keep = () => head.fields, only = null) {
  const { fields } = head, pipeline = lunr.Pipeline.load(head.pipeline), read = codeReader(head);
  const invertedIndex = Object.create(null), terms = [], lists = [];  // lists: [term index, field, papers, weights]
  const counts = fields.map(() => new Int32Array(head.papers));  // how many of the terms each paper has, by field
  const papersOf = fields.map(() => []);  // by field, the papers that have any
  for (const shard of shards) {
    shard.terms.forEach((term, i) => {
      const wanted = keep(term);
      if (!wanted.length) return;
      const index = shard.base + i, posting = { _index: index };
      terms.push(term);
      fields.forEach((field, f) => {
        const entry = shard.postings[i][f];
        posting[field] = {};
        if (!entry.length || !wanted.includes(field)) return;  // none, or no clause looks this term up here
        const papers = read(entry[0]), places = read(entry[1]), weights = new Float64Array(papers.length);
        let kept = 0;
        for (let j = 0, doc = 0; j < papers.length; j++) {
          doc += papers[j];
          if (only && !only.has(doc)) continue;
          papers[kept] = doc;
          weights[kept++] = entry[2][places[j]] / 1000;
          if (!counts[f][doc]++) papersOf[f].push(doc);
        }
        const docs = papers.subarray(0, kept);
        lists.push([index, f, docs, weights.subarray(0, kept)]);
        // The term's papers in this field as lunr reads them ({paper: metadata}), made when it first does:
        // the search page's lunr reads indexes of some papers (firstResults, queryInParts), not this one.
        Object.defineProperty(posting, field, {
          configurable: true,
          enumerable: true,
          get() {
            const made = {};
            for (const doc of docs) made[doc] = NO_METADATA;
            Object.defineProperty(posting, field, { value: made, enumerable: true });
            return made;
          },
        });
      });
      invertedIndex[term] = posting;
    });
  }
  const vectors = packVectors(counts, papersOf, lists), tokenSet = lunr.TokenSet.fromArray(terms);
  const vectorOf = (f, doc) => {
    const out = [];
    for (let j = vectors.start[f][doc]; j < vectors.start[f][doc] + counts[f][doc]; j++) out.push(vectors.term[f][j], vectors.weight[f][j]);
    return out;
  };
  let fieldVectors = Object.create(null);
  if (negated) {  // lunr lists the vectors and starts from every paper: make them all
    for (let d = 0; d < head.papers; d++) fields.forEach((field, f) => { fieldVectors[`${field}/${d}`] = new lunr.Vector(vectorOf(f, d)); });
  } else {
    // lunr reads the vector of each field ref it scores ("title/12") and of no other: each is made as
    // lunr asks, not for every paper of every term.
    const number = new Map(fields.map((field, f) => [field, f]));
    fieldVectors = new Proxy(fieldVectors, {
      get(target, key) {
        const slash = typeof key === "string" ? key.indexOf("/") : -1, f = slash > 0 ? number.get(key.slice(0, slash)) : undefined;
        if (f === undefined) return target[key];
        const doc = Number(key.slice(slash + 1));
        return counts[f][doc] ? new lunr.Vector(vectorOf(f, doc)) : undefined;
      },
    });
  }
  const index = new lunr.Index({ invertedIndex, fieldVectors, tokenSet, fields, pipeline });
  return { index, vocabulary: terms, vectors, negated };
}

/* The field vectors of the assembled papers, packed in a few typed arrays rather than an array a paper:
 * in field f, paper d has count[f][d] terms, term[f][j] with the weight weight[f][j] for j from
 * start[f][d] on, ascending; papers[f] lists the papers that have any. `lists`: each term's postings
 * in a field ([term index, field, papers, weights]), in term order. */
function packVectors(count, papers, lists) {
  const start = count.map((c) => new Int32Array(c.length)), next = [];
  papers.forEach((docs, f) => {
    let at = 0;
    for (const doc of docs) {
      start[f][doc] = at;
      at += count[f][doc];
    }
    next.push(start[f].slice());  // where each paper's next term goes
  });
  const size = papers.map((docs, f) => docs.reduce((sum, doc) => sum + count[f][doc], 0));
  const term = size.map((n) => new Int32Array(n)), weight = size.map((n) => new Float64Array(n));
  for (const [index, f, docs, weights] of lists) {
    for (let j = 0; j < docs.length; j++) {
      const at = next[f][docs[j]]++;
      term[f][at] = index;
      weight[f][at] = weights[j];
    }
  }
  return { start, count, term, weight, papers };
}

/* The lunr.Index of `index` (an assembled one) that has only the papers in `docs` (a Set): the same
 * terms, token set and vectors, so lunr builds the same query vector and gives each of these papers the
 * score it gives it in `index`, and lists them in the same order. */
function restricted(lunr, { index, vectors }, docs) {
  const { fields } = index, byIndex = new Map(), invertedIndex = Object.create(null);
  for (const term of Object.keys(index.invertedIndex)) {
    const posting = { _index: index.invertedIndex[term]._index };
    for (const field of fields) posting[field] = {};
    invertedIndex[term] = posting;
    byIndex.set(posting._index, posting);
  }
  const { start, count, term } = vectors;
  fields.forEach((field, f) => {
    for (const doc of docs) for (let j = start[f][doc]; j < start[f][doc] + count[f][doc]; j++) byIndex.get(term[f][j])[field][doc] = NO_METADATA;
  });
  const { fieldVectors, tokenSet, pipeline } = index;
  return new lunr.Index({ invertedIndex, fieldVectors, tokenSet, fields, pipeline });
}

/* What lunr.Index.query looks up for `query` (a lunr.Query), in its order: `visit(clause, term index,
 * field number)` for each clause but -x ones (which score nothing and add no paper to the results), each
 * term the clause's pipeline makes of its word, each index term that expands to, each of its fields. */
function lookups(lunr, index, query, visit) {
  for (const clause of query.clauses) {
    if (clause.presence === lunr.Query.presence.PROHIBITED) continue;
    const terms = clause.usePipeline ? index.pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
    for (const term of terms) {
      const expanded = index.tokenSet.intersect(lunr.TokenSet.fromClause({ ...clause, term })).toArray();
      for (const t of expanded) {
        for (const field of clause.fields) visit(clause, index.invertedIndex[t]._index, index.fields.indexOf(field));
      }
    }
  }
}

/* Each field's query vector as lunr builds it: every term looked up, at its clause's boost. */
function queryVectors(lunr, index, query) {
  const vectors = index.fields.map(() => new lunr.Vector());
  lookups(lunr, index, query, (clause, term, f) => vectors[f].upsert(term, clause.boost, (a, b) => a + b));
  return vectors;
}

// queryInParts: lunr scores PART papers in one go, and the page gets a turn once SLICE ms have passed
// (a task of more than 50 ms is a long one; Lighthouse's phone runs the CPU 4 times slower).
export const PART = 250, SLICE = 8;

/* index.query(build) over all the assembled papers, as lunr answers it, but computed `part` papers at a
 * time with `await pause()` every SLICE ms: the page stays responsive while lunr scores thousands of
 * papers. lunr gives each paper of a part the score it gives it among all (restricted), and lists a
 * part's papers by score, ties in the order it first meets them: by the first term and field it looks
 * up that the paper has (lookups), then by paper. The parts merge in that same order. Not for a
 * negated query (lunr starts from every paper). */
export async function queryInParts(lunr, assembled, build, pause, part = PART) {
  const { index, vectors } = assembled;
  const docs = [...new Set(vectors.papers.flat())].sort((a, b) => a - b);
  if (docs.length <= part) return index.query(build);
  const query = new lunr.Query(index.fields), met = new Map();
  build(query);
  lookups(lunr, index, query, (clause, term, f) => { if (!met.has(`${term}/${f}`)) met.set(`${term}/${f}`, met.size); });
  const firstMet = (doc) => {
    let first = Infinity;
    vectors.start.forEach((start, f) => {
      const end = start[doc] + vectors.count[f][doc];
      for (let j = start[doc]; j < end; j++) first = Math.min(first, met.get(`${vectors.term[f][j]}/${f}`) ?? Infinity);
    });
    return first;
  };
  let parts = [], since = performance.now();
  const slice = async () => {
    if (performance.now() - since < SLICE) return;
    await pause();
    since = performance.now();
  };
  for (let start = 0; start < docs.length; start += part) {
    await slice();
    parts.push(restricted(lunr, assembled, new Set(docs.slice(start, start + part))).query(build));
  }
  const order = new Map();
  for (const results of parts) {
    await slice();
    for (const r of results) order.set(r.ref, firstMet(Number(r.ref)));
  }
  const before = (a, b) => {  // lunr's order: the higher score; then the paper it met first; then the lower number
    if (a.score !== b.score) return a.score > b.score;
    const metA = order.get(a.ref), metB = order.get(b.ref);
    return metA !== metB ? metA < metB : Number(a.ref) < Number(b.ref);
  };
  while (parts.length > 1) {  // merged two by two: each round is linear
    const merged = [];
    for (let i = 0; i < parts.length; i += 2) {
      await slice();
      merged.push(i + 1 < parts.length ? mergeSorted(parts[i], parts[i + 1], before) : parts[i]);
    }
    parts = merged;
  }
  return parts[0] || [];
}

/* Two sorted arrays as one, `before(a, b)` true when a comes first (else b's element first). */
function mergeSorted(a, b, before) {
  const out = [];
  let i = 0, j = 0;
  while (i < a.length && j < b.length) out.push(before(b[j], a[i]) ? b[j++] : a[i++]);
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

// firstResults: lunr scores at most FIRST_MAX papers before the rest (beyond, all at once), and only when
// the papers' fields to score are FIRST_FEWEST or more (fewer: lunr scores them all in a few ms).
export const FIRST_MAX = 2000, FIRST_FEWEST = 1000;

/* The first `n` results of a query exactly as lunr ranks and scores them over all the assembled papers
 * (`assembled`), without lunr scoring them all: or null when that cannot be made sure of cheaply.
 * `run(index)` answers the query on a lunr.Index ({results, all}), `query` is its lunr.Query. Every paper's
 * score is at most the sum of its fields' similarities to the query vectors (lunr's score when lunr keeps
 * it, +x and -x aside): lunr scores the papers with the highest sums, and when its n-th score is above the
 * highest sum left out, no paper left out can be among the first n, nor tie with them. Papers tied in
 * score stay in lunr's order, since the index of some papers lists them as the whole one does. Null too
 * when the papers' fields to score are fewer than `fewest`. */
export function firstResults(lunr, assembled, run, query, n, fewest = FIRST_FEWEST) {
  const { index, vectors, negated } = assembled;
  if (negated || vectors.papers.reduce((sum, docs) => sum + docs.length, 0) < fewest) return null;
  const sums = new Float64Array(vectors.start[0].length), docs = [...new Set(vectors.papers.flat())];
  queryVectors(lunr, index, query).forEach((wanted, f) => {
    const magnitude = wanted.magnitude(), boost = new Map();
    for (let j = 0; j < wanted.elements.length; j += 2) boost.set(wanted.elements[j], wanted.elements[j + 1]);
    if (!magnitude) return;
    const { start, count, term, weight } = vectors;
    for (const doc of vectors.papers[f]) {
      let dot = 0;  // as lunr.Vector.similarity, up to rounding: the order of its sum may differ
      for (let j = start[f][doc]; j < start[f][doc] + count[f][doc]; j++) dot += (boost.get(term[f][j]) || 0) * weight[f][j];
      sums[doc] += dot / magnitude;
    }
  });
  const highest = Float64Array.from(docs, (doc) => sums[doc]).sort().reverse();
  for (let k = n; k < Math.min(highest.length, FIRST_MAX); k *= 4) {
    let cut = k;  // the papers scored: the k highest sums and those tied with the k-th
    while (cut < highest.length && highest[cut] >= highest[k - 1]) cut++;
    if (cut >= highest.length) break;
    const part = run(restricted(lunr, assembled, new Set(docs.filter((doc) => sums[doc] >= highest[k - 1]))));
    const last = part.all && part.results.length >= n ? part.results[n - 1].score : -Infinity;
    const left = highest[cut];  // the highest sum of the papers left out
    if (last - left > 1e-9 * Math.max(1, Math.abs(last))) return { ...part, results: part.results.slice(0, n) };
  }
  return null;
}
