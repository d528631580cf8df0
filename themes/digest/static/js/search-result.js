/* What the dropdown and the search page both draw: a result, the suggestions when nothing matches, the status
 * line. Views only: they render what the controller (search-controller.js) gives, built from text nodes only.
 */

import { passage } from "./search-text.js";

/* What a result says of an unknown paper date or upvote count: the words of the pages and feeds
 * (generator/words.py; tests/outputs/test_unknown_words.py holds the two to each other). */
export const DATE_UNKNOWN = "date unknown";
export const NOT_COUNTED = "not counted";

/* Text with the words `hit(word)` matched in <mark>, in `parent`. */
function highlighted(make, parent, text, hit) {
  for (const part of text.split(/([\s-]+)/)) {
    if (part && !/^[\s-]+$/.test(part) && hit(part)) parent.appendChild(make.el("mark", "", part));
    else if (part) parent.appendChild(make.text(part));
  }
  return parent;
}

/* The passage of the abstract where the query's words are, them in <mark>, in `parent`. */
function snippet(make, parent, abstract, hit) {
  for (const { text, mark } of passage(abstract, hit)) parent.appendChild(mark ? make.el("mark", "", text) : make.text(text));
  return parent;
}

/* A result: an option of the results' listbox, the n-th. `paper` is its fragment (search-engine.js: url, title,
 * date, arrived, upvotes, topics, has_code, abstract; "" and null: unknown); `href(url)` its link from here. */
export function resultItem(make, paper, n, hit, href) {
  const { el, labelledDay } = make;
  const li = el("li", "search-result");
  li.id = `search-result-${n}`;
  li.setAttribute("role", "option");
  li.setAttribute("aria-selected", "false");
  const link = el("a", "search-result__link");
  link.href = href(paper.url);
  link.appendChild(highlighted(make, el("bdi"), paper.title, hit));  // the title's own direction stays inside
  li.appendChild(link);
  const meta = el("p", "search-result__meta");
  meta.appendChild(labelledDay("Listed", paper.arrived, "search-result__date"));
  if (paper.date) meta.appendChild(labelledDay("Paper", paper.date, "search-result__date"));
  else meta.appendChild(el("span", "search-result__date unknown", `Paper ${DATE_UNKNOWN}`));
  const votes = paper.upvotes === null ? `upvotes ${NOT_COUNTED}` : `${paper.upvotes} upvote${paper.upvotes === 1 ? "" : "s"}`;
  meta.appendChild(el("span", "search-result__votes", votes));
  if (paper.topics.length) meta.appendChild(el("span", "search-result__topics", paper.topics.join(", ")));
  if (paper.has_code) meta.appendChild(el("span", "search-result__code", "Code"));
  li.appendChild(meta);
  li.appendChild(snippet(make, el("p", "search-result__snippet"), paper.abstract, hit));
  return li;
}

/* What to try when nothing matches ({spelling, fewer}: Searcher.suggest), each a button that searches for it:
 * `ask(q)`. */
export function suggestionsBox(make, { spelling, fewer }, ask) {
  const { el, button, text } = make;
  const option = (q, className) => {
    const node = button(className, q);
    node.addEventListener("click", () => ask(q));
    return node;
  };
  const box = el("div", "search-suggest");
  if (spelling) {
    const line = el("p", "search-suggest__spelling", "Did you mean ");
    line.append(option(spelling, "search-suggest__option search-suggest__did-you-mean"), text("?"));
    box.appendChild(line);
  }
  if (fewer.length) {
    const line = el("p", "search-suggest__fewer", "Try fewer words: ");
    for (const q of fewer) line.append(option(q, "search-suggest__option"), text(" "));
    box.appendChild(line);
  }
  if (!box.firstChild) box.appendChild(el("p", "", "Check the spelling, or try the start of a word with * (gen*)."));
  return box;
}

/* The controller's status events on `node`: a transient text (loading) gives way to what was there before. */
export function statusLine(node) {
  let before = "";
  return ({ text, transient }) => {
    if (transient) before = node.textContent;
    node.textContent = text === null ? before : text;
  };
}
