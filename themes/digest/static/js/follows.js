/* Follows, without an account (issue 25): an ES module.
 *
 * Follow an author (a paper page's author names, from Hugging Face's API), a topic or an organisation (their
 * pages' headers) or a search (the search page: "Follow this search"; words, -words and lunr's syntax as
 * typed). Cards that link to a followed topic or organisation say so. The For you page (foryou.js) ranks
 * new papers by the follows, lists them with Unfollow, exports and imports them as JSON and writes them as
 * [[feed]] tables for digest.toml. Kept in the browser's localStorage and sent nowhere.
 *
 * Progressive enhancement, as reading.js: the templates render hidden placeholders and data attributes only.
 *   [data-follow=KIND]  KIND is author, topic, org or search; data-follow-name is what is followed (an
 *                       author's name, a topic's title, an organisation's name; a search's is the query in
 *                       the search box, read when pressed); data-follow-slug its slug in digest.toml
 *                       (topics, orgs); data-follow-url its page, relative to the site root. A hidden one is
 *                       a placeholder the button goes in; one shown (an author's name) gets it after it.
 *
 * localStorage (storage.js), JSON with a version; every read is guarded (anything malformed is left out):
 *   paper-digest:follows  {"v": 1, "follows": {id: {"kind", "name", "slug"?, "url"?, "since"}}}
 *     id: kind and name, lowercased ("author:wei liu"); since: when, as an ISO time.
 */

import { builders } from "./dom.js";
import { openStorage, plain, PREFIX } from "./storage.js";

const VERSION = 1;
export const FOLLOWS_KEY = `${PREFIX}follows`;
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
  const rootNode = doc.querySelector("[data-search-root]");
  const places = [...doc.querySelectorAll("[data-follow]")].filter((n) => KINDS.includes(n.dataset.follow));
  const storage = openStorage(win);
  if (!storage || !rootNode) return;  // no storage: no follows, and nothing says there are
  const store = followsStore(storage);
  const root = (rootNode.dataset.searchRoot || ".").replace(/\/$/, "") || ".";
  const site = (path) => new URL(`${root}/${path}`, doc.baseURI).href;
  const { el, button } = builders(doc);
  const query = doc.querySelector("#search-q");

  const controls = [];  // {button, label, follow()}: follow() is what the button follows now (null: nothing)
  for (const place of places) {
    const { follow: kind, followName, followSlug, followUrl } = place.dataset;
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
    markCards(follows);
    for (const nav of doc.querySelectorAll("[data-follow-nav]")) nav.hidden = !follows.size && !nav.querySelector("[aria-current]");
  }

  /* A card that links to a followed topic's or organisation's page says "You follow …". */
  function markCards(follows) {
    const byPage = new Map([...follows.values()].filter((f) => f.url).map((f) => [site(f.url), f]));
    for (const card of doc.querySelectorAll("[data-paper]:not([data-paper-page])")) {
      const names = [...new Set([...card.querySelectorAll("a[href]")].map((a) => byPage.get(a.href)?.name).filter(Boolean))];
      card.classList.toggle("card--followed", names.length > 0);
      card.querySelector(".follow-mark")?.remove();
      if (!names.length) continue;
      const mark = el("p", "follow-mark", "You follow ");
      names.forEach((name, i) => mark.append(i ? ", " : "", el("bdi", "", name)));
      card.querySelector(".card__tags")?.before(mark);
    }
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
