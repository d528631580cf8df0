/* The search page (search.html): a view of the controller's events, and its sort and filter form.
 *
 * The header's search box is the page's query, and the page's own box (.search-page__form) types in it. The first results (FIRST_RESULTS, about a screen) are drawn one
 * by one as their fragments arrive, then PAGE_RESULTS per "More results". The results list starts with the
 * space reserved for them (.search-page__reserve, sized by its canvas's height: the policy allows no inline
 * style); what the results leave of it stays at the end of the list, so nothing below them moves. The form
 * sorts (relevance, newest listed, most upvoted) and filters (a topic, papers with code); it is disabled
 * until this script runs, and search-address.js keeps it in the URL. The page links the same query on
 * Hugging Face's own paper search.
 */

import { builders } from "./dom.js";
import { DEFAULT_FILTERS } from "./search-controller.js";
import { SORTS } from "./search-sorts.js";
import { resultItem, statusLine, suggestionsBox } from "./search-result.js";

export const FIRST_RESULTS = 10, PAGE_RESULTS = 50;

/* Whether this page is the search page. */
export const isSearchPage = (doc) => Boolean(doc.querySelector(".search-page__results"));

/* The search page's view. `href(path)`: a site path as linked from
 * here; `ask(q)`: search for q (a suggestion's click); `rerun()`: search again, the form having changed. */
export function searchPage(doc, controller, { href, ask, rerun }) {
  const list = doc.querySelector(".search-page__results");
  const make = builders(doc), { el } = make, win = doc.defaultView;
  const more = doc.querySelector(".search-page__more");
  const controls = doc.querySelector(".search-controls");
  const control = (name) => controls?.elements.namedItem(name) || null;
  const sortBox = control("sort"), topicBox = control("topic"), codeBox = control("code");
  const elsewhere = doc.querySelector(".search-page__elsewhere");
  const hfLink = elsewhere?.querySelector("a") || null;
  const hfSearch = hfLink?.getAttribute("href") || "";
  const reserved = Number(list.querySelector(".search-page__reserve canvas")?.getAttribute("height")) || 0;

  /* The reserved space, less what the results now take, at the end of the list. */
  function fit() {
    if (!reserved) return;
    list.querySelector(".search-page__reserve")?.remove();
    const left = Math.round(reserved - list.getBoundingClientRect().height);
    if (left <= 0) return;
    const li = el("li", "search-page__reserve");
    li.setAttribute("aria-hidden", "true");
    const canvas = el("canvas");
    canvas.width = 1;
    canvas.height = left;
    li.appendChild(canvas);
    list.appendChild(li);
  }

  /* Link the same query on Hugging Face's own paper search. */
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

  controller
    .on("query", ({ query }) => offerElsewhere(query))
    .on("busy", ({ busy }) => {
      if (busy) {
        list.setAttribute("aria-busy", "true");
      } else {
        list.removeAttribute("aria-busy");
        fit();
      }
    })
    .on("status", statusLine(doc.querySelector(".search-page__status")))
    .on("clear", () => {
      list.replaceChildren();
      if (more) more.hidden = true;
    })
    .on("results", ({ items, shown, total, complete, hit }) => {
      if (items.length) list.querySelector(".search-page__reserve")?.remove();
      for (const { fragment, n } of items) list.appendChild(resultItem(make, fragment, n, hit, href));
      if (more) more.hidden = shown >= total;
      if (!complete) fit();
    })
    .on("message", ({ suggestions }) => {  // the status line says the text
      if (!suggestions) return;
      const li = el("li", "search-results__none");
      li.appendChild(suggestionsBox(make, suggestions, ask));
      list.appendChild(li);
    });

  /* The page's own box (search.html's GET form) and the header's are one query: what is typed in the page's
   * is typed in the header's (search-box.js runs it), and the page's shows the query of the address. */
  const pageForm = doc.querySelector(".search-page__form"), pageInput = pageForm?.querySelector("input[name=q]");
  const headerInput = doc.querySelector(".search-box__input");
  if (pageInput && headerInput) {
    pageInput.addEventListener("input", () => {
      headerInput.value = pageInput.value;
      headerInput.dispatchEvent(new win.Event("input", { bubbles: true }));
    });
    pageForm.addEventListener("submit", (event) => {
      event.preventDefault();
      ask(pageInput.value);
    });
    controller.on("query", ({ query }) => { if (doc.activeElement !== pageInput) pageInput.value = query; });
  }

  more?.addEventListener("click", () => controller.more());
  if (controls) {
    controls.addEventListener("submit", (event) => event.preventDefault());
    controls.addEventListener("change", () => rerun());
    for (const field of controls.elements) field.disabled = false;
  }

  return {
    list,
    /* The sort and filters as the form has them. */
    filters() {
      if (!controls) return DEFAULT_FILTERS;
      const topic = topicBox?.value || "";
      return {
        sort: sortBox && Object.hasOwn(SORTS, sortBox.value) ? sortBox.value : "relevance",
        topic,
        topicTitle: topic ? topicBox.selectedOptions[0].text.trim() : "",
        code: Boolean(codeBox?.checked),
      };
    },
    /* The form as the URL says: unknown values are the defaults. */
    restore(params) {
      const pick = (select, value) => {
        if (select) select.value = [...select.options].some((o) => o.value === value) ? value : select.options[0].value;
      };
      pick(sortBox, params.get("sort") || "relevance");
      pick(topicBox, params.get("topic") || "");
      if (codeBox) codeBox.checked = params.get("code") === "1";
    },
    hasForm: Boolean(controls),
    submits: true,  // Enter searches here
    close: () => false,  // the results are the page: nothing to close
  };
}
