/* The search's controller: one state, one request id, and events the views render: an ES module.
 *
 * `search(query, {typing, filters, push})` starts a request and gives it the next id; every step that waits
 * (the index, the shards, lunr's parts, the fragments) goes through `guard`, which stops the request there
 * when a newer one has started (the Stale error, caught once, in `search`). The views subscribe with
 * `on(type, listener)` and only render what they are told:
 *
 *   query    {query, filters, push}  a request starts (the address keeps it; search.html offers it elsewhere)
 *   busy     {busy}                  the results are being made (aria-busy) until this request has drawn them
 *   status   {text, transient}       the status line; text null: back to what it said before a transient text
 *   clear    {}                      the results give way to new ones
 *   close    {}                      no query: nothing to show
 *   results  {items, shown, total, complete, hit}
 *                                    results to add after those shown: items are {entry, fragment, n} (fragment:
 *                                    the paper's fields, search-engine.js), n its place; total: how many the
 *                                    answer has; complete: the last of this page; hit(word): the query's term
 *                                    a word of the result matched, or "" (what to highlight)
 *   message  {text, suggestions}     a line instead of (or above) results; suggestions {spelling, fewer} when
 *                                    nothing matched
 *
 * The first page is drawn result by result as the fragments arrive; with `quick` (the search page, by
 * relevance) it is drawn before lunr has scored every paper (firstResults), then lunr scores the rest a part
 * at a time with the page taking its turns (queryInParts). No document is touched here: node tests drive it.
 */

import { plural, quoted, grouped } from "./dom.js";
import { arranged } from "./search-sorts.js";
import { matchedTerm } from "./search-text.js";

// Sorting other than by relevance, or filtering, needs the store rows of every result: of this many at most.
export const SORT_LIMIT = 1000;
export const DEFAULT_FILTERS = Object.freeze({ sort: "relevance", topic: "", topicTitle: "", code: false });

/* A request a newer one has replaced: it stops where it is. */
class Stale extends Error {}

/* A turn for the page (input, painting) before what follows: a task of its own. */
export const nextTask = () => new Promise((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    resolve();
  };
  channel.port2.postMessage(null);
});

export class SearchController {
  /* open() -> a promise of the Searcher (search-engine.js), called once, on first use. Options: `first`,
   * the results drawn at once; `more`, per more(); `quick`, the first page before lunr has scored every
   * paper; `turn()` and `painted()`, promises of the page's next turn and of its next paint. */
  constructor(open, { first = 8, more = 50, quick = false, turn = nextTask, painted = nextTask } = {}) {
    this.open = open;
    this.options = { first, more, quick, turn, painted };
    this.listeners = new Map();
    this.request = 0;  // the id of the newest request; an older one stops at its next step
    this.loading = null;
    this.searcher = null;
    this.state = { query: "", typing: false, filters: DEFAULT_FILTERS, busy: false, results: [], shown: 0, terms: {} };
  }

  on(type, listener) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(listener);
    return this;
  }

  emit(type, detail = {}) {
    for (const listener of this.listeners.get(type) || []) listener(detail);
  }

  status(text) {
    this.emit("status", { text, transient: false });
  }

  /* The Searcher, once: lunr.js and the head of the index are loaded on first use. */
  load() {
    if (!this.loading) {
      this.emit("status", { text: "Loading search…", transient: true });
      this.loading = (async () => {
        this.searcher = await this.open();
        this.emit("status", { text: null, transient: false });  // as it was: an empty line would move what is below
        return this.searcher;
      })();
      this.loading.catch(() => this.status("Search is unavailable: its index could not be loaded."));
    }
    return this.loading;
  }

  /* What `promise` gives, if request `id` is still the newest once it has; else Stale. */
  async guard(id, promise) {
    const value = await promise;
    this.live(id);
    return value;
  }

  live(id) {
    if (id !== this.request) throw new Stale();
  }

  /* typing: the last word may be unfinished (plainSearch); filters: the search page's sort and filters;
   * push: a new history entry (the address), else the current one replaced. */
  async search(query, { typing = false, filters = DEFAULT_FILTERS, push = false } = {}) {
    const id = ++this.request;
    this.state = { ...this.state, query, typing, filters };
    this.emit("query", { query, filters, push });
    this.busy(true);
    try {
      await this.searching(id);
    } catch (error) {
      if (!(error instanceof Stale)) throw error;
    } finally {
      if (id === this.request) this.busy(false);
    }
  }

  busy(busy) {
    this.state.busy = busy;
    this.emit("busy", { busy });
  }

  async searching(id) {
    const { query: q, typing, filters } = this.state;
    if (!q.trim()) {
      this.clear();
      this.status("");
      this.emit("close");
      return;
    }
    let searcher;
    try {
      searcher = await this.load();
    } catch {
      return;  // load() has said so in the status line
    }
    this.live(id);
    let answer;
    try {
      answer = await searcher.answer(q, typing);
    } catch (error) {
      this.live(id);
      if (error?.unloaded) return this.failed();
      this.clear();
      const why = error?.name === "QueryParseError" ? error.message : "it could not be read";
      this.notice(`That query is not valid (${why}). Use plain words, or see the search page for the syntax.`);
      return;
    }
    await this.guard(id, this.options.turn());  // the page's turn between assembling the index and ranking
    const filtering = Boolean(filters.topic || filters.code), sorting = filtering || filters.sort !== "relevance";
    // By relevance, on the search page: the first page as soon as lunr has ranked it (firstResults), on
    // screen while lunr scores the rest; then the whole answer gives the count and the next pages.
    const quick = this.options.quick && !sorting ? answer.first(this.options.first) : null;
    if (quick) {
      this.state.terms = matchedTerms(quick.results);
      const entries = ranked(quick.results);
      if (!(await this.drawFirst(id, entries, () => { this.state.results = entries; }))) return;
      await this.guard(id, this.options.painted());
    }
    // lunr scores the papers a part at a time, the page taking its turns between (queryInParts)
    const found = await answer.inParts(() => this.guard(id, this.options.turn()));
    const { results } = found;
    this.state.terms = matchedTerms(results.slice(0, 200));
    if (!results.length) {
      const suggestions = await this.guard(id, searcher.suggest(q, found.known));
      this.clear();
      this.notice(`No papers match “${q.trim()}”.`, suggestions);
      return;
    }
    const fallback = found.all ? "" : `No paper has all of ${quoted(found.words)}; showing papers with any of them. `;
    let line = `${plural(results.length, "paper")} found`, entries = ranked(results);
    if (sorting) {
      entries = entries.slice(0, SORT_LIMIT);
      if (entries.length > this.options.more) this.status(`${fallback}${line}; sorting…`);
      let rows;
      try {
        rows = await Promise.all(entries.map((entry) => searcher.row(entry.ref)));
      } catch {
        this.live(id);
        return this.failed();
      }
      this.live(id);
      entries.forEach((entry, i) => { entry.row = rows[i]; });
      entries = arranged(entries, filters);
      if (filtering) {
        const which = [filters.topic && `in “${filters.topicTitle}”`, filters.code && "with code"].filter(Boolean).join(", ");
        line += `; ${entries.length || "none"} of them ${which}`;
      }
      if (results.length > SORT_LIMIT) {
        line += `. Sorting and filtering cover the best ${grouped(SORT_LIMIT)}: add words to narrow the search`;
      }
    }
    if (!entries.length) {
      this.clear();
      this.state.results = entries;
      this.notice(`${fallback}${line}.`);
      return;
    }
    if (quick) {  // the first page is on screen: lunr ranked it the same
      this.state.results = entries;
      this.status(`${line}.`);
      this.draw([], []);
      return;
    }
    await this.drawFirst(id, entries, () => {
      this.state.results = entries;
      this.status(`${fallback}${line}.`);
      if (fallback) this.emit("message", { text: fallback.trim(), suggestions: null });
    });
  }

  /* The first page of `entries`, each result as soon as its fragment and those of the results above it
   * are here: the first is on screen without waiting for the last. The old results give way when the
   * first comes, after `start()`. False when a fragment failed. */
  async drawFirst(id, entries, start) {
    const next = entries.slice(0, this.options.first);
    const coming = next.map((entry) => this.searcher.fragment(entry.ref));
    coming.forEach((promise) => promise.catch(() => {}));  // a failure is reported once, in its turn below
    for (let i = 0; i < next.length; i++) {
      let fragment;
      try {
        fragment = await coming[i];
      } catch {
        this.live(id);
        this.failed();
        return false;
      }
      this.live(id);
      if (i === 0) {
        this.clear();
        start();
      }
      this.draw([next[i]], [fragment], i === next.length - 1);
    }
    return true;
  }

  /* The next page of results (the search page's "More"). */
  async more() {
    const id = this.request, { results, shown } = this.state;
    const next = results.slice(shown, shown + this.options.more);
    try {
      const fragments = await this.guard(id, Promise.all(next.map((entry) => this.searcher.fragment(entry.ref))));
      this.draw(next, fragments);
    } catch (error) {
      if (!(error instanceof Stale) && id === this.request) this.failed();
    }
  }

  /* Results after those shown: `next` entries and their fragments; `complete`: the last of this page. */
  draw(next, fragments, complete = true) {
    const { shown, terms } = this.state, stem = (word) => this.searcher.stem(word);
    this.state.shown = shown + next.length;
    this.emit("results", {
      items: next.map((entry, i) => ({ entry, fragment: fragments[i], n: shown + i })),
      shown: this.state.shown,
      total: this.state.results.length,
      complete,
      hit: (word) => matchedTerm(word, terms, stem),
    });
  }

  clear() {
    this.state.shown = 0;
    this.emit("clear");
  }

  failed() {
    this.status("Some results could not be loaded. Try again.");
  }

  /* A message instead of results. */
  notice(text, suggestions = null) {
    this.status(text);
    this.emit("message", { text, suggestions });
  }
}

/* lunr's results as entries: {ref, rank} (rank: lunr's order). */
const ranked = (results) => results.map((r, rank) => ({ ref: r.ref, rank }));

/* The terms the results matched: the words to highlight. */
function matchedTerms(results) {
  const terms = {};
  for (const r of results) for (const term of Object.keys(r.matchData.metadata)) terms[term] = true;
  return terms;
}
