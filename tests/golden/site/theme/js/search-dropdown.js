/* The search box's dropdown, on every page but the search page: a view of the controller's events.
 *
 * The first results (DROPDOWN_RESULTS) in the listbox under the box, and "All N results" linking the search
 * page when there are more; messages as visible lines (the status line is for screen readers only). The list
 * opens when it has something to show and closes on a click elsewhere, on Escape (search-box.js) or when the
 * box is emptied.
 */

import { builders } from "./dom.js";
import { DEFAULT_FILTERS } from "./search-controller.js";
import { resultItem, statusLine, suggestionsBox } from "./search-result.js";

export const DROPDOWN_RESULTS = 8;

/* The dropdown of `form` (partials/search_box.html). `href(path)`: a site path as linked from this page;
 * `ask(q)`: search for q (a suggestion's click); `allResults(q)`: the search page's URL for q. */
export function dropdown(doc, form, controller, { href, ask, allResults }) {
  const make = builders(doc), { el } = make;
  const input = form.querySelector(".search-box__input");
  const list = form.querySelector(".search-results");

  /* Shown, the list is the combobox's listbox of results; or, when it says that nothing matched and what to
   * try (buttons: no listbox may hold them), a plain list, and the box's listbox stays closed. */
  const open = (show, results = show) => {
    list.hidden = !show;
    if (results) list.setAttribute("role", "listbox");
    else if (show) list.removeAttribute("role");
    input.setAttribute("aria-expanded", results ? "true" : "false");
  };

  // An option holds no link (search-result.js): a click on it opens its paper.
  list.addEventListener("click", (event) => {
    const chosen = event.target.closest('[role="option"][data-href]');
    if (chosen) doc.defaultView.location.href = chosen.dataset.href;
  });

  controller
    .on("busy", ({ busy }) => {
      if (busy) list.setAttribute("aria-busy", "true");
      else list.removeAttribute("aria-busy");
    })
    .on("status", statusLine(form.querySelector(".search-box__status")))
    .on("clear", () => list.replaceChildren())
    .on("close", () => open(false))
    .on("results", ({ items, shown, total, complete, hit }) => {
      for (const { fragment, n } of items) list.appendChild(resultItem(make, fragment, n, hit, href, { option: true }));
      if (items.length && complete && total > shown) {
        const all = el("li", "search-results__all", `All ${total} results`);  // an option too: no link inside
        all.id = "search-result-all";
        all.setAttribute("role", "option");
        all.setAttribute("aria-selected", "false");
        all.dataset.href = allResults(controller.state.query);
        list.appendChild(all);
      }
      open(true);
    })
    .on("message", ({ text, suggestions }) => {
      const li = el("li", "search-results__none");
      li.appendChild(el("p", "search-results__message", text));
      if (suggestions) li.appendChild(suggestionsBox(make, suggestions, ask));
      list.appendChild(li);
      open(true, Boolean(list.querySelector('[role="option"]')));
    });

  doc.addEventListener("click", (event) => { if (!form.contains(event.target)) open(false); });

  return {
    list,
    filters: () => DEFAULT_FILTERS,  // no sort or filter here
    restore: () => {},
    hasForm: false,
    submits: false,  // Enter without a chosen result submits the form: the search page
    /* Escape closes the list if it is open (as a combobox does); true if it did. */
    close() {
      if (list.hidden) return false;
      open(false);
      return true;
    },
  };
}
