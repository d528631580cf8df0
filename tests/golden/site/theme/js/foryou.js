/* The For you page (foryou.html, issue 25): an ES module, the page's controller and view.
 *
 * One file holds what it ranks: foryou/recent.json (generator/outputs/recent.py), the papers of the last 30
 * days and the head of a Lunr index of them alone, cut by term as the whole digest's is. The page asks that
 * index (search-engine.js's Searcher) for each follow's papers (an author's name in the author field, an
 * organisation's in org, a search as typed; a topic is in the rows already) and for the saved papers'
 * strongest terms (one query): only those terms' shards are downloaded, each holding the recent papers'
 * postings alone. It hides the papers with a followed search's -word and ranks the rest (foryou-rank.js).
 * Each paper says why it is shown. Below: the follows with Unfollow, Export and Import JSON, and the
 * follows as [[feed]] tables (follows.js).
 *
 * The index is loaded as follows.js loads it to mark cards (recentIndex), its paths from the search box's form.
 * Text is inserted as text only. Where the browser keeps no data, the page says so.
 *   paper-digest:foryou-visit  {"v": 1, "day", "previous"}: as reading.js's last visit, for this page
 */

import { builders, plural, quoted, showDay } from "./dom.js";
import {
  exportData, feedBlock, findRecent, FOLLOWS_KEY, followsStore, importData, negativeWords, queryOf, recentIndex, withoutNegatives,
} from "./follows.js";
import { mostLike, periods, rank, strongestTerms } from "./foryou-rank.js";
import { KEYS, nextVisit, savedFrom, visitFrom, visitValue } from "./reading.js";
import { openStorage, PREFIX } from "./storage.js";

const VISIT_KEY = `${PREFIX}foryou-visit`;
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
  // The last 30 days' papers with their index's head, and lunr.js, at once (foryou.html preloads both).
  const loaded = recentIndex(doc, form);
  const visited = loaded.then((data) => {
    const stored = visitFrom(storage.read(VISIT_KEY));
    const visit = data?.newest ? nextVisit(stored, data.newest) : stored;
    if (visit !== stored) storage.write(VISIT_KEY, visitValue(visit));
    return visit;
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
    const data = await loaded, visit = await visited;
    const evidence = data && (await gather(data.searcher, data.rows, followed, saved));
    if (id !== drawn) return;  // the follows changed meanwhile: a newer drawing is under way
    if (!evidence) {
      status.textContent = "The search data could not be loaded, so no papers can be ranked here. Try again later.";
      return;
    }
    const { rows, newest } = data;
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

/* Each follow's papers, the papers like the saved ones, the hidden ones: what rank() needs. Every query
 * runs at once: each loads its terms' shards of the recent papers' index. */
async function gather(searcher, rows, followed, saved) {
  const { lunr } = searcher;
  const queries = [...followed.values()].map(queryOf);
  const negatives = negativeWords(followed);
  const stem = (w) => searcher.stem(w);
  const stop = (w) => lunr.stopWordFilter(new lunr.Token(w, {})) === undefined;
  const terms = strongestTerms(saved.map((s) => s.title), (w) => (stop(w) ? "" : stem(w)));
  const ask = (q, syntax) => findRecent(searcher, q, syntax);
  // Read as typed (lunr's syntax when the whole query uses any), its -words left to `hidden`.
  const asked = queries.map((q) => (q && withoutNegatives(q) ? ask(withoutNegatives(q), searcher.syntax.test(q)) : Promise.resolve([])));
  const askedNot = negatives.map((word) => ask(word));  // a plain query requires all its words: each alone
  const askedLike = terms.length ? ask(terms.map((t) => t.word).join(" "), true) : Promise.resolve([]);  // none: the follows still rank
  const refs = (results) => new Set(results.map((r) => Number(r.ref)).filter((n) => rows.has(n)));
  const found = await Promise.all(asked);
  const hits = [...followed.values()].map((follow, i) => ({ follow, refs: refs(found[i]) }));
  const hidden = new Set();
  for (const results of await Promise.all(askedNot)) for (const n of refs(results)) hidden.add(n);
  const likes = new Map();
  if (terms.length) {
    const savedTerms = saved.map((s) => ({ title: s.title, terms: new Set(strongestTerms([s.title], (w) => (stop(w) ? "" : stem(w)), 100).map((t) => t.term)) }));
    const savedUrls = new Set(saved.map((s) => s.url));
    for (const r of await askedLike) {
      const n = Number(r.ref);
      if (!rows.has(n) || savedUrls.has(rows.get(n).url)) continue;  // a saved paper is not news
      const like = mostLike(Object.keys(r.matchData.metadata), savedTerms);
      if (like) likes.set(n, { score: r.score, like });
    }
  }
  return { hits, likes, hidden, negatives };
}

if (typeof document !== "undefined") {
  const start = () => forYou(document);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}
