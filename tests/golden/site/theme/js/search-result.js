/* What the dropdown and the search page both draw: a result, the suggestions when nothing matches, the status
 * line. Views only: they render what the controller (search-controller.js) gives, built from text nodes only.
 */

import { showDay } from "./dom.js";
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

/* A result: an option of the results' listbox, the n-th, holding the paper's card as the lists draw it
 * (partials/paper_card.html, with facts.html, topic_chips.html and code_badge.html: the same elements, classes and
 * words; keep them together), with the query's words in <mark> in its title and the abstract's passage where
 * they are in place of the teaser. reading.js adds the card's Save, as it does on a list. `paper` is its fragment
 * (search-engine.js: url, title, date, arrived, upvotes, counted, topics [{title, url}], org {name, url} or null,
 * authors, code, abstract; "" and null: unknown or none); `href(url)` a site path's link from here. */
export function resultItem(make, paper, n, hit, href, { option = false } = {}) {
  const { el, labelledDay, text } = make;
  const li = el("li", "search-result");
  li.id = `search-result-${n}`;
  // An option of a listbox (the dropdown's) may hold nothing focusable (ARIA; axe's nested-interactive): there
  // the card's links are text, the option itself opens the paper (search-dropdown.js, search-box.js), and
  // reading.js gives it no Save. The search page's results are a plain list of whole cards.
  const linkTo = (url, className = "", words = undefined) => {
    const node = el(option ? "span" : "a", className, words);
    if (!option) node.href = url;
    return node;
  };
  if (option) {
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.dataset.href = href(paper.url);
  }
  const card = li.appendChild(el("article", "card"));
  const link = linkTo(href(paper.url));
  link.appendChild(highlighted(make, el("bdi"), paper.title, hit));  // the title's own direction stays inside
  card.appendChild(el("h2", "card__title")).appendChild(link);

  const votes = card.appendChild(el("p", "card__votes"));
  if (paper.upvotes === null) {
    votes.appendChild(el("small", "unknown", `upvotes ${NOT_COUNTED}`));
  } else {
    const count = votes.appendChild(el("span", "n", String(paper.upvotes)));
    if (paper.counted) count.title = `counted ${showDay(paper.counted)}`;
    votes.append(text(" "), el("small", "", `upvote${paper.upvotes === 1 ? "" : "s"}`));
  }

  const meta = card.appendChild(el("p", "card__meta"));
  meta.appendChild(labelledDay("Listed", paper.arrived));
  meta.appendChild(text(" "));
  if (paper.date) {
    meta.appendChild(labelledDay("Paper", paper.date));
  } else {
    meta.appendChild(el("span", "", "Paper ")).appendChild(el("span", "unknown", DATE_UNKNOWN));
  }
  if (paper.org) {
    const org = linkTo(href(paper.org.url));
    org.appendChild(el("bdi", "", paper.org.name));
    meta.append(text(" "), org);
  }
  if (paper.authors) meta.append(text(" "), el("span", "", `${paper.authors} author${paper.authors === 1 ? "" : "s"}`));

  card.appendChild(snippet(make, el("p", "card__teaser search-result__snippet"), paper.abstract, hit));

  if (paper.topics.length || paper.code) {
    const tags = card.appendChild(el("div", "card__tags"));
    if (paper.topics.length) {
      const chips = tags.appendChild(el("ul", "topic-chips"));
      chips.setAttribute("aria-label", "Topics");
      for (const topic of paper.topics) {
        const chip = linkTo(href(topic.url), "", topic.title);
        chips.appendChild(el("li")).appendChild(chip);
      }
    }
    if (paper.code) {
      const code = linkTo(paper.code, "code-badge", "Code");
      if (!option) code.rel = "nofollow noopener noreferrer";
      tags.appendChild(code);  // "Code" by its context: the card whose heading is the title, as on a list
    }
  }
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
