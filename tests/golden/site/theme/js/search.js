/* Search the digest in the browser with lunr.js: the search box of every page, and the search page. An ES module.
 *
 * Made as Pagefind's search is, of an engine, a controller and views (each module says its own job):
 *   search-shards.js       a lunr.Index of the term shards a query needs; firstResults, queryInParts (pure)
 *   search-engine.js       the Searcher: loads the head and the shards through the loader it is given, runs
 *                          plain words and lunr's syntax, store rows and fragments as objects, suggestions
 *   search-text.js         the nearest indexed word ("Did you mean"), the passage of an abstract to show
 *   search-sorts.js        the search page's sorts and filters
 *   search-controller.js   one state and one request id; a newer search stops the older; events
 *   search-dropdown.js     the view under the box on every page      search-page.js  the view of search.html
 *   search-result.js       what both views draw: a result, the suggestions, the status line
 *   search-box.js          the input: typing, arrow keys, Enter, Escape, "/"
 *   search-address.js      the query, sort and filters in the URL     dom.js  nodes, days, counts (reading.js too)
 *   load.js                a data file's JSON, inflated when the build stored it gzipped (all but the head)
 * Nothing but this file touches the network or starts anything; the engine and the controller run under
 * node (tests/js/). The engine (search-engine.js and search-shards.js) is loaded on first use, as the data.
 *
 * One Lunr index over every word of every paper is built at build time (generator/outputs/search_index.py)
 * and cut by term. A query loads the head (search/index.json), then only the term shards its terms fall in;
 * lunr scores the query, so the ranking is lunr's over the whole digest. On the search page the first ten
 * results are on screen as soon as lunr has ranked them, before it has scored every paper (firstResults),
 * and lunr then scores the rest a part at a time, the page keeping its turns (queryInParts): same results,
 * same order. A result shown loads its fragment (in search/papers/NNNNN.json.gz, with a few others) and shows the passage of its
 * abstract where the query's words are. Nothing is fetched until the reader first uses the search box.
 * Every piece of result text is inserted as text (createTextNode / textContent), never as HTML.
 *
 * No path or field name is spelled here. The search box's form (partials/search_box.html) gives them from
 * the site's URL table (generator/urls.py): data-search-root (the site root as seen from this page),
 * data-index (the head), data-lunr (lunr.js) and its action (the search page). The head gives the rest:
 * its fields, the fields of store rows and fragments, and the patterns of the numbered files (a run of #
 * is the zero-padded number).
 *
 * Plain words are all required; a query no paper answers with every word falls back to any word, and says
 * so; a query nothing answers offers the nearest indexed words ("Did you mean") and fewer words. Lunr's own
 * syntax (+a -b, title:x, gen*) is given to lunr as it is. On the search page (search.html) a small form
 * sorts (relevance, newest listed, most upvoted) and filters (a topic, papers with code) the results; the
 * query and the form live in the URL (?q=…&sort=date&topic=llms&code=1, defaults left out), restored on
 * load and on back and forward. The page never takes focus on load: "/" gives it to the box.
 */

import { fetchJSON } from "./load.js";
import { keepInAddress } from "./search-address.js";
import { searchBox } from "./search-box.js";
import { SearchController } from "./search-controller.js";
import { dropdown, DROPDOWN_RESULTS } from "./search-dropdown.js";
import { FIRST_RESULTS, isSearchPage, PAGE_RESULTS, searchPage } from "./search-page.js";

/* The Searcher of the site `root`'s search files: the engine, lunr.js (a UMD script: it sets globalThis.lunr)
 * and the head, loaded when `open()` is called. A search file that cannot be had is an error marked `unloaded`
 * (not the query's fault). */
function opener(doc, root, paths) {
  const url = (path) => `${root}/${path}`;
  const loadScript = (src) => new Promise((resolve, reject) => {
    const script = doc.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    doc.head.appendChild(script);
  });
  const getJSON = async (path) => {
    try {
      return await fetchJSON(url(path));
    } catch (error) {
      throw Object.assign(new Error(`could not load ${path}`, { cause: error }), { unloaded: true });
    }
  };
  return async () => {
    if (!paths.index || !paths.lunr) throw new Error("the search box does not say where its files are");
    const lib = globalThis.lunr ? null : loadScript(url(paths.lunr));
    // The engine too is loaded on first use (search.html preloads it with the page).
    const [head, { Searcher }] = await Promise.all([getJSON(paths.index), import("./search-engine.js"), lib]);
    return new Searcher(globalThis.lunr, head, getJSON);
  };
}

/* The box is a combobox only where this script runs: without it, it is the plain text field every page ships
 * (and the page carries none of these attributes, nor the empty status line and list they name: they are
 * added here, live region first, before anything is said in it). Its list is the dropdown's. */
const PARTS = [
  ["p", { class: "search-box__status", id: "search-status", role: "status", "aria-live": "polite" }],
  ["ul", { class: "search-results", id: "search-results", role: "listbox", "aria-label": "Search results", hidden: "" }],
];
const COMBOBOX = {
  // what only the script's own list needs: no browser's list of past entries over it, no spelling marks,
  // and the on-screen keyboard's "search" key (without the script, the box is a plain text field)
  autocomplete: "off",
  spellcheck: "false",
  enterkeyhint: "search",
  role: "combobox",
  "aria-autocomplete": "list",
  "aria-controls": "search-results",
  "aria-expanded": "false",
  "aria-describedby": "search-status",
};

function start(doc, form) {
  const win = doc.defaultView;
  const root = (form.dataset.searchRoot || ".").replace(/\/$/, "") || ".";
  const paths = { index: form.dataset.index, lunr: form.dataset.lunr, results: form.getAttribute("action") };
  const input = form.querySelector(".search-box__input");
  for (const [tag, attributes] of PARTS) {
    if (doc.getElementById(attributes.id)) continue;
    const part = form.appendChild(doc.createElement(tag));
    for (const [name, value] of Object.entries(attributes)) part.setAttribute(name, value);
  }
  for (const [name, value] of Object.entries(COMBOBOX)) input.setAttribute(name, value);
  const href = (path) => `${root}/${path}`;
  let box = null;
  const ask = (q) => box.ask(q);
  /* Once the browser has painted what is drawn (the next frame, then a task), or after 100 ms in a page
   * that is not painted (hidden). */
  const painted = () => new Promise((resolve) => {
    const timer = setTimeout(resolve, 100);
    win.requestAnimationFrame(() => setTimeout(() => { clearTimeout(timer); resolve(); }));
  });
  // The search page draws a screen of results first, before lunr has scored every paper, then more per
  // "More results"; the dropdown draws a few.
  const onPage = isSearchPage(doc);
  const sizes = onPage ? { first: FIRST_RESULTS, more: PAGE_RESULTS, quick: true } : { first: DROPDOWN_RESULTS };
  const controller = new SearchController(opener(doc, root, paths), { ...sizes, painted });
  const view = onPage
    ? searchPage(doc, controller, {
      href,
      ask,
      rerun: () => box.run({ typing: controller.state.typing && !/\s$/.test(input.value), push: true }),
    })
    : dropdown(doc, form, controller, { href, ask, allResults: (q) => `${paths.results}?q=${encodeURIComponent(q)}` });
  box = searchBox(doc, input, controller, view);
  keepInAddress(win, controller, input, view, () => box.run());
}

if (typeof document !== "undefined") {
  const begin = () => {
    const form = document.querySelector("form.search-box");
    if (form) start(document, form);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", begin, { once: true });
  else begin();
}
