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
 * `unpack` is pure and exported for the tests (tests/js/lunr_query.mjs runs it
 * under node); the search box is set up only where there is a document.
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

const DEBOUNCE_MS = 120, DROPDOWN_RESULTS = 8, PAGE_RESULTS = 50;

/* Plain words: every word, and the last one also as a prefix while it is typed. */
const words = (q) =>
  q.toLowerCase().split(/[\s-]+/).map((w) => w.replace(/^\W+/, "").replace(/\W+$/, "")).filter(Boolean);

const isTyping = (target) => {
  const tag = target?.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || Boolean(target?.isContentEditable);
};

function searchBox(doc, form) {
  const win = doc.defaultView;
  const input = form.querySelector(".search-box__input");
  const status = form.querySelector(".search-box__status");
  const list = form.querySelector(".search-results");
  const pageList = doc.querySelector(".search-page__results");
  const pageStatus = doc.querySelector(".search-page__status");
  const more = doc.querySelector(".search-page__more");
  const root = (form.dataset.searchRoot || ".").replace(/\/$/, "") || ".";
  const paths = { index: form.dataset.index, lunr: form.dataset.lunr, results: form.getAttribute("action") };

  let loading = null, pack = null, index = null, lunr = null, syntax = null, timer = null;
  let seq = 0, active = -1, shown = 0, lastResults = [], lastTerms = {};
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
        setStatus("");
        return index;
      })();
      loading.catch(() => setStatus("Search is unavailable: its index could not be loaded."));
    }
    return loading;
  }

  function shard(number) {
    if (!shards.has(number)) shards.set(number, getJSON(storePath(pack.store, number)));
    return shards.get(number);
  }

  const rows = (refs) => Promise.all(refs.map(async (ref) => {
    const n = Number(ref);
    return (await shard(Math.floor(n / pack.shard)))[n % pack.shard];
  }));

  function run(q, typing) {
    if (syntax.test(q)) return index.search(q);
    const ws = words(q);
    if (!ws.length) return [];  // lunr would match every paper
    return index.query((query) => {
      ws.forEach((w, i) => {
        query.term(w);
        if (typing && i === ws.length - 1 && w.length >= 3) {
          query.term(w, { wildcard: lunr.Query.wildcard.TRAILING, usePipeline: false, boost: 0.5 });
        }
      });
    });
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

  /* A store row is [url, title, date, arrived, upvotes, topics, snippet]; "" and null: unknown. */
  function item([path, title, date, arrived, upvotes, topics, snippet], n, terms) {
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

  async function showMore(mine) {
    const limit = pageList ? PAGE_RESULTS : DROPDOWN_RESULTS;
    const found = await rows(lastResults.slice(shown, shown + limit).map((r) => r.ref));
    if (mine !== seq) return;
    found.forEach((row, i) => target().appendChild(item(row, shown + i, lastTerms)));
    shown += found.length;
    if (more) more.hidden = !pageList || shown >= lastResults.length;
    if (!pageList && lastResults.length > shown) {
      const all = el("li", "search-results__all");
      const link = el("a", "", `All ${lastResults.length} results`);
      link.href = `${paths.results}?q=${encodeURIComponent(input.value)}`;
      all.appendChild(link);
      list.appendChild(all);
    }
  }

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
      try { count = run(shorter, false).length; } catch { count = 0; }
      if (!count) return;
      const button = el("button", "search-suggest__option", shorter);
      button.type = "button";
      button.addEventListener("click", () => { input.value = shorter; search(false); input.focus(); });
      box.append(button, doc.createTextNode(" "));
    });
    return box;
  }

  /* A message instead of results: in the status line, and visibly in the dropdown. */
  function notice(text, extra) {
    setStatus(text);
    const li = el("li", "search-results__none");
    if (!pageList) li.appendChild(el("p", "search-results__message", text));
    if (extra) li.appendChild(extra);
    if (li.firstChild) target().appendChild(li);
    open(true);
  }

  async function search(commit) {
    const q = input.value, mine = ++seq;
    remember(q, commit);
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
    let results;
    try {
      results = run(q, !/\s$/.test(q) && !commit);
    } catch (error) {
      clear();
      const why = error?.name === "QueryParseError" ? error.message : "it could not be read";
      notice(`That query is not valid (${why}). Use plain words, or see the search page for the syntax.`);
      return;
    }
    lastResults = results;
    lastTerms = {};
    for (const r of results.slice(0, 200)) {
      for (const term of Object.keys(r.matchData.metadata)) lastTerms[term] = true;
    }
    clear();
    if (!results.length) {
      notice(`No papers match “${q.trim()}”.`, suggestions(q));
      return;
    }
    setStatus(`${results.length} ${results.length === 1 ? "paper" : "papers"} found.`);
    open(true);
    await showMore(mine);
  }

  function remember(q, commit) {
    const { location, history } = win;
    const params = new URLSearchParams(location.search);
    if ((params.get("q") || "") === q) return;
    if (q) params.set("q", q); else params.delete("q");
    const query = params.toString(), next = location.pathname + (query ? `?${query}` : "") + location.hash;
    if (commit) history.pushState({ q }, "", next);
    else history.replaceState({ q }, "", next);
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
        search(true);
      }
    } else if (event.key === "Escape") {
      // As a combobox does: close the list if it is open, else clear the box.
      if (!pageList && !list.hidden) {
        open(false);
      } else if (input.value) {
        event.preventDefault();
        clearTimeout(timer);
        input.value = "";
        search(false);
      }
    }
  }

  input.addEventListener("focus", () => load().catch(() => {}), { once: true });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(false), DEBOUNCE_MS);
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
  if (more) more.addEventListener("click", () => showMore(seq));
  win.addEventListener("popstate", () => {
    input.value = new URLSearchParams(win.location.search).get("q") || "";
    search(false);
  });
  const q = new URLSearchParams(win.location.search).get("q");
  if (q) {
    input.value = q;
    search(true);
  } else if (pageList) {
    input.focus();
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
