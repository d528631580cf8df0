/* Follows, without an account (issue 25): an ES module.
 *
 * Follow an author (a paper page's author names, from Hugging Face's API), a topic or an organisation (their
 * pages' headers) or a search (the search page: "Follow this search"; words, -words and lunr's syntax as
 * typed). Cards of what is followed say so: those that link to a followed topic or organisation, and those of
 * the last 30 days' papers a followed author or search finds (For you's index, outputs/recent.py: loaded only
 * when an author or a search is followed; its finds are kept, so the next page marks its cards at once, with
 * no layout shift, and changes only what changed once the index answers). The For you page (foryou.js) ranks
 * new papers by the follows, lists them with Unfollow, exports and imports them as JSON and writes them as
 * [[feed]] tables for digest.toml. Kept in the browser's localStorage and sent nowhere.
 *
 * Progressive enhancement, as reading.js: the templates render hidden placeholders and data attributes only.
 *   [data-follow=KIND]  KIND is topic, org or search; data-follow-name is what is followed (a topic's
 *                       title, an organisation's name; a search's is the query in the search box, read when
 *                       pressed); data-follow-slug its slug in digest.toml (topics, orgs); data-follow-url
 *                       its page, relative to the site root. It is a hidden placeholder the button goes in.
 *   [data-follow-each=KIND]  a paper page's authors: each <bdi> in it is one to follow, its name its text
 *                       (a page names each author once, issue 22).
 *
 * localStorage (storage.js), JSON with a version; every read is guarded (anything malformed is left out):
 *   paper-digest:follows  {"v": 1, "follows": {id: {"kind", "name", "slug"?, "url"?, "since"}}}
 *     id: kind and name, lowercased ("author:wei liu"); since: when, as an ISO time.
 *   paper-digest:follow-finds  {"v": 1, "asked": [ids], "newest": day, "papers": {url: [names]}}: the last
 *     30 days' papers the followed authors and searches `asked` found, as of the index of `newest`.
 */

import { builders } from "./dom.js";
import { fetchJSON } from "./load.js";
import { openStorage, plain, PREFIX } from "./storage.js";

const VERSION = 1;
export const FOLLOWS_KEY = `${PREFIX}follows`;
const FINDS_KEY = `${PREFIX}follow-finds`;
export const KINDS = Object.freeze(["author", "topic", "org", "search"]);
const NAME_MAX = 200;  // longer is not a name or a query anyone typed
const SLUG = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;  // topics.toml slugs and Hub organisation names
const PATH = /^[\w-]+(?:[./][\w-]+)*$/;  // relative to the site root, as reading.js has it
const matches = (pattern, value) => typeof value === "string" && pattern.test(value);

export const followId = (kind, name) => `${kind}:${name.trim().toLowerCase()}`;

/* One follow as kept, or null when it is malformed: a known kind, a name, a slug and page when given. */
export function followOf(e) {
  if (!plain(e) || !KINDS.includes(e.kind) || typeof e.name !== "string") return null;
  const name = e.name.trim().replace(/\s+/g, " ");
  if (!name || name.length > NAME_MAX) return null;
  if (e.slug !== undefined && !matches(SLUG, e.slug)) return null;
  if (e.url !== undefined && !matches(PATH, e.url)) return null;
  const since = typeof e.since === "string" && !Number.isNaN(Date.parse(e.since)) ? e.since : "";
  const follow = { kind: e.kind, name, since };
  if (e.slug !== undefined) follow.slug = e.slug;
  if (e.url !== undefined) follow.url = e.url;
  return follow;
}

/* The follows of a stored value, id -> follow; a missing, corrupt or other-version value is none. */
export function followsFrom(value) {
  const follows = new Map();
  if (!plain(value) || value.v !== VERSION || !plain(value.follows)) return follows;
  for (const e of Object.values(value.follows)) {
    const follow = followOf(e);
    if (follow) follows.set(followId(follow.kind, follow.name), follow);
  }
  return follows;
}

export const followsValue = (follows) => ({ v: VERSION, follows: Object.fromEntries(follows) });

/* The export file: the version, when, and the follows as a list (oldest first). */
export function exportData(follows, now) {
  const list = [...follows.values()].sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : 0));
  return { v: VERSION, exported: now.toISOString(), follows: list };
}

/* An export file's text merged into `follows`: {follows, added, skipped}; null when the text is not one
 * (not JSON, another version, no list). A follow already kept stays as it is. */
export function importData(follows, text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!plain(data) || data.v !== VERSION || !Array.isArray(data.follows)) return null;
  const merged = new Map(follows);
  let added = 0, skipped = 0;
  for (const e of data.follows) {
    const follow = followOf(e);
    if (!follow) { skipped += 1; continue; }
    const id = followId(follow.kind, follow.name);
    if (merged.has(id)) continue;
    merged.set(id, follow);
    added += 1;
  }
  return { follows: merged, added, skipped };
}

/* The words of a name as lunr's query side sees them: lowercased, split on white space and hyphens,
 * non-word characters trimmed, and only word characters left inside (lunr's syntax has no quoting). */
export const nameWords = (name) =>
  name.toLowerCase().split(/[\s-]+/).map((w) => w.replace(/^\W+/, "").replace(/\W+$/, ""))
    .filter((w) => /^\w+(?:['.]\w+)*$/.test(w));

/* The lunr query (search-engine.js's syntax) that finds a follow's papers: every word of an author's
 * name in the author field, of an organisation's in the org field; a search as typed. A topic needs no
 * query: store rows name their topics. null when there is nothing to ask. */
export function queryOf(follow) {
  if (follow.kind === "search") return follow.name;
  const field = { author: "author", org: "org" }[follow.kind];
  if (!field) return null;
  const all = nameWords(follow.name);
  return all.length ? all.map((w) => `+${field}:${w}`).join(" ") : null;
}

/* A search's part as a -word: the one word after "-", else "" (a field's or several words' -clause stays lunr's). */
function minusWord(part) {
  const word = part.startsWith("-") ? nameWords(part.slice(1)).join(" ") : "";
  return word.includes(" ") ? "" : word;
}

/* The -words of the followed searches: a paper with any of them is hidden on the For you page. */
export function negativeWords(follows) {
  const out = new Set();
  for (const f of follows.values()) {
    if (f.kind !== "search") continue;
    for (const part of f.name.split(/\s+/)) if (minusWord(part)) out.add(minusWord(part));
  }
  return [...out].sort();
}

/* A followed search without its -words (negativeWords'): For you hides their papers whatever the query
 * finds, and asking lunr for them again makes it start from every paper. "" when nothing else is left. */
export const withoutNegatives = (query) => query.split(/\s+/).filter((part) => part && !minusWord(part)).join(" ");

const tomlString = (s) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}"`;
const tomlList = (items) => `[${items.map(tomlString).join(", ")}]`;

/* The follows as [[feed]] tables for digest.toml. A [[feed]]'s rules all hold at once (generator/config.py),
 * and follows are any of them: so one table for the topics, one for the organisations, one for the
 * authors, and one per search (its words the table's `include`, any of them, its -words `exclude`). */
export function feedBlock(follows) {
  const of = (kind) => [...follows.values()].filter((f) => f.kind === kind).sort((a, b) => (a.name < b.name ? -1 : 1));
  const tables = [];
  const table = (name, title, rules) => tables.push([`[[feed]]`, `name = ${tomlString(name)}`, `title = ${tomlString(title)}`, ...rules].join("\n"));
  const topics = of("topic").map((f) => f.slug).filter(Boolean);
  if (topics.length) table("my-topics", "The topics I follow", [`topics = ${tomlList(topics)}`]);
  const orgs = of("org").map((f) => f.slug).filter(Boolean);
  if (orgs.length) table("my-orgs", "The organisations I follow", [`orgs = ${tomlList(orgs)}`]);
  const authors = of("author").map((f) => f.name);
  if (authors.length) table("my-authors", "The authors I follow", [`authors = ${tomlList(authors)}`]);
  let n = 0;
  for (const f of of("search")) {
    const parts = f.name.split(/\s+/).filter(Boolean);
    const phrase = (p) => nameWords(p.replace(/^[+-]/, "").replace(/^\w+:/, "")).join(" ");
    const include = [...new Set(parts.filter((p) => !p.startsWith("-")).map(phrase).filter(Boolean))];
    const exclude = [...new Set(parts.filter((p) => p.startsWith("-")).map(phrase).filter(Boolean))];
    if (!include.length) continue;  // a feed of -words alone would hold every other paper
    n += 1;
    const any = include.length > 1 ? ["# a feed's include is any of its words; the search asks for all of them"] : [];
    table(`my-search-${n}`, `Search: ${f.name}`, [...any, `include = ${tomlList(include)}`, ...(exclude.length ? [`exclude = ${tomlList(exclude)}`] : [])]);
  }
  return tables.length ? `${tables.join("\n\n")}\n` : "";
}

/* --- the last 30 days' papers and their index (outputs/recent.py): For you ranks them, cards are marked ---- */

/* {rows: Map ref -> row, newest, searcher} of the last 30 days' papers, or null when they cannot be loaded.
 * Paths from the search box's form (data-search-root, data-recent, data-lunr); search-engine.js is imported
 * only now, lunr.js too (a UMD script: it sets globalThis.lunr). */
export async function recentIndex(doc, form) {
  const root = (form.dataset.searchRoot || ".").replace(/\/$/, "") || ".";
  const site = (path) => new URL(`${root}/${path}`, doc.baseURI).href;
  try {
    const [head, lunr, { Searcher, zipped }] = await Promise.all([
      fetchJSON(site(form.dataset.recent)), loadLunr(doc, site(form.dataset.lunr)), import("./search-engine.js"),
    ]);
    const rows = new Map(head.rows.map((values, ref) => [ref, zipped(head.row, values)]));
    return { rows, newest: head.newest, searcher: new Searcher(lunr, head, (path) => fetchJSON(site(path))) };
  } catch {
    return null;
  }
}

/* What lunr answers `q` with on that index: [{ref, score, matchData}]. Read in lunr's syntax when `syntax`
 * (by default when the query uses any); plain words must all be in a paper (a followed search is all its
 * words, never any of them). A query lunr cannot read finds nothing. */
export async function findRecent(searcher, q, syntax = searcher.syntax.test(q)) {
  try {
    const answer = (await searcher.answer(q, false, syntax)).all();
    return syntax || answer.all ? answer.results : [];
  } catch {
    return [];
  }
}

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

/* The followed authors and searches whose finds mark cards, by id, sorted. */
export const askedIds = (follows) => [...follows].filter(([, f]) => f.kind === "author" || f.kind === "search").map(([id]) => id).sort();

/* Kept finds, or null when they are malformed or not of `asked` (the follows changed since). */
export function findsFrom(value, asked) {
  if (!plain(value) || value.v !== VERSION || !Array.isArray(value.asked) || !plain(value.papers)) return null;
  if (value.asked.length !== asked.length || value.asked.some((id, i) => id !== asked[i])) return null;
  const papers = new Map();
  for (const [url, names] of Object.entries(value.papers)) {
    if (matches(PATH, url) && Array.isArray(names) && names.every((n) => typeof n === "string")) papers.set(url, names);
  }
  return { newest: typeof value.newest === "string" ? value.newest : "", papers };
}

export const findsValue = (asked, newest, papers) => ({ v: VERSION, asked, newest, papers: Object.fromEntries(papers) });

/* --- the page: Follow buttons and the marks on cards ---------------------------------------- */

/* The follows of `store`, and a toggle that writes them (re-read first: another tab may have changed them). */
export function followsStore(store) {
  return {
    all: () => followsFrom(store.read(FOLLOWS_KEY)),
    /* Follow or unfollow; false when the storage refused the change. */
    toggle(follow) {
      const current = followsFrom(store.read(FOLLOWS_KEY)), id = followId(follow.kind, follow.name);
      if (current.has(id)) current.delete(id);
      else current.set(id, followOf({ ...follow, since: new Date().toISOString() }));
      return store.write(FOLLOWS_KEY, followsValue(current));
    },
    replace: (follows) => store.write(FOLLOWS_KEY, followsValue(follows)),
  };
}

const LABELS = { author: "Follow", topic: "Follow this topic", org: "Follow this organisation", search: "Follow this search" };

function followPage(doc) {
  const win = doc.defaultView;
  const form = doc.querySelector("[data-search-root]");
  const kindOf = (n) => n.dataset.follow ?? n.parentElement.dataset.followEach;
  const places = [...doc.querySelectorAll("[data-follow], [data-follow-each] > bdi")].filter((n) => KINDS.includes(kindOf(n)));
  const storage = openStorage(win);
  if (!storage || !form) return;  // no storage: no follows, and nothing says there are
  const store = followsStore(storage);
  const root = (form.dataset.searchRoot || ".").replace(/\/$/, "") || ".";
  const site = (path) => new URL(`${root}/${path}`, doc.baseURI).href;
  const { el, button } = builders(doc);
  const query = doc.querySelector("#search-q");

  const controls = [];  // {button, label, follow()}: follow() is what the button follows now (null: nothing)
  for (const place of places) {
    const kind = kindOf(place);
    const { followSlug, followUrl } = place.dataset;
    const followName = place.dataset.followName ?? (place.hidden ? undefined : place.textContent.trim());
    const follow = () => {
      // The search box holds the query; until search.js has restored it there, the address does.
      const typed = () => (query?.value || new URL(win.location.href).searchParams.get("q") || "").trim();
      const name = kind === "search" ? typed() : followName;
      if (!name) return null;
      return followOf({ kind, name, slug: followSlug, url: followUrl });
    };
    if (kind !== "search" && !follow()) continue;
    const control = button(`follow-button follow-button--${kind}`);
    const label = el("span", "follow-button__label");
    control.appendChild(label);
    if (kind === "author") {  // the name is beside it: say it to screen readers only
      const who = el("span", "visually-hidden", " ");
      who.appendChild(el("bdi", "", followName));
      control.appendChild(who);
    }
    const said = el("span", "follow-error");
    said.setAttribute("role", "status");
    control.addEventListener("click", () => {
      const f = follow();
      if (!f) { said.textContent = "Type a search first, then follow it."; return; }
      said.textContent = store.toggle(f) ? "" : "Not kept: this browser's storage for the site is full or turned off.";
      show();
    });
    if (place.hidden) {
      place.append(control, said);
      place.hidden = false;
    } else {
      place.after(" ", control, said);
    }
    controls.push({ button: control, label, follow, kind });
  }

  function show() {
    const follows = store.all();
    for (const { button: b, label, follow, kind } of controls) {
      const f = follow();
      const on = Boolean(f && follows.has(followId(f.kind, f.name)));
      b.setAttribute("aria-pressed", on ? "true" : "false");
      label.textContent = on ? (kind === "search" ? "Following this search" : "Following") : LABELS[kind];
    }
    markCards(follows, findsFrom(storage.read(FINDS_KEY), askedIds(follows)));
    refreshFinds(follows);
  }

  /* A card says "You follow …" when it links to a followed topic's or organisation's page, or is of a paper
   * a followed author or search found (the kept finds). The card's own page is its title's link. A list's row
   * (partials/rows.html) links to its paper only: it says the finds, after its title. */
  function markCards(follows, finds) {
    const byPage = new Map([...follows.values()].filter((f) => f.url).map((f) => [site(f.url), f]));
    const found = new Map([...(finds?.papers || [])].map(([url, names]) => [site(url), names]));
    for (const card of doc.querySelectorAll("article.card, .rows tr")) {
      const linked = [...card.querySelectorAll("a[href]")].map((a) => byPage.get(a.href)?.name);
      const title = card.querySelector(".card__title a[href], .rows a[href]");
      const own = found.get(title?.href) || [];
      const names = [...new Set([...linked, ...own].filter(Boolean))];
      const said = card.querySelector(".follow-mark");
      if (said?.dataset.names === JSON.stringify(names)) continue;  // unchanged: nothing moves
      card.classList.toggle("card--followed", names.length > 0);
      said?.remove();
      if (!names.length) continue;
      // At the end of the card's meta line: nothing the card shows moves (a new line under it would push
      // the cards below, after the page has been drawn).
      const mark = el("span", "follow-mark", "You follow ");
      mark.dataset.names = JSON.stringify(names);
      names.forEach((name, i) => mark.append(i ? ", " : "", el("bdi", "", name)));
      (card.querySelector(".card__meta") ?? title?.parentElement)?.append(mark);
    }
  }

  /* The finds of the followed authors and searches among the last 30 days' papers, asked once a page (the
   * index of a newer day, or other follows, may find others), kept, and the cards marked again. */
  let asking = null;
  function refreshFinds(follows) {
    const asked = askedIds(follows);
    if (!asked.length || !doc.querySelector("article.card, .rows tr") || !form) return;
    const key = asked.join("\n");
    if (asking === key) return;
    asking = key;
    recentIndex(doc, form).then(async (recent) => {
      if (!recent || asking !== key) return;
      const papers = new Map();
      await Promise.all(asked.map(async (id) => {
        const follow = follows.get(id);
        for (const r of await findRecent(recent.searcher, queryOf(follow) || "")) {
          const url = recent.rows.get(Number(r.ref))?.url;
          if (url) papers.set(url, [...(papers.get(url) || []), follow.name].sort());
        }
      }));
      if (asking !== key) return;
      storage.write(FINDS_KEY, findsValue(asked, recent.newest, [...papers].sort()));
      show();
    });
  }

  query?.addEventListener("input", show);
  win.addEventListener("popstate", show);
  win.addEventListener("storage", (event) => { if (event.key === null || event.key === FOLLOWS_KEY) show(); });
  win.addEventListener("pageshow", (event) => { if (event.persisted) show(); });
  show();
}

if (typeof document !== "undefined") {
  const start = () => followPage(document);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}
