/* Search the digest in the browser with lunr.js: an ES module.
 *
 * The index is built at build time by lunr.py (generator/outputs/search.py) and
 * packed; `unpack` turns it back into lunr's serialised form. Nothing is
 * fetched until the reader first uses the search box. Every piece of result
 * text is inserted as text (createTextNode / textContent), never as HTML.
 *
 * No path or field name is spelled here. The search box's form (partials/search_box.html)
 * gives them from the site's URL table (generator/urls.py): data-search-root (the
 * site root as seen from this page), data-index (the packed index), data-lunr
 * (lunr.js) and its action (the search page). The index gives the rest: its
 * fields, `store` (the store shard path, #### being the shard's zero-padded number)
 * and `shard` (papers per store shard); a store row gives its paper's URL.
 *
 * Plain words are all required (`plainSearch`); a query no paper answers with
 * every word falls back to any word, and says so. Lunr's own syntax (+a -b,
 * title:x, gen*) is given to lunr as it is. On the search page (search.html) a
 * small form sorts (relevance, newest listed, most upvoted) and filters (a topic,
 * papers with code) the results; the query and the form live in the URL
 * (?q=…&sort=date&topic=llms&code=1, defaults left out), restored on load and on
 * back and forward. The page never takes focus on load: "/" gives it to the box.
 *
 * `unpack`, `words`, `vocabularyOf` and `plainSearch` are pure and exported for
 * the tests (tests/js/lunr_query.mjs runs them under node); the search box is set
 * up only where there is a document.
 */

/* The packed index -> lunr's serialised index; papers are refs "0", "1", ...
 * The pack holds each paper's terms per field (generator/outputs/search.py);
 * field vectors are scored here exactly as lunr's Builder scores them (BM25). */
const NO_METADATA = Object.freeze({});  // lunr only reads a posting's metadata (no whitelist): one object serves all

export function unpack(pack) {
  const { fields, terms, papers: n, k1, b } = pack;
  const postings = terms.map((_, t) => {
    const posting = { _index: t };
    for (const field of fields) posting[field] = {};
    return posting;
  });
  const df = new Int32Array(terms.length), decoded = [], average = [];
  for (const field of fields) {
    const column = pack.docs[field], rows = new Array(n);
    let total = 0;
    for (let d = 0; d < n; d++) {
      const flat = column[d], row = new Array(flat.length);
      let term = 0;
      for (let i = 0; i < flat.length; i++) {
        term += flat[i];
        row[i] = term;
        if (!i || flat[i]) df[term]++;
      }
      rows[d] = row;
      total += row.length;
    }
    decoded.push(rows);
    average.push(total / n);
  }
  const idf = new Float64Array(terms.length);
  for (let t = 0; t < terms.length; t++) {
    const x = (n - df[t] + 0.5) / (df[t] + 0.5);
    idf[t] = Math.log(1 + Math.abs(x));
  }
  const fieldVectors = [];
  for (let d = 0; d < n; d++) {
    const ref = String(d);
    fields.forEach((field, f) => {
      const row = decoded[f][d], length = row.length, elements = [];
      for (let i = 0; i < length; i++) {
        let tf = 1;
        while (i + 1 < length && row[i + 1] === row[i]) { tf++; i++; }
        const t = row[i];
        let score = idf[t] * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average[f])) + tf);
        score *= pack.boosts[f];
        elements.push(t, Math.round(score * 1000) / 1000);
        postings[t][field][ref] = NO_METADATA;
      }
      fieldVectors.push([`${field}/${ref}`, elements]);
    });
  }
  const order = terms.map((_, t) => t);
  order.sort((p, q) => (terms[p] < terms[q] ? -1 : terms[p] > terms[q] ? 1 : 0));
  return {
    version: pack.version, fields, fieldVectors, pipeline: pack.pipeline,
    invertedIndex: order.map((t) => [terms[t], postings[t]]),
  };
}

/* The path of store shard `number`: the index's `store` pattern with its run of #
 * replaced by the number, zero-padded to the run's width. */
export function storePath(pattern, number) {
  return pattern.replace(/#+/, (hashes) => String(number).padStart(hashes.length, "0"));
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

/* The index's terms, sorted, for `plainSearch` to look words and prefixes up in. */
export const vocabularyOf = (pack) => [...pack.terms].sort();

/* Where `key` is, or would be, in a sorted array of strings. */
function lowerBound(sorted, key) {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < key) lo = mid + 1; else hi = mid;
  }
  return lo;
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
 * past its stem ("generali" on the way to "generalization", whose term is "gener") is not a term
 * and no term starts with it, so a word that is not itself a term also stands for the terms it
 * starts with, of GROWN_MIN letters or more ("gener"): results do not vanish mid-word. A word that
 * reaches no term at all is required as it is, and the query falls back to any word. A last word
 * shorter than MIN_PREFIX, or a stop word, only adds to the score while it is typed.
 *
 * Pure: `lunr` is lunr.js, `index` a loaded lunr.Index, `vocabulary` from vocabularyOf. */
export function plainSearch(lunr, index, vocabulary, q, typing) {
  const { REQUIRED, OPTIONAL } = lunr.Query.presence;
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
  if (!counted.length && scored === null) return { results: [], all: true, words: [] };  // no clause: lunr would match every paper

  const query = (presence) => index.query((clauses) => {
    for (const w of required) clauses.term(w, { presence });
    if (typed) {
      clauses.term(typed.word, { presence: OPTIONAL });
      clauses.term(typed.word, { presence: OPTIONAL, wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false, boost: 0.5 });
      for (const term of typed.grown) clauses.term(term, { presence: OPTIONAL, usePipeline: false, boost: 0.5 });
    }
    if (scored !== null) clauses.term(scored, { presence: OPTIONAL });
  });
  let results = query(REQUIRED);
  if (typed) {
    const { word, stem, grown } = typed;
    const ofTyped = (term) => term === stem || term.startsWith(word) || grown.includes(term);
    results = results.filter((r) => Object.keys(r.matchData.metadata).some(ofTyped));
  }
  if (results.length || counted.length < 2) return { results, all: true, words: counted };
  return { results: query(OPTIONAL), all: false, words: counted };
}

/* How results are sorted once their store rows are there: by relevance (lunr's order, `rank`),
 * newest listed first, or most upvoted first (unknown last); ties keep lunr's order. */
const SORTS = {
  relevance: (a, b) => a.rank - b.rank,
  date: (a, b) => (a.row[3] < b.row[3] ? 1 : a.row[3] > b.row[3] ? -1 : a.rank - b.rank),
  upvotes: (a, b) => (b.row[4] ?? -1) - (a.row[4] ?? -1) || a.rank - b.rank,
};

const DEBOUNCE_MS = 120, DROPDOWN_RESULTS = 8, PAGE_RESULTS = 50;
// Sorting other than by relevance, or filtering, needs the store rows of every result: of this many at most.
const SORT_LIMIT = 1000;

/* Inputs that take text: "/" types there; anywhere else it goes to the search box. */
const NOT_TEXT = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image", "hidden"]);
const isTyping = (target) => {
  const tag = target?.tagName;
  if (tag === "INPUT") return !NOT_TEXT.has((target.type || "text").toLowerCase());
  return tag === "TEXTAREA" || Boolean(target?.isContentEditable);
};

const papers = (n) => `${n.toLocaleString("en")} ${n === 1 ? "paper" : "papers"}`;
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
  const hfLink = elsewhere?.querySelector("a") || null;
  const hfSearch = hfLink?.getAttribute("href") || "";
  const root = (form.dataset.searchRoot || ".").replace(/\/$/, "") || ".";
  const paths = { index: form.dataset.index, lunr: form.dataset.lunr, results: form.getAttribute("action") };

  let loading = null, pack = null, index = null, lunr = null, syntax = null, vocabulary = null, timer = null;
  let seq = 0, active = -1, shown = 0, lastResults = [], lastTerms = {}, lastTyping = false, current = null;
  const shards = new Map();

  const url = (path) => `${root}/${path}`;
  const target = () => pageList || list;

  const loadScript = (src) => new Promise((resolve, reject) => {
    const script = doc.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    doc.head.appendChild(script);
  });

  const getJSON = async (path) => {
    const response = await fetch(url(path));
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response.json();
  };

  const setStatus = (text) => { (pageStatus || status).textContent = text; };

  /* lunr.js (a UMD script: it sets globalThis.lunr) and the index, once, on first use. */
  function load() {
    if (!loading) {
      setStatus("Loading search…");
      loading = (async () => {
        if (!paths.index || !paths.lunr) throw new Error("the search box does not say where its files are");
        const lib = globalThis.lunr ? null : loadScript(url(paths.lunr));
        [pack] = await Promise.all([getJSON(paths.index), lib]);
        lunr = globalThis.lunr;
        syntax = syntaxPattern(pack.fields);
        index = lunr.Index.load(unpack(pack));
        vocabulary = vocabularyOf(pack);
        setStatus("");
        return index;
      })();
      loading.catch(() => setStatus("Search is unavailable: its index could not be loaded."));
    }
    return loading;
  }

  function shard(number) {
    if (!shards.has(number)) {
      const got = getJSON(storePath(pack.store, number));
      got.catch(() => shards.delete(number));  // a failed shard is asked for again next time
      shards.set(number, got);
    }
    return shards.get(number);
  }

  const rows = (refs) => Promise.all(refs.map(async (ref) => {
    const n = Number(ref);
    return (await shard(Math.floor(n / pack.shard)))[n % pack.shard];
  }));

  /* Lunr's syntax as it is; plain words all required (plainSearch). */
  function run(q, typing) {
    if (syntax.test(q)) return { results: index.search(q), all: true, words: [] };
    return plainSearch(lunr, index, vocabulary, q, typing);
  }

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
      if (part && !/^[\s-]+$/.test(part) && terms[stem(part)]) {
        parent.appendChild(el("mark", "", part));
      } else if (part) {
        parent.appendChild(doc.createTextNode(part));
      }
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

  /* A store row is [url, title, date, arrived, upvotes, topics, snippet, has_code]; "" and null: unknown. */
  function item([path, title, date, arrived, upvotes, topics, snippet, hasCode], n, terms) {
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
    li.appendChild(highlighted(el("p", "search-result__snippet"), snippet, terms));
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

  /* The next page of results; lastResults are {ref, row?}: rows not yet fetched are fetched now. */
  async function showMore(mine) {
    const limit = pageList ? PAGE_RESULTS : DROPDOWN_RESULTS;
    const next = lastResults.slice(shown, shown + limit), missing = next.filter((entry) => !entry.row);
    if (missing.length) {
      const found = await rows(missing.map((entry) => entry.ref));
      missing.forEach((entry, i) => { entry.row = found[i]; });
    }
    if (mine !== seq) return;
    next.forEach((entry, i) => target().appendChild(item(entry.row, shown + i, lastTerms)));
    shown += next.length;
    if (more) more.hidden = !pageList || shown >= lastResults.length;
    if (!pageList && lastResults.length > shown) {
      const all = el("li", "search-results__all");
      const link = el("a", "", `All ${lastResults.length} results`);
      link.href = `${paths.results}?q=${encodeURIComponent(input.value)}`;
      all.appendChild(link);
      list.appendChild(all);
    }
  }

  const failed = (mine) => { if (mine === seq) setStatus("Some results could not be loaded. Try again."); };

  function suggestions(q) {
    const parts = q.trim().split(/\s+/), box = el("p", "search-suggest");
    if (parts.length < 2) {
      box.textContent = "Check the spelling, or try the start of a word with * (gen*).";
      return box;
    }
    box.appendChild(doc.createTextNode("Try fewer words: "));
    parts.forEach((_, i) => {
      const shorter = [...parts.slice(0, i), ...parts.slice(i + 1)].join(" ").replace(/(^|\s)[+]/g, "$1");
      let count;
      try { count = run(shorter, false).results.length; } catch { count = 0; }
      if (!count) return;
      const button = el("button", "search-suggest__option", shorter);
      button.type = "button";
      button.addEventListener("click", () => { input.value = shorter; search({ push: true }); input.focus(); });
      box.append(button, doc.createTextNode(" "));
    });
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
      if (mine === seq) target().removeAttribute("aria-busy");
    }
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
    let found;
    try {
      found = run(q, typing);
    } catch (error) {
      clear();
      const why = error?.name === "QueryParseError" ? error.message : "it could not be read";
      notice(`That query is not valid (${why}). Use plain words, or see the search page for the syntax.`);
      return;
    }
    const { results } = found;
    lastTerms = {};
    for (const r of results.slice(0, 200)) {
      for (const term of Object.keys(r.matchData.metadata)) lastTerms[term] = true;
    }
    if (!results.length) {
      clear();
      notice(`No papers match “${q.trim()}”.`, suggestions(q));
      return;
    }
    const fallback = found.all ? "" : `No paper has all of ${quoted(found.words)}; showing papers with any of them. `;
    let line = `${papers(results.length)} found`, entries = results.map((r, rank) => ({ ref: r.ref, rank }));
    const filtering = Boolean(want.topic || want.code);
    if (pageList && (filtering || want.sort !== "relevance")) {
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
      if (want.code) entries = entries.filter((entry) => entry.row[7] === true);
      entries.sort(SORTS[want.sort]);
      if (filtering) {
        const which = [want.topic && `in “${want.topicTitle}”`, want.code && "with code"].filter(Boolean).join(", ");
        line += `; ${entries.length || "none"} of them ${which}`;
      }
      if (results.length > SORT_LIMIT) {
        line += `. Sorting and filtering cover the best ${SORT_LIMIT.toLocaleString("en")}: add words to narrow the search`;
      }
    }
    clear();
    lastResults = entries;
    if (!entries.length) {
      notice(`${fallback}${line}.`);
      return;
    }
    setStatus(`${fallback}${line}.`);
    if (fallback) say(fallback.trim());
    open(true);
    await showMore(mine).catch(() => failed(mine));
  }

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
  if (controls) controls.hidden = false;
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
