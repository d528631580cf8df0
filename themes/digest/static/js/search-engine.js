/* The search engine: queries on the sharded search data, with no document: an ES module.
 *
 * A query loads the head (search/index.json: fields, pipeline, the first term of each term shard, where the
 * other files are), then only the term shards its terms fall in (`Searcher`); search-shards.js makes a
 * lunr.Index of them and lunr scores the query, so the ranking is lunr's over the whole digest. Plain words
 * are all required (`plainSearch`); a query no paper answers with every word falls back to any word; a query
 * nothing answers gets suggestions (`Searcher.suggest`: the nearest indexed words, and fewer words). Lunr's
 * own syntax (+a -b, title:x, gen*) is given to lunr as it is.
 *
 * Store rows and result fragments are arrays on disk and objects here: the head names their fields
 * (generator/outputs/search.py's ROW_FIELDS and FRAGMENT_FIELDS), so no position is written in JavaScript.
 *
 * Pure but for `load(path)`, the loader it is given (fetch in the browser, the disk under node): anything that
 * runs a query (the search box, a page of its own, a test) uses the Searcher without a document.
 */

import {
  assemble, codeReader, firstResults, FIRST_FEWEST, lowerBound, numbered, PART, queryInParts, shardOf, syntaxNeeds,
} from "./search-shards.js";
import { parseQuery, registerSpelling, typedSpellings } from "./search-spelling.js";
import { correction } from "./search-text.js";

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

/* A word's index term as the query pipeline makes it: its one spelling ("spelling", which a Searcher
 * registers from its head: search-spelling.js), then lunr's stemmer. */
export function termOf(lunr, word) {
  const token = new lunr.Token(word, {}), spelling = lunr.Pipeline.registeredFunctions.spelling;
  return lunr.stemmer(spelling ? spelling(token) : token).toString();
}

/* The starts of words a word being typed may be, as the index spells them (search-spelling.js). */
function typedForms(lunr, word) {
  const spelling = lunr.Pipeline.registeredFunctions.spelling;
  return spelling?.rules ? typedSpellings(spelling.rules, word) : [word];
}

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
 * past its stem ("modelin" on the way to "modeling", whose term is "model") is not a term
 * and no term starts with it, so a word that is not itself a term also stands for the terms it
 * starts with, of GROWN_MIN letters or more ("model"): results do not vanish mid-word. A word
 * typed in one spelling also starts the other's terms ("generaliz": "generalis"; typedForms). A word that
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
      const stem = termOf(lunr, last), starts = typedForms(lunr, last), grown = new Set();
      // an -ize word on its way is its British terms' start ("generaliz": "generalis"), not a grown stem's
      if (!known(stem) && !starts.slice(1).some(extended)) {
        for (const start of starts) {
          for (let k = start.length - 1; k >= GROWN_MIN; k--) if (known(start.slice(0, k))) grown.add(start.slice(0, k));
        }
      }
      if (known(stem) || starts.some(extended) || grown.size) typed = { word: last, starts, stem, grown: [...grown] };
      else required.push(last);
    }
  }
  const counted = typed ? [...required, typed.word] : required;
  if (!counted.length && scored === null) return null;

  const clauses = (presence) => (query) => {
    for (const w of required) query.term(w, { presence });
    if (typed) {
      query.term(typed.word, { presence: OPTIONAL });
      for (const start of typed.starts) {
        query.term(start, { presence: OPTIONAL, wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false, boost: 0.5 });
      }
      for (const term of typed.grown) query.term(term, { presence: OPTIONAL, usePipeline: false, boost: 0.5 });
    }
    if (scored !== null) query.term(scored, { presence: OPTIONAL });
  };
  const keep = (results) => {
    if (!typed) return results;
    const { starts, stem, grown } = typed;
    const ofTyped = (term) => term === stem || starts.some((start) => term.startsWith(start)) || grown.includes(term);
    return results.filter((r) => Object.keys(r.matchData.metadata).some(ofTyped));
  };
  return { words: counted, clauses, keep };
}

/* The terms a plain-word query reaches (plainSearch's clauses): each word's stem and, for the word
 * being typed, the terms it starts and the shorter terms it may have grown from. */
export function plainNeeds(lunr, q, typing) {
  const all = words(q), needs = [];
  for (const w of all) needs.push({ term: termOf(lunr, w) });
  const last = typing && all.length ? all[all.length - 1] : null;
  if (last !== null && last.length >= MIN_PREFIX) {
    for (const start of typedForms(lunr, last)) {
      needs.push({ prefix: start });
      for (let k = start.length - 1; k >= GROWN_MIN; k--) needs.push({ term: start.slice(0, k) });
    }
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
    registerSpelling(lunr, head.spelling);
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
   * (not `typing`) take only the papers that have them all, when some do: lunr would drop the others.
   * `within`: a Set of paper numbers, the only papers to score (the For you page: the last 30 days). */
  async indexFor(q, { syntax, typing = false, within = null }) {
    const plan = syntax ? syntaxNeeds(this.lunr, this.pipeline, this.head.fields, q) : plainNeeds(this.lunr, q, typing);
    const { numbers, keep } = await this.shardsFor(plan.needs);
    const shards = await Promise.all(numbers.map((n) => this.file(numbered(this.head.terms, n))));
    let only = null;
    if (!syntax && !typing) {
      const { lunr } = this, token = (w) => new lunr.Token(w, {});
      const stems = words(q).filter((w) => lunr.stopWordFilter(token(w)) !== undefined).map((w) => termOf(lunr, w));
      only = stems.length ? papersWithAll(codeReader(this.head), shards, [...new Set(stems)]) : null;
      if (only && !only.size) only = null;  // no paper has them all: plainSearch falls back to any word
    }
    if (within) only = only ? new Set([...only].filter((n) => within.has(n))) : within;
    return assemble(this.lunr, this.head, shards, plan.negated, keep, only);
  }

  /* A query's answer, in two steps: first(n), its first n results when they can be had without lunr
   * scoring every paper (firstResults; else null), and all(), lunr's whole answer (run's), made once.
   * `syntax`: read in lunr's syntax (else as plain words, plainSearch); by default when it uses any.
   * `within`: only these papers (numbers) are scored, as indexFor's. */
  async answer(q, typing = false, syntax = this.syntax.test(q), within = null) {
    const { lunr } = this, assembled = await this.indexFor(q, { syntax, typing, within });
    const { index, vocabulary } = assembled;
    const known = (term) => vocabulary[lowerBound(vocabulary, term)] === term;
    const plan = syntax ? null : plainPlan(lunr, vocabulary, q, typing);
    const answer = (on) => (syntax ? { results: on.query((query) => parseQuery(lunr, q, query)), all: true, words: [] } : plainSearch(lunr, on, vocabulary, q, typing));
    const { REQUIRED, OPTIONAL } = lunr.Query.presence;
    let whole = null;
    return {
      first(n, fewest = FIRST_FEWEST) {
        if (!syntax && !plan) return null;
        const query = new lunr.Query(index.fields);
        if (syntax) parseQuery(lunr, q, query);
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
          whole = { results: await parts((query) => parseQuery(lunr, q, query)), all: true, words: [], known };
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

  /* A word as the index has its terms: trimmed, spelled and stemmed as lunr's pipeline does. */
  stem(word) {
    return termOf(this.lunr, this.lunr.trimmer(new this.lunr.Token(word.toLowerCase(), {})).toString());
  }

  /* Paper `ref`'s store row, an object of the head's `row` fields (what results are sorted and filtered by). */
  async row(ref) {
    const n = Number(ref), { head } = this;
    return zipped(head.row, (await this.file(numbered(head.store, Math.floor(n / head.shard))))[n % head.shard]);
  }

  /* Paper `ref`'s result fragment, an object of the head's `fragment` fields (what a result shows), read back
   * as the head's `packed` says it was written shorter (search.py's `packing`). A file holds `per_file`
   * papers' fragments, in order. */
  async fragment(ref) {
    const n = Number(ref), { head } = this;
    const got = zipped(head.fragment, (await this.file(numbered(head.paper, Math.floor(n / head.per_file))))[n % head.per_file]);
    for (const [name, how] of Object.entries(head.packed || {})) {
      if (how.around) got[name] = how.around[0] + got[name] + how.around[1];
      else if (Array.isArray(got[name])) got[name] = got[name].map((place) => how.of[place]);
      else if (got[name] !== null) got[name] = how.of[got[name]];  // one place; null: none
    }
    return got;
  }

  /* What to try when nothing matches `q` ({known} of its answer): {spelling}, the query spelled as the index
   * has its words ("Did you mean"; null if none), and {fewer}, the query without one of its words, for each
   * that then finds papers. */
  async suggest(q, known) {
    let spelling = null;
    try {
      spelling = correction(q, await this.words(), (word) => known(this.stem(word)));
    } catch {
      spelling = null;  // no words file: no spelling to offer
    }
    const parts = q.trim().split(/\s+/), fewer = [];
    if (parts.length > 1) {
      for (let i = 0; i < parts.length; i++) {
        const shorter = [...parts.slice(0, i), ...parts.slice(i + 1)].join(" ").replace(/(^|\s)[+]/g, "$1");
        let count;
        try { count = (await this.run(shorter, false)).results.length; } catch { count = 0; }
        if (count) fewer.push(shorter);
      }
    }
    return { spelling, fewer };
  }
}

/* An array of values as an object of `names`, in order. */
export const zipped = (names, values) => Object.fromEntries(names.map((name, i) => [name, values[i]]));

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

