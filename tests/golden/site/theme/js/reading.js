/* The reading list, without an account (issue 15): an ES module.
 *
 * Save on every paper card and paper page; the Saved page (saved.html) lists the saved papers
 * with Remove, Export BibTeX and Export JSON; papers opened are marked read (their cards are
 * dimmed); the home page says how many papers are new since the last visit; a paper page has
 * Copy BibTeX. Everything is kept in the browser's localStorage and sent nowhere.
 *
 * Progressive enhancement: the templates render data attributes and hidden placeholders only,
 * and this script fills and reveals them. Without JavaScript none of it shows and every page
 * works as before. Where the browser keeps no data for the site (storage off, full, or
 * throwing), none of the reading list shows either (Copy BibTeX still does) and the Saved page
 * says why. Text is inserted with textContent and text nodes only, never as HTML: dom.js builds the
 * nodes and writes days as every page does (the search box uses it too).
 *
 * No path is spelled here; the templates give them, from the URL table (generator/urls.py):
 *   [data-paper]            a paper page's <article> (article.html), which also has data-paper-page.
 *                           data-paper is its slug, data-arrived the day it arrived (YYYY-MM-DD); its page
 *                           is its own address (relative to the site root); its title is the <h1>
 *   article.card            a paper's card (partials/paper_card.html): its page and title are its
 *                           .card__title link, its slug that page's file name, the day it arrived its first
 *                           <time>; this script sets them on it as data-paper and data-arrived
 *   .rows tr                a paper as a row of a list (partials/rows.html): the same, from its link and its
 *                           <time>, or its day's heading's where the rows are under one
 *   [data-bibtex]           a paper page's BibTeX entry (Copy BibTeX; Export BibTeX reads it from each page)
 *   [data-reading-actions]  the hidden placeholder, inside a paper page, where Save and Copy BibTeX go
 *                           (a card gets its own here, .card__actions at its end)
 *   [data-reading-nav]      the hidden nav entry of the Saved page: shown once a paper is saved
 *   [data-reading-list]     the Saved page's list; its parts are data-reading-* too (saved.html)
 *   [data-search-root]      the site root as seen from this page (the search box's form)
 *   .site-name a            the home page, whose first page says what is new
 *
 * localStorage (storage.js, shared with the follows), JSON with a version; every read is guarded: a missing, corrupt or other-version
 * value, or a storage that throws, reads as empty, and nothing here throws.
 *   paper-digest:saved       {"v": 1, "papers": {slug: {"title", "url", "arrived", "saved"}}}
 *                            url relative to the site root; saved: when, as an ISO time (a "bib" that
 *                            earlier versions kept is ignored: the entry is read from the paper's page)
 *   paper-digest:read        {"v": 1, "papers": {slug: "YYYY-MM-DD"}}  the day it was last opened
 *   paper-digest:last-visit  {"v": 1, "day": "YYYY-MM-DD", "previous": "YYYY-MM-DD"}
 *     day: the newest arrival day the home page showed at the latest visit; previous: the one
 *     shown at the visit before. Papers that arrived after `previous` are new. The site's day is
 *     kept rather than the clock's: a paper listed on the day of a visit but published after it
 *     is still new at the next, and the count stays the same on every visit until the site
 *     has newer papers again.
 */

import { builders, plural, showDay } from "./dom.js";
import { openStorage, plain, PREFIX } from "./storage.js";

const VERSION = 1;
export const KEYS = Object.freeze({ saved: `${PREFIX}saved`, read: `${PREFIX}read`, visit: `${PREFIX}last-visit` });

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const SLUG = /^[a-z0-9][a-z0-9-]*$/;  // as generator/inputs/merge.py makes them
const PATH = /^[\w-]+(?:[./][\w-]+)*$/;  // relative to the site root: no scheme, no "..", no leading "/"
const matches = (pattern, value) => typeof value === "string" && pattern.test(value);
const versioned = (value) => (plain(value) && value.v === VERSION && plain(value.papers) ? value : null);

/* --- the stored values, read and written: pure functions ------------------------------- */

/* The saved papers, slug -> entry; anything malformed is left out. */
export function savedFrom(value) {
  const papers = new Map();
  for (const [slug, e] of Object.entries(versioned(value)?.papers ?? {})) {
    if (!matches(SLUG, slug) || !plain(e) || typeof e.title !== "string" || !e.title) continue;
    if (!matches(PATH, e.url) || typeof e.saved !== "string") continue;
    if (Number.isNaN(Date.parse(e.saved))) continue;
    papers.set(slug, { title: e.title, url: e.url, arrived: matches(DAY, e.arrived) ? e.arrived : "", saved: e.saved });
  }
  return papers;
}

export const savedValue = (papers) => ({ v: VERSION, papers: Object.fromEntries(papers) });

/* The read marks, slug -> the day it was last opened. */
export function readFrom(value) {
  const papers = new Map();
  for (const [slug, day] of Object.entries(versioned(value)?.papers ?? {})) {
    if (matches(SLUG, slug) && matches(DAY, day)) papers.set(slug, day);
  }
  return papers;
}

export const readValue = (papers) => ({ v: VERSION, papers: Object.fromEntries(papers) });

export function visitFrom(value) {
  if (!plain(value) || value.v !== VERSION || !matches(DAY, value.day)) return { day: "", previous: "" };
  return { day: value.day, previous: matches(DAY, value.previous) ? value.previous : "" };
}

export const visitValue = ({ day, previous }) => (previous ? { v: VERSION, day, previous } : { v: VERSION, day });

/* The visit after one that showed `newest` as the newest arrival day. */
export function nextVisit(stored, newest) {
  if (!matches(DAY, newest) || stored.day === newest) return stored;
  return { day: newest, previous: stored.day };
}

const pad = (n) => String(n).padStart(2, "0");
/* A date as the reader's calendar day, YYYY-MM-DD. */
export const localDay = (date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/* --- the page ------------------------------------------------------------------------------ */

function reading(doc) {
  const win = doc.defaultView;
  const rootNode = doc.querySelector("[data-search-root]");
  if (!rootNode) return;  // not one of the site's pages: no root to find the papers from
  const root = (rootNode.dataset.searchRoot || ".").replace(/\/$/, "") || ".";
  const site = (path) => new URL(`${root}/${path}`, doc.baseURI);

  const { el, button, labelledDay } = builders(doc);
  /* Text for screen readers only, naming the paper a control acts on: "Save" -> "Save <title>". */
  const forPaper = (title) => {
    const span = el("span", "visually-hidden", " ");
    span.appendChild(el("bdi", "", title));
    return span;
  };

  /* A link's target relative to the site root, or null when it is not under it. */
  const rootHref = site("").href;
  const fromRoot = (href) => (href.startsWith(rootHref) ? href.slice(rootHref.length) : null);

  /* A paper page names itself (data-paper, data-arrived; its path is its own address). A card is repeated on every list, so it
   * carries no copy of what it shows: its slug is its title link's file name (a paper's page is named by its
   * slug), the day it arrived its first <time> (Listed); both are set on it as data-paper and data-arrived. */
  function paperOf(node) {
    const link = node.querySelector(".card__title a[href], .rows a[href]");
    const here = node.hasAttribute("data-paper-page") ? doc.URL.split(/[?#]/)[0] : null;  // a page is where it is
    const url = fromRoot(here ?? link?.href ?? "");
    const slug = node.dataset.paper ?? url?.split("/").pop().replace(/\.html$/, "");
    const day = node.querySelector("time[datetime]") ?? node.closest("section")?.querySelector("h2 time[datetime]");
    const arrived = node.dataset.arrived ?? day?.getAttribute("datetime");
    if (matches(SLUG, slug) && !node.dataset.paper) Object.assign(node.dataset, { paper: slug, arrived: arrived ?? "" });
    const title = (link ?? node.querySelector("h1"))?.textContent.trim() ?? "";
    if (!matches(SLUG, slug) || !matches(PATH, url) || !title) return null;
    return { slug, url, title, arrived: matches(DAY, arrived) ? arrived : "", node };
  }
  const papers = [...doc.querySelectorAll("[data-paper], article.card, .rows tr")].map(paperOf).filter(Boolean);
  const page = papers.find((p) => p.node.hasAttribute("data-paper-page"));
  let cards = papers.filter((p) => p !== page);
  /* Where a paper's Save goes: the paper page's placeholder; a card or a row has none (it is repeated on every
   * list, so its markup is the least that shows it), its actions are added at its end (a row's: after its title),
   * hidden until filled. */
  const actionsOf = (p) => {
    let actions = p.node.querySelector("[data-reading-actions]");
    if (!actions && p !== page) {
      const end = p.node.matches("tr") ? p.node.querySelector("a[href]").parentElement : p.node;
      actions = end.appendChild(el("div", "card__actions"));
      actions.setAttribute("data-reading-actions", "");
      actions.hidden = true;
    }
    return actions;
  };

  const store = openStorage(win);
  if (page && actionsOf(page)) copyBibtex(actionsOf(page));
  const list = doc.querySelector("[data-reading-list]");
  if (list) {
    const nojs = doc.querySelector("[data-reading-nojs]");
    if (nojs) nojs.hidden = true;
    if (!store) {
      const nostorage = doc.querySelector("[data-reading-nostorage]");
      if (nostorage) nostorage.hidden = false;
    }
  }
  if (!store) return;

  let saved = savedFrom(store.read(KEYS.saved));
  let read = readFrom(store.read(KEYS.read));
  // The nav entry of the Saved page shows once there is something saved (and on that page).
  const navs = [...doc.querySelectorAll("[data-reading-nav]")];

  // A status line for what only a failure says (a pressed button says the rest by itself).
  const status = el("p", "visually-hidden");
  status.setAttribute("role", "status");
  (doc.querySelector("main") || doc.body).appendChild(status);

  /* Save: one toggle button per paper shown; every button of a paper shows its state. */
  const saveButtons = new Map();  // slug -> [{button, label, paper}]
  function addSave(p, named) {
    const actions = actionsOf(p);
    if (!actions) return;
    const save = button("reading-save");
    const label = el("span", "reading-save__label");
    save.appendChild(label);
    if (named) save.appendChild(forPaper(p.title));
    save.addEventListener("click", () => toggle(p, actions));
    actions.prepend(save);
    actions.hidden = false;
    if (named && !p.node.matches("tr")) p.node.classList.add("card--reading");  // the card makes room for its actions
    if (!saveButtons.has(p.slug)) saveButtons.set(p.slug, []);
    saveButtons.get(p.slug).push({ button: save, label });
  }
  function showSaved() {
    for (const nav of navs) nav.hidden = !saved.size && !list;
    for (const [slug, all] of saveButtons) {
      // A card taken off the page (a search's results replaced) is forgotten.
      const kept = all.filter(({ button: b }) => b.isConnected);
      if (kept.length < all.length) saveButtons.set(slug, kept);
      if (!kept.length) saveButtons.delete(slug);
      const on = saved.has(slug);
      for (const { button: b, label } of all) {
        b.setAttribute("aria-pressed", on ? "true" : "false");
        label.textContent = on ? "Saved" : "Save";
      }
    }
  }
  function toggle(p, actions) {
    const current = savedFrom(store.read(KEYS.saved));  // as another tab may have left it
    if (current.has(p.slug)) current.delete(p.slug);
    else current.set(p.slug, { title: p.title, url: p.url, arrived: p.arrived, saved: new Date().toISOString() });
    let error = actions.querySelector(".reading-error");
    if (!store.write(KEYS.saved, savedValue(current))) {
      if (!error) error = actions.appendChild(el("span", "reading-error"));
      error.textContent = "Not saved: this browser's storage for the site is full or turned off.";
      status.textContent = error.textContent;
      return;
    }
    if (error) error.remove();
    saved = current;
    showSaved();
  }

  /* Read marks: opening a paper's page marks it; its cards are dimmed and say "(read)". */
  if (page) {
    const today = localDay(new Date());
    const current = readFrom(store.read(KEYS.read));
    if (current.get(page.slug) !== today) {
      current.set(page.slug, today);
      if (store.write(KEYS.read, readValue(current))) read = current;
    }
  }
  const titleLink = (p) => {
    const href = site(p.url).href;
    return [...p.node.querySelectorAll("a[href]")].find((a) => a.href === href);
  };
  function showRead() {
    for (const p of cards) {
      const on = read.has(p.slug);
      p.node.classList.toggle("card--read", on);
      const link = titleLink(p);
      const mark = link?.querySelector(".reading-read");
      if (on && link && !mark) link.appendChild(el("span", "visually-hidden reading-read", " (read)"));
      if (!on && mark) mark.remove();
    }
  }

  if (page) addSave(page, false);
  for (const p of cards) addSave(p, true);
  showSaved();
  showRead();

  /* Cards drawn after load (the search's results, search-result.js, as their fragments arrive) get their Save and
   * read mark as the page's own cards do: they save the same record (page, title, slug, arrival day). */
  const seen = new WeakSet(papers.map((p) => p.node));
  new win.MutationObserver((records) => {
    const added = [];
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType !== 1) continue;
        for (const card of [node, ...node.querySelectorAll("article.card")]) {
          // A dropdown's option holds nothing focusable (search-result.js): no Save there.
          if (!card.matches("article.card") || seen.has(card) || card.closest('[role="option"]')) continue;
          seen.add(card);
          const p = paperOf(card);
          if (p) added.push(p);
        }
      }
    }
    if (!added.length) return;
    cards = [...cards.filter((p) => p.node.isConnected), ...added];
    for (const p of added) addSave(p, true);
    showSaved();
    showRead();
  }).observe(doc.body, { childList: true, subtree: true });
  if (cards.length && isHome(doc, win)) newSinceLastVisit(doc, store, cards, el);
  const render = list ? savedPage(list) : null;

  const refresh = () => {
    saved = savedFrom(store.read(KEYS.saved));
    read = readFrom(store.read(KEYS.read));
    showSaved();
    showRead();
    render?.();
  };
  win.addEventListener("storage", (event) => {
    if (event.key === null || event.key === KEYS.saved || event.key === KEYS.read) refresh();
  });
  // Back from a paper's page, a page restored from the back-forward cache runs no script again.
  win.addEventListener("pageshow", (event) => { if (event.persisted) refresh(); });

  /* The Saved page: the list, newest saved first, with Remove; the exports. */
  function savedPage(box) {
    const part = (name) => box.querySelector(`[data-reading-${name}]`);
    const items = part("items"), count = part("count"), empty = part("empty");
    const exports = part("exports"), note = part("status");
    box.hidden = false;
    const entries = () => [...saved].sort(([, a], [, b]) => (a.saved < b.saved ? 1 : a.saved > b.saved ? -1 : 0));

    function draw(focus) {
      const all = entries();
      items.replaceChildren(...all.map(([slug, e]) => item(slug, e)));
      items.hidden = !all.length;
      if (exports) exports.hidden = !all.length;
      if (count) count.textContent = all.length ? `${plural(all.length, "saved paper")}, newest saved first.` : "";
      if (empty) empty.hidden = Boolean(all.length);
      if (focus !== undefined) {
        const removes = items.querySelectorAll(".reading-item__remove");
        const next = removes[Math.min(focus, removes.length - 1)] || empty;
        next?.focus();
      }
    }

    function item(slug, e) {
      const li = el("li", "reading-item");
      const heading = el("h2", "reading-item__title");
      const link = el("a");
      link.href = site(e.url).href;
      link.appendChild(el("bdi", "", e.title));
      heading.appendChild(link);
      const meta = el("p", "reading-item__meta");
      const when = new Date(e.saved);
      meta.appendChild(labelledDay("Saved", localDay(when)));
      if (e.arrived) meta.appendChild(labelledDay("Listed", e.arrived));
      if (read.has(slug)) meta.appendChild(labelledDay("Read", read.get(slug)));
      const remove = button("reading-item__remove", "Remove");
      remove.appendChild(forPaper(e.title));
      remove.addEventListener("click", () => {
        const position = [...items.children].indexOf(li);
        const current = savedFrom(store.read(KEYS.saved));
        current.delete(slug);
        if (!store.write(KEYS.saved, savedValue(current))) {
          note.textContent = "Not removed: this browser's storage for the site is full or turned off.";
          return;
        }
        saved = current;
        showSaved();
        draw(position);
        note.textContent = `Removed “${e.title}”.`;
      });
      li.append(heading, meta, remove);
      return li;
    }

    function download(text, type, name) {
      const link = el("a");
      link.href = URL.createObjectURL(new Blob([text], { type }));
      link.download = name;
      link.hidden = true;
      doc.body.appendChild(link);
      link.click();
      link.remove();
      win.setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    }

    let busy = false;
    async function exportBibtex(name) {
      const all = entries();
      note.textContent = `Fetching the BibTeX of ${plural(all.length, "paper")}…`;
      const texts = await Promise.all(all.map(async ([, e]) => {
        try {
          const response = await fetch(site(e.url));
          if (!response.ok) return null;
          const page = new win.DOMParser().parseFromString(await response.text(), "text/html");
          return page.querySelector("[data-bibtex]")?.textContent.trim() || null;
        } catch {
          return null;
        }
      }));
      const found = texts.filter(Boolean);
      const missing = all.filter((_, i) => !texts[i]).map(([, e]) => `“${e.title}”`);
      const lost = missing.length ? ` The BibTeX of ${missing.join(", ")} could not be fetched.` : "";
      if (!found.length) {
        note.textContent = `Nothing exported.${lost}`;
        return;
      }
      download(`${found.join("\n\n")}\n`, "application/x-bibtex;charset=utf-8", name);
      note.textContent = `Exported ${name}: ${plural(found.length, "entry", "entries")}.${lost}`;
    }

    function exportJson(name) {
      const all = entries().map(([slug, e]) => ({
        slug, title: e.title, url: site(e.url).href, arrived: e.arrived || null, saved: e.saved,
      }));
      const data = { v: VERSION, exported: new Date().toISOString(), site: site("").href, papers: all };
      download(`${JSON.stringify(data, null, 2)}\n`, "application/json", name);
      note.textContent = `Exported ${name}: ${plural(all.length, "paper")}.`;
    }

    for (const control of box.querySelectorAll("[data-reading-export]")) {
      control.addEventListener("click", async () => {
        if (busy || !saved.size) return;
        busy = true;
        try {
          const name = control.dataset.file;
          if (control.dataset.readingExport === "bib") await exportBibtex(name);
          else exportJson(name);
        } finally {
          busy = false;
        }
      });
    }
    draw();
    return () => draw();
  }

  /* Copy BibTeX (a paper's page): its entry, shown on the page, to the clipboard, else shown to copy by hand. */
  function copyBibtex(actions) {
    const entry = doc.querySelector("[data-bibtex]");
    if (!entry) return;
    const copy = button("reading-copy", "Copy BibTeX");
    const said = el("p", "paper-actions__status");
    said.setAttribute("role", "status");
    const shown = el("pre", "paper-actions__bib");
    shown.hidden = true;
    const text = entry.textContent;
    copy.addEventListener("click", async () => {
      said.textContent = "";
      try {
        await win.navigator.clipboard.writeText(text);
        shown.hidden = true;
        said.textContent = "BibTeX copied to the clipboard.";
      } catch {
        shown.textContent = text;
        shown.hidden = false;
        win.getSelection()?.selectAllChildren(shown);
        said.textContent = "The browser did not allow copying: the BibTeX is below, selected, to copy by hand.";
      }
    });
    actions.append(copy, said, shown);
    actions.hidden = false;
  }
}

/* The first page of the home page: the page the site's name links to (or its folder). */
function isHome(doc, win) {
  const home = doc.querySelector(".site-name a[href]");
  if (!home) return false;
  const target = new URL(home.href), here = new URL(win.location.href);
  if (target.origin !== here.origin) return false;
  if (target.pathname === here.pathname) return true;
  return here.pathname.endsWith("/") && target.pathname.startsWith(here.pathname)
    && !target.pathname.slice(here.pathname.length).includes("/");
}

/* "N new since your last visit": the cards that arrived after the day the visit before showed. */
function newSinceLastVisit(doc, store, cards, el) {
  const arrivals = cards.map((p) => p.arrived).filter(Boolean);
  if (!arrivals.length) return;
  const newest = arrivals.reduce((a, b) => (b > a ? b : a));
  const stored = visitFrom(store.read(KEYS.visit));
  const visit = nextVisit(stored, newest);
  if (visit !== stored) store.write(KEYS.visit, visitValue(visit));
  if (!visit.previous) return;  // a first visit: nothing to compare with
  const count = arrivals.filter((day) => day > visit.previous).length;
  // Every paper of this page is new and there are older pages: more may be new there.
  const more = count === arrivals.length && doc.querySelector("a[rel~='next']") ? " or more" : "";
  const line = el("p", "reading-new");
  if (count) {
    line.append(el("strong", "", `${count}${more} new`), ` since your last visit (listed after ${showDay(visit.previous)}).`);
  } else {
    line.textContent = "Nothing new since your last visit.";
  }
  const head = doc.querySelector("main .page-head") || doc.querySelector("main");
  head?.appendChild(line);
}

if (typeof document !== "undefined") {
  const start = () => reading(document);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();
}
