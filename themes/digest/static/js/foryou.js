/* The For you page (foryou.html, issue 25): an ES module, the page's controller and view.
 *
 * It finds the papers of the last 30 days (the newest store rows: papers are numbered by arrival, so they
 * are the last files of search/store-NNNN.json), asks the sharded search index (search-engine.js's
 * Searcher) for each follow's papers (an author's name in the author field, an organisation's in org, a
 * search as typed; a topic is in the rows already) and for the saved papers' strongest terms (one query:
 * only their term shards are downloaded), hides the papers with a followed search's -word, and ranks the
 * rest (foryou-rank.js). Each paper says why it is shown. Below: the follows with Unfollow, Export and
 * Import JSON, and the follows as [[feed]] tables (follows.js).
 *
 * Paths come from the search box's form (data-search-root, data-index, data-lunr) and the head, as in
 * search.js. Text is inserted as text only. Where the browser keeps no data, the page says so.
 *   paper-digest:foryou-visit  {"v": 1, "day", "previous"}: as reading.js's last visit, for this page
 */

import { builders, plural, quoted, showDay } from "./dom.js";
import { exportData, feedBlock, FOLLOWS_KEY, followsStore, importData, negativeWords, queryOf } from "./follows.js";
import { daysBefore, mostLike, periods, rank, strongestTerms } from "./foryou-rank.js";
import { KEYS, nextVisit, savedFrom, visitFrom, visitValue } from "./reading.js";
import { plainNeeds, Searcher, zipped } from "./search-engine.js";
import { numbered, syntaxNeeds } from "./search-shards.js";
import { openStorage, PREFIX } from "./storage.js";

const VISIT_KEY = `${PREFIX}foryou-visit`;
const MONTH = 29;  // days back from the newest day: 30 days with it
const BATCH = 8;  // store files fetched at once

const KIND_NAMES = { author: "author", topic: "topic", org: "organisation", search: "search" };

async function forYou(doc) {
  const win = doc.defaultView;
  const box = doc.querySelector("[data-foryou]");
  const form = doc.querySelector("[data-search-root]");
  if (!box || !form) return;
  doc.querySelector("[data-foryou-nojs]").hidden = true;
  const storage = openStorage(win);
  if (!storage) {
    doc.querySelector("[data-foryou-nostorage]").hidden = false;
    return;
  }
  box.hidden = false;
  const { el, button, labelledDay } = builders(doc);
  const part = (name) => box.querySelector(`[data-foryou-${name}]`);
  const status = part("status"), note = part("note"), sections = part("sections");
  const follows = followsStore(storage);
  const root = (form.dataset.searchRoot || ".").replace(/\/$/, "") || ".";
  const site = (path) => new URL(`${root}/${path}`, doc.baseURI).href;

  /* --- what is followed: the list, Unfollow, export, import, the feed tables --- */
  function drawFollows() {
    const all = [...follows.all().values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
    const list = part("follows");
    list.replaceChildren(...all.map((f) => {
      const li = el("li");
      const name = f.url ? el("a") : el("span");
      if (f.url) name.href = site(f.url);
      name.appendChild(el("bdi", "", f.name));
      const drop = button("", "Unfollow");
      const hidden = el("span", "visually-hidden", " ");
      hidden.appendChild(el("bdi", "", f.name));
      drop.appendChild(hidden);
      drop.addEventListener("click", () => {
        if (!follows.toggle(f)) { note.textContent = "Not unfollowed: this browser's storage for the site is full or turned off."; return; }
        note.textContent = `Unfollowed “${f.name}”.`;
        refresh();
      });
      li.append(`${KIND_NAMES[f.kind]}: `, name, " ", drop);
      return li;
    }));
    part("none").hidden = all.length > 0;
    part("export").hidden = !all.length;
    const block = feedBlock(follows.all());
    part("feed").textContent = block || "# Follow something first: its [[feed]] table appears here.";
  }
  part("export").addEventListener("click", () => {
    const data = exportData(follows.all(), new Date());
    const link = el("a");
    link.href = URL.createObjectURL(new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: "application/json" }));
    link.download = part("export").dataset.file;
    link.hidden = true;
    doc.body.appendChild(link);
    link.click();
    link.remove();
    win.setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    note.textContent = `Exported ${link.download}: ${plural(data.follows.length, "follow")}.`;
  });
  part("import").addEventListener("change", async (event) => {
    const file = event.target.files?.[0];
    if (!file) return;
    let text = "";
    try { text = await file.text(); } catch { text = ""; }
    const merged = importData(follows.all(), text);
    event.target.value = "";
    if (!merged) { note.textContent = `Nothing imported: ${file.name} is not a file of follows exported here.`; return; }
    if (!follows.replace(merged.follows)) { note.textContent = "Not imported: this browser's storage for the site is full or turned off."; return; }
    const skipped = merged.skipped ? ` ${plural(merged.skipped, "entry", "entries")} could not be read.` : "";
    note.textContent = `Imported ${plural(merged.added, "new follow")} from ${file.name}.${skipped}`;
    refresh();
  });

  /* --- the papers --- */
  // The head and lunr.js at once; then the rows of the last 30 days while the queries run (gather).
  const [head, lunr] = await Promise.all([
    loadJSON(site(form.dataset.index)).catch(() => null), loadLunr(doc, site(form.dataset.lunr)).catch(() => null),
  ]);
  const searcher = head && lunr ? new Searcher(lunr, head, (path) => loadJSON(site(path))) : null;
  const rowsLoaded = searcher ? recentRows(searcher).catch(() => null) : Promise.resolve(null);
  const visited = rowsLoaded.then((rows) => {
    const newest = rows?.size ? [...rows.values()].reduce((a, r) => (r.arrived > a ? r.arrived : a), "") : "";
    const stored = visitFrom(storage.read(VISIT_KEY));
    const visit = newest ? nextVisit(stored, newest) : stored;
    if (visit !== stored) storage.write(VISIT_KEY, visitValue(visit));
    return { newest, visit };
  });

  let drawn = 0;
  async function drawPapers() {
    const id = ++drawn;
    const followed = follows.all();
    const saved = [...savedFrom(storage.read(KEYS.saved)).values()];
    if (!followed.size && !saved.length) {
      sections.replaceChildren();
      status.textContent = "Follow an author, a topic, an organisation or a search, or save papers, and the new papers they lead to are listed here.";
      return;
    }
    status.textContent = "Ranking the new papers…";
    const gathered = searcher ? gather(searcher, rowsLoaded, followed, saved) : null;
    const rows = await rowsLoaded, { newest, visit } = await visited, evidence = await gathered;
    if (id !== drawn) return;  // the follows changed meanwhile: a newer drawing is under way
    if (!rows || !evidence) {
      status.textContent = "The search data could not be loaded, so no papers can be ranked here. Try again later.";
      return;
    }
    const ranked = rank(rows, evidence.hits, evidence.likes, evidence.hidden);
    const { since, week, month, counts } = periods(ranked, newest, visit.previous);
    const hiddenNote = evidence.negatives.length ? ` Papers with ${quoted(evidence.negatives)} are hidden.` : "";
    status.textContent = `${plural(ranked.length, "paper")} of the 30 days to ${showDay(newest)} for you.${hiddenNote}`;
    const section = (title, items, count, empty) => {
      const s = el("section", "foryou__section");
      s.appendChild(el("h2", "", title));
      if (!items.length) { s.appendChild(el("p", "foryou__empty", empty)); return s; }
      if (count > items.length) s.appendChild(el("p", "foryou__meta", `The best ${items.length} of ${count}.`));
      const list = el("ol", "foryou__items");
      list.append(...items.map(item));
      s.appendChild(list);
      return s;
    };
    const out = [];
    if (visit.previous) out.push(section(`Since your last visit (listed after ${showDay(visit.previous)})`, since, counts[0], "Nothing new for you since your last visit."));
    out.push(section("The last 7 days", week, counts[1], "Nothing for you in these days."));
    out.push(section("The last 30 days", month, counts[2], "Nothing for you in these days."));
    sections.replaceChildren(...out);
  }

  function item({ row, reasons }) {
    const li = el("li", "foryou__item");
    const heading = el("h3");
    const link = el("a");
    link.href = site(row.url);
    link.appendChild(el("bdi", "", row.title));
    heading.appendChild(link);
    const why = el("p", "foryou__why", "Why: ");
    reasons.forEach((r, i) => {
      if (i) why.append("; ");
      if (r.kind === "like") why.append("like: ", el("bdi", "", r.title));
      else if (r.what === "search") why.append("you follow the search “", el("bdi", "", r.name), "”");
      else why.append("you follow ", el("bdi", "", r.name));
    });
    const meta = el("p", "foryou__meta");
    meta.appendChild(labelledDay("Listed", row.arrived));
    li.append(heading, why, meta);
    return li;
  }

  function refresh() {
    drawFollows();
    drawPapers();
  }
  win.addEventListener("storage", (event) => {
    if (event.key === null || event.key === KEYS.saved || event.key === FOLLOWS_KEY) refresh();
  });
  refresh();
}

/* Each follow's papers, the papers like the saved ones, the hidden ones: what rank() needs. */
async function gather(searcher, rowsLoaded, followed, saved) {
  // Each query's term shards load beside the store files; lunr scores only the last 30 days' papers, once
  // their rows are in (`within`): the same scores, far fewer papers.
  const { lunr, head } = searcher;
  const prefetch = (q, syntax) => {
    try {
      const plan = syntax ? syntaxNeeds(lunr, searcher.pipeline, head.fields, q) : plainNeeds(lunr, q, false);
      return searcher.shardsFor(plan.needs)
        .then(({ numbers }) => Promise.all(numbers.map((n) => searcher.file(numbered(head.terms, n))))).catch(() => null);
    } catch {
      return null;  // a query lunr cannot read: asked later, it finds nothing
    }
  };
  const queries = [...followed.values()].map(queryOf);
  const negatives = negativeWords(followed);
  const stem = (w) => searcher.stem(w);
  const stop = (w) => lunr.stopWordFilter(new lunr.Token(w, {})) === undefined;
  const terms = strongestTerms(saved.map((s) => s.title), (w) => (stop(w) ? "" : stem(w)));
  const likeQuery = terms.map((t) => t.word).join(" ");
  for (const q of [...queries, ...negatives]) if (q) prefetch(q, searcher.syntax.test(q));
  if (terms.length) prefetch(likeQuery, true);
  const rows = await rowsLoaded;
  if (!rows) return null;
  const within = new Set(rows.keys());
  const ask = async (q, syntax = searcher.syntax.test(q)) => {
    try {
      const answer = (await searcher.answer(q, false, syntax, within)).all();
      return syntax || answer.all ? answer.results : [];  // a followed search is all its words, never any of them
    } catch {
      return [];  // a query lunr cannot read finds nothing
    }
  };
  const asked = queries.map((q) => (q ? ask(q) : Promise.resolve([])));
  const askedNot = negatives.map((word) => ask(word));  // a plain query requires all its words: each alone
  const askedLike = terms.length ? ask(likeQuery, true) : Promise.resolve([]);  // none: the follows still rank
  const first = Math.min(...rows.keys());
  const recent = (results) => new Set(results.map((r) => Number(r.ref)).filter((n) => n >= first));
  const found = await Promise.all(asked);
  const hits = [...followed.values()].map((follow, i) => ({ follow, refs: recent(found[i]) }));
  const hidden = new Set();
  for (const refs of await Promise.all(askedNot)) for (const n of recent(refs)) hidden.add(n);
  const likes = new Map();
  if (terms.length) {
    const savedTerms = saved.map((s) => ({ title: s.title, terms: new Set(strongestTerms([s.title], (w) => (stop(w) ? "" : stem(w)), 100).map((t) => t.term)) }));
    const savedUrls = new Set(saved.map((s) => s.url));
    for (const r of await askedLike) {
      const n = Number(r.ref);
      if (n < first || !rows.has(n) || savedUrls.has(rows.get(n).url)) continue;  // a saved paper is not news
      const like = mostLike(Object.keys(r.matchData.metadata), savedTerms);
      if (like) likes.set(n, { score: r.score, like });
    }
  }
  return { hits, likes, hidden, negatives };
}

/* The store rows of the last 30 days, ref -> row: the last store files, newest first, until one starts
 * before the 30 days (counted back from the newest row's day). */
async function recentRows(searcher) {
  const { head } = searcher, last = Math.floor((head.papers - 1) / head.shard);
  const rows = new Map();
  let cutoff = "";
  for (let top = last; top >= 0; top -= BATCH) {
    const numbers = [];
    for (let n = top; n > top - BATCH && n >= 0; n--) numbers.push(n);
    const files = await Promise.all(numbers.map((n) => searcher.file(numbered(head.store, n))));
    files.forEach((file, i) => file.forEach((values, j) => rows.set(numbers[i] * head.shard + j, zipped(head.row, values))));
    cutoff = daysBefore([...rows.values()].reduce((a, r) => (r.arrived > a ? r.arrived : a), ""), MONTH);
    const oldest = files[files.length - 1][0];
    if (!oldest || zipped(head.row, oldest).arrived < cutoff) break;
  }
  for (const [ref, row] of rows) if (row.arrived < cutoff) rows.delete(ref);
  return rows;
}

async function loadJSON(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

/* lunr.js, a UMD script: it sets globalThis.lunr. */
function loadLunr(doc, src) {
  if (doc.defaultView.lunr) return Promise.resolve(doc.defaultView.lunr);
  return new Promise((resolve, reject) => {
    const script = doc.createElement("script");
    script.src = src;
    script.onload = () => resolve(doc.defaultView.lunr);
    script.onerror = () => reject(new Error(`could not load ${src}`));
    doc.head.appendChild(script);
  });
}

if (typeof document !== "undefined") {
  const start = () => forYou(document);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}
