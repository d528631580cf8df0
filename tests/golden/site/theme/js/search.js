/* Search the digest in the browser with lunr.js: an ES module.
 *
 * One Lunr index over every word of every paper is built at build time
 * (generator/outputs/search_index.py) and cut by term. A query loads the head
 * (search/index.json: fields, pipeline, the first term of each term shard, where
 * the other files are), then only the term shards its terms fall in (`Searcher`);
 * `assemble` makes a lunr.Index of them and lunr scores the query, so the ranking
 * is lunr's over the whole digest. On the search page the first ten results are
 * on screen as soon as lunr has ranked them, before it has scored every paper
 * (`firstResults`), and lunr then scores the rest a part at a time, the page
 * keeping its turns (`queryInParts`): same results, same order. A result shown loads its fragment
 * (search/papers/NNNNN.json) and shows the passage of its abstract where the
 * query's words are (`passage`). Nothing is fetched until the reader first uses
 * the search box. Every piece of result text is inserted as text
 * (createTextNode / textContent), never as HTML.
 *
 * No path or field name is spelled here. The search box's form (partials/search_box.html)
 * gives them from the site's URL table (generator/urls.py): data-search-root (the
 * site root as seen from this page), data-index (the head), data-lunr (lunr.js)
 * and its action (the search page). The head gives the rest: its fields and the
 * patterns of the numbered files (a run of # is the zero-padded number).
 *
 * Plain words are all required (`plainSearch`); a query no paper answers with
 * every word falls back to any word, and says so; a query nothing answers offers
 * the nearest indexed words ("Did you mean", `nearestWord`). Lunr's own syntax
 * (+a -b, title:x, gen*) is given to lunr as it is. On the search page
 * (search.html) a small form sorts (relevance, newest listed, most upvoted) and
 * filters (a topic, papers with code) the results; the query and the form live in
 * the URL (?q=…&sort=date&topic=llms&code=1, defaults left out), restored on load
 * and on back and forward. The page never takes focus on load: "/" gives it to the box.
 *
 * Everything above `searchBox` is pure or takes its loader as an argument, and is
 * exported for the tests (tests/js/lunr_query.mjs runs it under node); the search
 * box is set up only where there is a document.
 */

const NO_METADATA = Object.freeze({});  // lunr only reads a posting's metadata (no whitelist): one object serves all

/* A numbered search file's path: the pattern's run of # replaced by the number, zero-padded to its width. */
export function numbered(pattern, number) {
  return pattern.replace(/#+/, (hashes) => String(number).padStart(hashes.length, "0"));
}

/* Where `key` is, or would be, in a sorted array of strings: the first place not below it. */
function lowerBound(sorted, key) {
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
  new lunr.QueryParser(q, query).parse();
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
const PART = 250, SLICE = 8;

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
const FIRST_MAX = 2000, FIRST_FEWEST = 1000;

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

/* A query that uses lunr's syntax (+must, -not, field:, wildcard, fuzzy, boost) is
 * given to lunr as it is; anything else is read as plain words. */
export function syntaxPattern(fields) {
  const names = fields.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|");
  return new RegExp(`(^|\\s)[+-](?=\\S)|(^|[\\s+-])(${names}):|[*~^]`);
}

/* The words of a plain query as lunr.js's query side sees them before stemming: lowercased,
 * split on whitespace and hyphens, non-word characters trimmed from both ends (lunr's trimmer). */
export const words = (q) =>
  q.toLowerCase().split(/[\s-]+/).map((w) => w.replace(/^\W+/, "").replace(/\W+$/, "")).filter(Boolean);

const MIN_PREFIX = 3;  // a word being typed is read as the start of a word from this many letters
const GROWN_MIN = 4;  // and, when it is not a word, as a word grown from a stem of this many letters or more

/* A plain-word query: papers with every word, best first ({results, all: true}); when no paper
 * has them all and there are two words or more, papers with any of them ({results, all: false}).
 * `words` are the words that counted (stop words never do: the index has none).
 *
 * Every whole word is a REQUIRED lunr clause (stemmed by the index's pipeline). While `typing`,
 * the last word may be unfinished: it is required too, but as "a term that starts with it, or the
 * word itself stemmed", which one lunr clause cannot say (required clauses are ANDed, never ORed).
 * So it is queried by optional clauses (the word, boost 1; the word as a prefix, boost 0.5) and the
 * papers that match none of its terms are dropped. The index holds stems, not words: a word typed
 * past its stem ("generali" on the way to "generalization", whose term is "gener") is not a term
 * and no term starts with it, so a word that is not itself a term also stands for the terms it
 * starts with, of GROWN_MIN letters or more ("gener"): results do not vanish mid-word. A word that
 * reaches no term at all is required as it is, and the query falls back to any word. A last word
 * shorter than MIN_PREFIX, or a stop word, only adds to the score while it is typed.
 *
 * Pure: `lunr` is lunr.js, `index` a lunr.Index with every term the query reaches (Searcher.indexFor),
 * `vocabulary` its terms, sorted. */
export function plainSearch(lunr, index, vocabulary, q, typing) {
  const { REQUIRED, OPTIONAL } = lunr.Query.presence, plan = plainPlan(lunr, vocabulary, q, typing);
  if (!plan) return { results: [], all: true, words: [] };  // no clause: lunr would match every paper
  const results = plan.keep(index.query(plan.clauses(REQUIRED)));
  if (results.length || plan.words.length < 2) return { results, all: true, words: plan.words };
  return { results: index.query(plan.clauses(OPTIONAL)), all: false, words: plan.words };
}

/* How plainSearch reads a query: the words that count, its clauses (a function of the presence of
 * the whole words, for lunr.Index.query) and `keep(results)`, which drops the papers that have none of
 * the terms of the word being typed; null when no word makes a clause. */
export function plainPlan(lunr, vocabulary, q, typing) {
  const { OPTIONAL } = lunr.Query.presence;
  const token = (w) => new lunr.Token(w, {});
  const isStop = (w) => lunr.stopWordFilter(token(w)) === undefined;
  const known = (term) => vocabulary[lowerBound(vocabulary, term)] === term;
  const extended = (prefix) => (vocabulary[lowerBound(vocabulary, prefix)] || "").startsWith(prefix);

  const all = words(q);
  const last = typing && all.length ? all[all.length - 1] : null;
  const required = [...new Set((last === null ? all : all.slice(0, -1)).filter((w) => !isStop(w)))];
  let typed = null, scored = null;  // the word being typed, required as a prefix or a word; or only scored
  if (last !== null && !required.includes(last)) {
    if (last.length < MIN_PREFIX || isStop(last)) {
      scored = last;
    } else {
      const stem = lunr.stemmer(token(last)).toString(), grown = [];
      if (!known(stem)) {
        for (let k = last.length - 1; k >= GROWN_MIN; k--) if (known(last.slice(0, k))) grown.push(last.slice(0, k));
      }
      if (known(stem) || extended(last) || grown.length) typed = { word: last, stem, grown };
      else required.push(last);
    }
  }
  const counted = typed ? [...required, typed.word] : required;
  if (!counted.length && scored === null) return null;

  const clauses = (presence) => (query) => {
    for (const w of required) query.term(w, { presence });
    if (typed) {
      query.term(typed.word, { presence: OPTIONAL });
      query.term(typed.word, { presence: OPTIONAL, wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false, boost: 0.5 });
      for (const term of typed.grown) query.term(term, { presence: OPTIONAL, usePipeline: false, boost: 0.5 });
    }
    if (scored !== null) query.term(scored, { presence: OPTIONAL });
  };
  const keep = (results) => {
    if (!typed) return results;
    const { word, stem, grown } = typed;
    const ofTyped = (term) => term === stem || term.startsWith(word) || grown.includes(term);
    return results.filter((r) => Object.keys(r.matchData.metadata).some(ofTyped));
  };
  return { words: counted, clauses, keep };
}

/* The terms a plain-word query reaches (plainSearch's clauses): each word's stem and, for the word
 * being typed, the terms it starts and the shorter terms it may have grown from. */
export function plainNeeds(lunr, q, typing) {
  const stem = (w) => lunr.stemmer(new lunr.Token(w, {})).toString();
  const all = words(q), needs = [];
  for (const w of all) needs.push({ term: stem(w) });
  const last = typing && all.length ? all[all.length - 1] : null;
  if (last !== null && last.length >= MIN_PREFIX) {
    needs.push({ prefix: last });
    for (let k = last.length - 1; k >= GROWN_MIN; k--) needs.push({ term: last.slice(0, k) });
  }
  return { needs, negated: false };
}

/* The search engine: the head (search/index.json), lunr.js, and `load(path)` -> a promise of a search
 * file's JSON (fetch in the browser, the disk under node). Term shards, the vocabulary and the
 * suggested words are loaded when a query first needs them, and kept. */
export class Searcher {
  constructor(lunr, head, load) {
    this.lunr = lunr;
    this.head = head;
    this.load = load;
    this.pipeline = lunr.Pipeline.load(head.pipeline);
    this.syntax = syntaxPattern(head.fields);
    this.files = new Map();
  }

  file(path) {
    if (!this.files.has(path)) {
      const got = this.load(path);
      got.catch(() => this.files.delete(path));  // a failed file is asked for again next time
      this.files.set(path, got);
    }
    return this.files.get(path);
  }

  /* Every index term, and a lunr.TokenSet of them: for fuzzy and leading-wildcard clauses only. */
  vocabulary() {
    if (!this.tokens) {
      this.tokens = this.file(this.head.vocabulary).then((terms) => ({ terms, set: this.lunr.TokenSet.fromArray(terms) }));
      this.tokens.catch(() => { this.tokens = null; });
    }
    return this.tokens;
  }

  /* The numbers of the term shards that hold every term the needs reach, ascending, and in which
   * fields the needs reach each of their terms: {numbers, keep(term) -> fields ([]: none)}. */
  async shardsFor(needs) {
    const { shards: firsts, fields: all } = this.head, numbers = new Set(), exact = new Map(), prefixes = [];
    const add = (term, fields) => exact.set(term, [...new Set([...(exact.get(term) || []), ...fields])]);
    for (const need of needs) {
      const fields = need.fields || all;
      if (need.term !== undefined) {
        numbers.add(shardOf(firsts, need.term));
        add(need.term, fields);
      } else if (need.prefix !== undefined) {
        const last = shardOf(firsts, `${need.prefix}\uffff`);
        for (let n = shardOf(firsts, need.prefix); n <= last; n++) numbers.add(n);
        prefixes.push([need.prefix, fields]);
      } else {
        const { set } = await this.vocabulary();
        const matched = set.intersect(this.lunr.TokenSet.fromClause(need.clause)).toArray();
        for (const term of matched) {
          numbers.add(shardOf(firsts, term));
          add(term, fields);
        }
      }
    }
    const keep = (term) => {
      const fields = new Set(exact.get(term) || []);
      for (const [prefix, more] of prefixes) if (term.startsWith(prefix)) for (const f of more) fields.add(f);
      return [...fields];
    };
    return { numbers: [...numbers].sort((a, b) => a - b), keep };
  }

  /* A lunr.Index (and its sorted terms) that answers the query as the whole digest's index would:
   * read in lunr's syntax (`syntax`), or as plain words (plainSearch). Plain words all required
   * (not `typing`) take only the papers that have them all, when some do: lunr would drop the others. */
  async indexFor(q, { syntax, typing = false }) {
    const plan = syntax ? syntaxNeeds(this.lunr, this.pipeline, this.head.fields, q) : plainNeeds(this.lunr, q, typing);
    const { numbers, keep } = await this.shardsFor(plan.needs);
    const shards = await Promise.all(numbers.map((n) => this.file(numbered(this.head.terms, n))));
    let only = null;
    if (!syntax && !typing) {
      const { lunr } = this, token = (w) => new lunr.Token(w, {});
      const stems = words(q).filter((w) => lunr.stopWordFilter(token(w)) !== undefined).map((w) => lunr.stemmer(token(w)).toString());
      only = stems.length ? papersWithAll(codeReader(this.head), shards, [...new Set(stems)]) : null;
      if (only && !only.size) only = null;  // no paper has them all: plainSearch falls back to any word
    }
    return assemble(this.lunr, this.head, shards, plan.negated, keep, only);
  }

  /* A query's answer, in two steps: first(n), its first n results when they can be had without lunr
   * scoring every paper (firstResults; else null), and all(), lunr's whole answer (run's), made once.
   * `syntax`: read in lunr's syntax (else as plain words, plainSearch); by default when it uses any. */
  async answer(q, typing = false, syntax = this.syntax.test(q)) {
    const { lunr } = this, assembled = await this.indexFor(q, { syntax, typing });
    const { index, vocabulary } = assembled;
    const known = (term) => vocabulary[lowerBound(vocabulary, term)] === term;
    const plan = syntax ? null : plainPlan(lunr, vocabulary, q, typing);
    const answer = (on) => (syntax ? { results: on.search(q), all: true, words: [] } : plainSearch(lunr, on, vocabulary, q, typing));
    const { REQUIRED, OPTIONAL } = lunr.Query.presence;
    let whole = null;
    return {
      first(n, fewest = FIRST_FEWEST) {
        if (!syntax && !plan) return null;
        const query = new lunr.Query(index.fields);
        if (syntax) new lunr.QueryParser(q, query).parse();
        else plan.clauses(lunr.Query.presence.REQUIRED)(query);
        const part = firstResults(lunr, assembled, answer, query, n, fewest);
        return part && { ...part, known };
      },
      all() {
        whole ||= { ...answer(index), known };
        return whole;
      },
      /* all()'s answer, lunr scoring the papers in parts with `await pause()` between (queryInParts). */
      async inParts(pause, part = PART) {
        if (whole || assembled.negated) return this.all();
        const parts = (build) => queryInParts(lunr, assembled, build, pause, part);
        if (syntax) {
          whole = { results: await parts((query) => new lunr.QueryParser(q, query).parse()), all: true, words: [], known };
        } else if (!plan) {
          whole = { results: [], all: true, words: [], known };
        } else {
          const results = plan.keep(await parts(plan.clauses(REQUIRED)));
          if (results.length || plan.words.length < 2) whole = { results, all: true, words: plan.words, known };
          else whole = { results: await parts(plan.clauses(OPTIONAL)), all: false, words: plan.words, known };
        }
        return whole;
      },
    };
  }

  /* lunr's index.search(q) over the whole digest. */
  async search(q) {
    return (await this.answer(q, false, true)).all().results;
  }

  /* Lunr's syntax as it is; plain words all required (plainSearch). {results, all, words, known}:
   * known(term) says whether a term of the query is in the index. */
  async run(q, typing = false) {
    return (await this.answer(q, typing)).all();
  }

  /* The words to suggest when nothing matches, the most widespread first. */
  words() {
    return this.file(this.head.words);
  }
}

/* The papers (numbers) whose postings, in any field, hold every one of `terms`: a Set. `read`: codeReader's. */
export function papersWithAll(read, shards, terms) {
  let common = null;
  for (const term of terms) {
    const shard = shards.find((s) => s.terms[lowerBound(s.terms, term)] === term);
    const papers = new Set();
    if (shard) {
      for (const entry of shard.postings[lowerBound(shard.terms, term)]) {
        if (!entry.length) continue;
        const gaps = read(entry[0]);
        for (let j = 0, doc = 0; j < gaps.length; j++) {
          doc += gaps[j];
          if (!common || common.has(doc)) papers.add(doc);
        }
      }
    }
    common = papers;
    if (!common.size) break;
  }
  return common || new Set();
}

/* Optimal string alignment distance (edits, a swap of neighbours counting one), or limit + 1 once over it. */
export function editDistance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null, previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

/* The nearest of `candidates` (most widespread first) to a word no paper has: within one edit for a
 * word of up to five letters, two beyond; the first of the nearest. null when none is that near. */
export function nearestWord(word, candidates) {
  const limit = word.length <= 5 ? 1 : 2;
  let best = null, distance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const d = editDistance(word, candidate, distance - 1);
    if (d < distance) {
      best = candidate;
      distance = d;
      if (d === 1) break;
    }
  }
  return distance <= limit ? best : null;
}

const SNIPPET_WORDS = 36, SNIPPET_LEAD = 6;

/* The passage of `text` to show for a result: about SNIPPET_WORDS words around the most distinct
 * matched words (`hit(word)` -> the term it matches, or ""), as [{text, mark}] parts, with an
 * ellipsis where the text is cut. Without a hit, the start of the text. */
export function passage(text, hit) {
  const parts = text.split(/([\s-]+)/);  // words at even places, separators at odd ones
  const count = Math.ceil(parts.length / 2), terms = new Array(count);
  for (let w = 0; w < count; w++) terms[w] = parts[2 * w] ? hit(parts[2 * w]) : "";
  let start = 0, best = -1;
  for (let w = 0; w < count; w++) {
    if (!terms[w] || (w > 0 && terms[w - 1])) continue;
    const from = Math.max(0, w - SNIPPET_LEAD), seen = new Set();
    let hits = 0;
    for (let v = from; v < Math.min(count, from + SNIPPET_WORDS); v++) if (terms[v]) { seen.add(terms[v]); hits++; }
    const score = seen.size * 1000 + hits;
    if (score > best) { best = score; start = from; }
  }
  const end = Math.min(count, start + SNIPPET_WORDS), out = [];
  if (start > 0) out.push({ text: "…", mark: false });
  for (let w = start; w < end; w++) {
    if (parts[2 * w]) out.push({ text: parts[2 * w], mark: Boolean(terms[w]) });
    if (w < end - 1 && parts[2 * w + 1]) out.push({ text: parts[2 * w + 1], mark: false });
  }
  if (end < count) out.push({ text: "…", mark: false });
  return out;
}

/* How results are sorted once their store rows are there: by relevance (lunr's order, `rank`),
 * newest listed first, or most upvoted first (unknown last); ties keep lunr's order. */
const SORTS = {
  relevance: (a, b) => a.rank - b.rank,
  date: (a, b) => (a.row[3] < b.row[3] ? 1 : a.row[3] > b.row[3] ? -1 : a.rank - b.rank),
  upvotes: (a, b) => (b.row[4] ?? -1) - (a.row[4] ?? -1) || a.rank - b.rank,
};

// Results drawn at once: in the dropdown; on the search page first (about a screen: a fragment each), then per "More".
const DEBOUNCE_MS = 120, DROPDOWN_RESULTS = 8, FIRST_RESULTS = 10, PAGE_RESULTS = 50;
// Sorting other than by relevance, or filtering, needs the store rows of every result: of this many at most.
const SORT_LIMIT = 1000;

/* Inputs that take text: "/" types there; anywhere else it goes to the search box. */
const NOT_TEXT = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image", "hidden"]);
const isTyping = (target) => {
  const tag = target?.tagName;
  if (tag === "INPUT") return !NOT_TEXT.has((target.type || "text").toLowerCase());
  return tag === "TEXTAREA" || Boolean(target?.isContentEditable);
};

// 20,000 as English writes it. Not toLocaleString: its first call loads the locale's data, a long task
// of its own on a slow phone, in the middle of drawing the first results.
const grouped = (n) => String(n).replace(/\B(?=(\d{3})+$)/g, ",");
const papers = (n) => `${grouped(n)} ${n === 1 ? "paper" : "papers"}`;
const quoted = (list) => {
  const q = list.map((w) => `“${w}”`);
  return q.length < 2 ? q.join("") : `${q.slice(0, -1).join(", ")} and ${q[q.length - 1]}`;
};

function searchBox(doc, form) {
  const win = doc.defaultView;
  const input = form.querySelector(".search-box__input");
  const status = form.querySelector(".search-box__status");
  const list = form.querySelector(".search-results");
  const pageList = doc.querySelector(".search-page__results");
  const pageStatus = doc.querySelector(".search-page__status");
  const more = doc.querySelector(".search-page__more");
  // The search page's sort and filter form (search.html), and its link to Hugging Face's own search.
  const controls = pageList ? doc.querySelector(".search-controls") : null;
  const control = (name) => controls?.elements.namedItem(name) || null;
  const sortBox = control("sort"), topicBox = control("topic"), codeBox = control("code");
  const elsewhere = pageList ? doc.querySelector(".search-page__elsewhere") : null;
  // The space search.html reserves for results (a canvas's height: the policy allows no inline style).
  const reserved = Number(pageList?.querySelector(".search-page__reserve canvas")?.getAttribute("height")) || 0;
  const hfLink = elsewhere?.querySelector("a") || null;
  const hfSearch = hfLink?.getAttribute("href") || "";
  const root = (form.dataset.searchRoot || ".").replace(/\/$/, "") || ".";
  const paths = { index: form.dataset.index, lunr: form.dataset.lunr, results: form.getAttribute("action") };

  let loading = null, head = null, searcher = null, lunr = null, timer = null;
  let seq = 0, active = -1, shown = 0, lastResults = [], lastTerms = {}, lastTyping = false, current = null;

  const url = (path) => `${root}/${path}`;
  const target = () => pageList || list;

  const loadScript = (src) => new Promise((resolve, reject) => {
    const script = doc.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    doc.head.appendChild(script);
  });

  /* A search file's JSON; a failure to get it is an error marked `unloaded` (not the query's fault). */
  const getJSON = async (path) => {
    try {
      const response = await fetch(url(path));
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
      return await response.json();
    } catch (error) {
      throw Object.assign(new Error(`could not load ${path}`, { cause: error }), { unloaded: true });
    }
  };

  const setStatus = (text) => { (pageStatus || status).textContent = text; };

  /* lunr.js (a UMD script: it sets globalThis.lunr) and the head of the index, once, on first use.
   * The term shards a query needs come with the query (Searcher). */
  function load() {
    if (!loading) {
      const before = (pageStatus || status).textContent;
      setStatus("Loading search…");
      loading = (async () => {
        if (!paths.index || !paths.lunr) throw new Error("the search box does not say where its files are");
        const lib = globalThis.lunr ? null : loadScript(url(paths.lunr));
        [head] = await Promise.all([getJSON(paths.index), lib]);
        lunr = globalThis.lunr;
        searcher = new Searcher(lunr, head, getJSON);
        setStatus(before);  // as it was: an empty line would move what is below it
        return searcher;
      })();
      loading.catch(() => setStatus("Search is unavailable: its index could not be loaded."));
    }
    return loading;
  }

  /* Store rows (what results are sorted and filtered by), from the store shards. */
  const rows = (refs) => Promise.all(refs.map(async (ref) => {
    const n = Number(ref);
    return (await searcher.file(numbered(head.store, Math.floor(n / head.shard))))[n % head.shard];
  }));

  /* Result fragments (what a result shows, and its abstract), one file per paper. */
  const fragment = (ref) => searcher.file(numbered(head.paper, Number(ref)));
  const fragments = (refs) => Promise.all(refs.map(fragment));

  const run = (q, typing) => searcher.run(q, typing);

  /* The search page's sort and filters, as its form has them (none elsewhere). */
  function wanted() {
    const topic = topicBox?.value || "";
    return {
      sort: sortBox && Object.hasOwn(SORTS, sortBox.value) ? sortBox.value : "relevance",
      topic,
      topicTitle: topic ? topicBox.selectedOptions[0].text.trim() : "",
      code: Boolean(codeBox?.checked),
    };
  }

  /* The form as the URL says: unknown values are the defaults. */
  function restore(params) {
    const pick = (select, value) => {
      if (select) select.value = [...select.options].some((o) => o.value === value) ? value : select.options[0].value;
    };
    pick(sortBox, params.get("sort") || "relevance");
    pick(topicBox, params.get("topic") || "");
    if (codeBox) codeBox.checked = params.get("code") === "1";
  }

  function stem(word) {
    const token = lunr.trimmer(new lunr.Token(word.toLowerCase(), {}));
    return lunr.stemmer(token).toString();
  }

  function el(tag, className, text) {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Text with the matched words in <mark>, built from text nodes only. */
  function highlighted(parent, text, terms) {
    for (const part of text.split(/([\s-]+)/)) {
      if (part && !/^[\s-]+$/.test(part) && matched(part, terms)) {
        parent.appendChild(el("mark", "", part));
      } else if (part) {
        parent.appendChild(doc.createTextNode(part));
      }
    }
    return parent;
  }

  /* The matched term of a word of the text, or of a word inside it (a URL's: search_index.inner_terms), or "". */
  function matched(word, terms) {
    const whole = stem(word);
    if (terms[whole]) return whole;
    for (const piece of word.split(/[^\w.']+/)) if (piece && terms[stem(piece)]) return stem(piece);
    return "";
  }

  /* The passage of the abstract where the query's words are, them in <mark>: text nodes only. */
  function snippet(parent, abstract, terms) {
    for (const { text, mark } of passage(abstract, (word) => matched(word, terms))) {
      parent.appendChild(mark ? el("mark", "", text) : doc.createTextNode(text));
    }
    return parent;
  }

  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  /* "2025-12-09" as every page shows it: "Dec 9, 2025". */
  const showDay = (iso) => `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}, ${iso.slice(0, 4)}`;

  function labelledDay(label, iso) {
    const span = el("span", "search-result__date", `${label} `);
    const time = el("time", "", showDay(iso));
    time.setAttribute("datetime", iso);
    span.appendChild(time);
    return span;
  }

  /* A fragment is [url, title, date, arrived, upvotes, topics, has_code, abstract]; "" and null: unknown. */
  function item([path, title, date, arrived, upvotes, topics, hasCode, abstract], n, terms) {
    const li = el("li", "search-result");
    li.id = `search-result-${n}`;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    const link = el("a", "search-result__link");
    link.href = url(path);
    link.appendChild(highlighted(el("bdi"), title, terms));  // the title's own direction stays inside
    li.appendChild(link);
    const meta = el("p", "search-result__meta");
    meta.appendChild(labelledDay("Listed", arrived));
    if (date) meta.appendChild(labelledDay("Paper", date));
    const votes = upvotes === null ? "– upvotes" : `${upvotes} upvote${upvotes === 1 ? "" : "s"}`;
    meta.appendChild(el("span", "search-result__votes", votes));
    if (topics.length) meta.appendChild(el("span", "search-result__topics", topics.join(", ")));
    if (hasCode) meta.appendChild(el("span", "search-result__code", "Code"));
    li.appendChild(meta);
    li.appendChild(snippet(el("p", "search-result__snippet"), abstract, terms));
    return li;
  }

  function clear() {
    target().replaceChildren();
    active = -1;
    shown = 0;
    input.removeAttribute("aria-activedescendant");
    if (more) more.hidden = true;
  }

  function open(show) {
    if (pageList) return;
    list.hidden = !show;
    input.setAttribute("aria-expanded", show ? "true" : "false");
  }

  /* The next page of results; lastResults are {ref, rank, row?}: their fragments are fetched now. */
  async function showMore(mine) {
    const next = lastResults.slice(shown, shown + pageSize());
    const found = await fragments(next.map((entry) => entry.ref));
    if (mine !== seq) return;
    draw(next, found);
  }

  const pageSize = () => (!pageList ? DROPDOWN_RESULTS : shown ? PAGE_RESULTS : FIRST_RESULTS);

  /* Results after those shown: `next` entries and their fragments; `complete`: the last of this page. */
  function draw(next, found, complete = true) {
    pageList?.querySelector(".search-page__reserve")?.remove();
    next.forEach((entry, i) => target().appendChild(item(found[i], shown + i, lastTerms)));
    shown += next.length;
    if (more) more.hidden = !pageList || shown >= lastResults.length;
    if (!pageList && complete && lastResults.length > shown) {
      const all = el("li", "search-results__all");
      const link = el("a", "", `All ${lastResults.length} results`);
      link.href = `${paths.results}?q=${encodeURIComponent(input.value)}`;
      all.appendChild(link);
      list.appendChild(all);
    }
  }

  const failed = (mine) => { if (mine === seq) setStatus("Some results could not be loaded. Try again."); };

  /* A button that searches for `q`: one click. */
  function option(q, className) {
    const button = el("button", className, q);
    button.type = "button";
    button.addEventListener("click", () => { input.value = q; search({ push: true }); input.focus(); });
    return button;
  }

  /* The query with each word no paper has replaced by the nearest indexed word (words.json), or null.
   * A word keeps its +, - or field: in front; words with *, ~ or ^ are left as they are. */
  async function corrected(q, known) {
    let candidates;
    try { candidates = await searcher.words(); } catch { return null; }
    let changed = false;
    const parts = q.trim().split(/\s+/).map((part) => {
      const [, lead, word] = /^((?:[+-])?(?:\w+:)?)(.*)$/.exec(part);
      const plain = word.toLowerCase().replace(/^\W+/, "").replace(/\W+$/, "");
      if (!plain || /[*~^]/.test(word) || known(stem(plain))) return part;
      const near = nearestWord(plain, candidates);
      if (!near) return part;
      changed = true;
      return lead + near;
    });
    return changed ? parts.join(" ") : null;
  }

  /* What to try when nothing matches: the query spelled as the index has its words ("Did you mean"),
   * and the query without one of its words, for each that then finds papers. */
  async function suggestions(q, known) {
    const box = el("div", "search-suggest"), parts = q.trim().split(/\s+/);
    const better = await corrected(q, known);
    if (better) {
      const line = el("p", "search-suggest__spelling", "Did you mean ");
      line.append(option(better, "search-suggest__option search-suggest__did-you-mean"), doc.createTextNode("?"));
      box.appendChild(line);
    }
    const shorter = [];
    if (parts.length > 1) {
      for (let i = 0; i < parts.length; i++) {
        const fewer = [...parts.slice(0, i), ...parts.slice(i + 1)].join(" ").replace(/(^|\s)[+]/g, "$1");
        let count;
        try { count = (await run(fewer, false)).results.length; } catch { count = 0; }
        if (count) shorter.push(fewer);
      }
    }
    if (shorter.length) {
      const line = el("p", "search-suggest__fewer", "Try fewer words: ");
      for (const fewer of shorter) line.append(option(fewer, "search-suggest__option"), doc.createTextNode(" "));
      box.appendChild(line);
    }
    if (!box.firstChild) box.appendChild(el("p", "", "Check the spelling, or try the start of a word with * (gen*)."));
    return box;
  }

  /* A message: in the dropdown (whose status line is for screen readers only), a visible line. */
  function say(text, extra) {
    const li = el("li", "search-results__none");
    if (!pageList) li.appendChild(el("p", "search-results__message", text));
    if (extra) li.appendChild(extra);
    if (li.firstChild) target().appendChild(li);
  }

  /* A message instead of results. */
  function notice(text, extra) {
    setStatus(text);
    say(text, extra);
    open(true);
  }

  /* Link the same query on Hugging Face's own paper search (the search page only). */
  function offerElsewhere(q) {
    if (!hfLink) return;
    const text = q.trim();
    elsewhere.hidden = !text;
    if (!text) return;
    const there = new URL(hfSearch, win.location.href);
    there.searchParams.set("q", text);
    hfLink.href = there.href;
    hfLink.textContent = `Search Hugging Face's papers for “${text}”`;
  }

  /* typing: the last word may be unfinished (plainSearch); push: a new history entry, else replace.
   * The results are aria-busy until this search has drawn them (or a newer one has started). */
  async function search({ typing = false, push = false } = {}) {
    const mine = ++seq;
    target().setAttribute("aria-busy", "true");
    try {
      await searching(mine, typing, push);
    } finally {
      if (mine === seq) {
        target().removeAttribute("aria-busy");
        fit();
      }
    }
  }

  /* The reserved space, less what the results now take, at the end of the list: the page below
   * them stays where it was. */
  function fit() {
    if (!pageList || !reserved) return;
    pageList.querySelector(".search-page__reserve")?.remove();
    const left = Math.round(reserved - pageList.getBoundingClientRect().height);
    if (left <= 0) return;
    const li = el("li", "search-page__reserve");
    li.setAttribute("aria-hidden", "true");
    const canvas = el("canvas");
    canvas.width = 1;
    canvas.height = left;
    li.appendChild(canvas);
    pageList.appendChild(li);
  }

  async function searching(mine, typing, push) {
    const q = input.value, want = wanted();
    lastTyping = typing;
    current = remember(q, push);
    offerElsewhere(q);
    if (!q.trim()) {
      clear();
      setStatus("");
      open(false);
      return;
    }
    try {
      await load();
    } catch {
      return;  // load() has said so in the status line
    }
    if (mine !== seq) return;
    let answer;
    try {
      answer = await searcher.answer(q, typing);
    } catch (error) {
      if (mine !== seq) return;
      if (error?.unloaded) {
        failed(mine);
        return;
      }
      clear();
      const why = error?.name === "QueryParseError" ? error.message : "it could not be read";
      notice(`That query is not valid (${why}). Use plain words, or see the search page for the syntax.`);
      return;
    }
    await turn();  // the page's turn between assembling the index and ranking
    if (mine !== seq) return;
    // On the search page, by relevance: the first page as soon as lunr has ranked it (firstResults), on
    // screen while lunr scores the rest; then the whole answer gives the count and the next pages.
    const filtering = Boolean(want.topic || want.code), sorting = Boolean(pageList) && (filtering || want.sort !== "relevance");
    const quick = pageList && !sorting ? answer.first(FIRST_RESULTS) : null;
    if (quick) {
      lastTerms = matchedTerms(quick.results);
      const entries = quick.results.map((r, rank) => ({ ref: r.ref, rank }));
      if (!(await drawFirst(mine, entries, () => { lastResults = entries; }))) return;
      await painted();
      if (mine !== seq) return;
    }
    let found;
    const newer = new Error("a newer search");  // stops lunr's parts once this search is not the current one
    try {  // lunr scores the papers a part at a time, the page taking its turns between (queryInParts)
      found = await answer.inParts(() => turn().then(() => { if (mine !== seq) throw newer; }));
    } catch (error) {
      if (error === newer) return;
      throw error;
    }
    const { results } = found;
    lastTerms = matchedTerms(results.slice(0, 200));
    if (!results.length) {
      const extra = await suggestions(q, found.known);
      if (mine !== seq) return;
      clear();
      notice(`No papers match “${q.trim()}”.`, extra);
      return;
    }
    const fallback = found.all ? "" : `No paper has all of ${quoted(found.words)}; showing papers with any of them. `;
    let line = `${papers(results.length)} found`, entries = results.map((r, rank) => ({ ref: r.ref, rank }));
    if (sorting) {
      entries = entries.slice(0, SORT_LIMIT);
      if (entries.length > PAGE_RESULTS) setStatus(`${fallback}${line}; sorting…`);
      let fetched;
      try {
        fetched = await rows(entries.map((entry) => entry.ref));
      } catch {
        failed(mine);
        return;
      }
      if (mine !== seq) return;
      entries.forEach((entry, i) => { entry.row = fetched[i]; });
      if (want.topic) entries = entries.filter((entry) => entry.row[5].includes(want.topicTitle));
      if (want.code) entries = entries.filter((entry) => entry.row[6] === true);
      entries.sort(SORTS[want.sort]);
      if (filtering) {
        const which = [want.topic && `in “${want.topicTitle}”`, want.code && "with code"].filter(Boolean).join(", ");
        line += `; ${entries.length || "none"} of them ${which}`;
      }
      if (results.length > SORT_LIMIT) {
        line += `. Sorting and filtering cover the best ${grouped(SORT_LIMIT)}: add words to narrow the search`;
      }
    }
    if (!entries.length) {
      clear();
      lastResults = entries;
      notice(`${fallback}${line}.`);
      return;
    }
    if (quick) {  // the first page is on screen: lunr ranked it the same
      lastResults = entries;
      setStatus(`${line}.`);
      if (more) more.hidden = shown >= lastResults.length;
      return;
    }
    await drawFirst(mine, entries, () => {
      lastResults = entries;
      setStatus(`${fallback}${line}.`);
      if (fallback) say(fallback.trim());
      open(true);
    });
  }

  /* The terms the results matched: the words to highlight. */
  function matchedTerms(results) {
    const terms = {};
    for (const r of results) for (const term of Object.keys(r.matchData.metadata)) terms[term] = true;
    return terms;
  }

  /* The first page of `entries`, each result as soon as its fragment and those of the results above it
   * are here: the first is on screen without waiting for the tenth. The old results (or the reserved
   * space) give way when the first comes, after `start()`; the reserve then shrinks as results fill it,
   * so nothing below them moves. False when the search is no longer this one, or a fragment failed. */
  async function drawFirst(mine, entries, start) {
    const next = entries.slice(0, !pageList ? DROPDOWN_RESULTS : FIRST_RESULTS);
    const coming = next.map((entry) => fragment(entry.ref));
    coming.forEach((promise) => promise.catch(() => {}));  // a failure is reported once, in its turn below
    for (let i = 0; i < next.length; i++) {
      let found;
      try {
        found = await coming[i];
      } catch {
        failed(mine);
        return false;
      }
      if (mine !== seq) return false;
      if (i === 0) {
        clear();
        start();
      }
      draw([next[i]], [found], i === next.length - 1);
      if (i < next.length - 1) fit();
    }
    return true;
  }

  /* A turn for the page (input, painting) before what follows: a task of its own. */
  const turn = () => new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve();
    channel.port2.postMessage(null);
  });

  /* Once the browser has painted what is drawn (the next frame, then a task), or after 100 ms in a page
   * that is not painted (hidden). */
  const painted = () => new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    win.requestAnimationFrame(() => setTimeout(() => { clearTimeout(timer); resolve(); }));
  });

  /* The query, and on the search page its sort and filters, in the URL: ?q=…&sort=date&topic=llms&code=1
   * (defaults left out). Returns the URL's query as it now is. */
  function remember(q, push) {
    const { location, history } = win;
    const params = new URLSearchParams(location.search);
    const set = (name, value) => { if (value) params.set(name, value); else params.delete(name); };
    set("q", q);
    if (controls) {
      const { sort, topic, code } = wanted();
      set("sort", sort === "relevance" ? "" : sort);
      set("topic", topic);
      set("code", code ? "1" : "");
    }
    const query = params.toString();
    if (query !== new URLSearchParams(location.search).toString()) {
      const next = location.pathname + (query ? `?${query}` : "") + location.hash;
      if (push) history.pushState(null, "", next);
      else history.replaceState(null, "", next);
    }
    return query;
  }

  const options = () => target().querySelectorAll(".search-result");

  function choose(step) {
    const all = options();
    if (!all.length) return;
    if (active >= 0 && all[active]) all[active].setAttribute("aria-selected", "false");
    active = (active + step + all.length + 1) % (all.length + 1) - 1;
    if (active < 0) active = step > 0 ? 0 : all.length - 1;
    all[active].setAttribute("aria-selected", "true");
    all[active].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", all[active].id);
  }

  function onKey(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      choose(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      const chosen = options()[active];
      if (chosen) {
        event.preventDefault();
        win.location.href = chosen.querySelector("a").href;
      } else if (pageList) {
        event.preventDefault();
        clearTimeout(timer);
        search({ push: true });
      }
    } else if (event.key === "Escape") {
      // As a combobox does: close the list if it is open, else clear the box.
      if (!pageList && !list.hidden) {
        open(false);
      } else if (input.value) {
        event.preventDefault();
        clearTimeout(timer);
        input.value = "";
        search();
      }
    }
  }

  input.addEventListener("focus", () => load().catch(() => {}), { once: true });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search({ typing: !/\s$/.test(input.value) }), DEBOUNCE_MS);
  });
  input.addEventListener("keydown", onKey);
  doc.addEventListener("keydown", (event) => {
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
  doc.addEventListener("click", (event) => { if (!form.contains(event.target)) open(false); });
  if (more) more.addEventListener("click", () => { const mine = seq; showMore(mine).catch(() => failed(mine)); });
  if (controls) {
    controls.addEventListener("submit", (event) => event.preventDefault());
    controls.addEventListener("change", () => {
      clearTimeout(timer);
      search({ typing: lastTyping && !/\s$/.test(input.value), push: true });
    });
  }
  // Back and forward: the query and the form as that entry's URL has them. (Not for a mere #fragment.)
  win.addEventListener("popstate", () => {
    const params = new URLSearchParams(win.location.search);
    if (params.toString() === current) return;
    input.value = params.get("q") || "";
    restore(params);
    search();
  });
  // On load: what the URL says. The box is not focused: "/" is there for that, and focus is the reader's.
  const params = new URLSearchParams(win.location.search);
  current = params.toString();
  restore(params);
  if (controls) for (const field of controls.elements) field.disabled = false;
  const q = params.get("q");
  if (q) {
    input.value = q;
    search();
  }
}

if (typeof document !== "undefined") {
  const start = () => {
    const form = document.querySelector("form.search-box");
    if (form) searchBox(document, form);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}
