/* The query, and on the search page its sort and filters, in the URL: ?q=…&sort=date&topic=llms&code=1
 * (defaults left out). Written as each search starts; read on load and on back and forward. */

/* The URL with `query` and `filters` (null: none here), a new history entry when `push`, else the current
 * one replaced. Returns the URL's query as it now is. */
function remember(win, query, filters, push) {
  const { location, history } = win;
  const params = new URLSearchParams(location.search);
  const set = (name, value) => { if (value) params.set(name, value); else params.delete(name); };
  set("q", query);
  if (filters) {
    set("sort", filters.sort === "relevance" ? "" : filters.sort);
    set("topic", filters.topic);
    set("code", filters.code ? "1" : "");
  }
  const search = params.toString();
  if (search !== new URLSearchParams(location.search).toString()) {
    const next = location.pathname + (search ? `?${search}` : "") + location.hash;
    if (push) history.pushState(null, "", next);
    else history.replaceState(null, "", next);
  }
  return search;
}

/* Keep `controller`'s searches in the URL of `win`, and search for what the URL says (through `run`, the search
 * box's, with the box `input`): now, and on back and forward (not for a mere #fragment). `view` restores its
 * form from the URL. */
export function keepInAddress(win, controller, input, view, run) {
  let current = null;  // the URL's query as last written or read here
  controller.on("query", ({ query, filters, push }) => {
    current = remember(win, query, view.hasForm ? filters : null, push);
  });
  win.addEventListener("popstate", () => {
    const params = new URLSearchParams(win.location.search);
    if (params.toString() === current) return;
    input.value = params.get("q") || "";
    view.restore(params);
    run();
  });
  // On load: what the URL says. The box is not focused: "/" is there for that, and focus is the reader's.
  const params = new URLSearchParams(win.location.search);
  current = params.toString();
  view.restore(params);
  const q = params.get("q");
  if (q) {
    input.value = q;
    run();
  }
}
