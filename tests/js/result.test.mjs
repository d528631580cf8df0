// A search result as search-result.js draws it, under node (node --test; tests/outputs/test_search_js.py runs
// it), with node builders of our own: a paper with no date of its own and no count says so in words (the
// pages' words, generator/words.py), never a dash; a known one shows its day and count.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const js = (name) => pathToFileURL(path.join(root, "themes", "digest", "static", "js", name)).href;
const { resultItem, DATE_UNKNOWN, NOT_COUNTED } = await import(js("search-result.js"));

/* Nodes enough for resultItem: a tag, a class, children, attributes; textContent is their text joined. */
class Node {
  constructor(tag, className = "", text = "") {
    Object.assign(this, { tag, className, own: text, children: [], attributes: {} });
  }
  appendChild(child) { this.children.push(child); return child; }
  append(...children) { for (const c of children) this.appendChild(typeof c === "string" ? new Node("#text", "", c) : c); }
  setAttribute(name, value) { this.attributes[name] = value; }
  get textContent() { return this.own + this.children.map((c) => c.textContent).join(""); }
}
const make = {
  el: (tag, className, text) => new Node(tag, className, text ?? ""),
  text: (data) => new Node("#text", "", data),
  labelledDay: (label, iso, className = "") => {
    const span = new Node("span", className, `${label} `);
    span.appendChild(new Node("time", "", iso));
    return span;
  },
};
const card = (paper) => resultItem(make, paper, 0, () => false, (url) => `./${url}`).children[0];
const part = (node, className) => node.children.find((c) => c.className === className);
const meta = (paper) => part(card(paper), "card__meta").children.filter((c) => c.tag !== "#text").map((c) => c.textContent);
const votes = (paper) => part(card(paper), "card__votes").textContent;
const base = {
  url: "papers/a.html", title: "A", arrived: "2025-12-12", counted: "", topics: [], org: null, authors: null, code: "", abstract: "x",
};

test("the words are the pages' words", () => {
  assert.equal(DATE_UNKNOWN, "date unknown");
  assert.equal(NOT_COUNTED, "not counted");
});

test("an unknown date and an uncounted paper are said in words, never a dash", () => {
  const paper = { ...base, date: "", upvotes: null };
  assert.deepEqual(meta(paper), ["Listed 2025-12-12", "Paper date unknown"]);
  assert.equal(votes(paper), "upvotes not counted");
  assert.ok(!meta(paper).join(" ").includes("\u2013"));
});

test("a known date and count are shown as they are, 0 as 0", () => {
  assert.deepEqual(meta({ ...base, date: "2025-07-17", upvotes: 1 }), ["Listed 2025-12-12", "Paper 2025-07-17"]);
  assert.equal(votes({ ...base, date: "2025-07-17", upvotes: 1, counted: "2025-12-13" }), "1 upvote");
  assert.equal(votes({ ...base, date: "2025-07-17", upvotes: 0 }), "0 upvotes");
  const count = part(card({ ...base, date: "", upvotes: 3, counted: "2025-12-13" }), "card__votes").children[0];
  assert.equal(count.title, "counted Dec 13, 2025");
});

test("the card's parts are the list card's, in its order, each link from here", () => {
  const paper = {
    ...base, date: "", upvotes: 2, counted: "2025-12-13", authors: 1, code: "https://github.com/a/b",
    org: { name: "Org", url: "orgs/org.html" }, topics: [{ title: "Robotics", url: "topics/robotics.html" }],
  };
  const shown = card(paper);
  assert.equal(shown.tag, "article");
  assert.equal(shown.className, "card");
  assert.deepEqual(shown.children.map((c) => c.className), ["card__title", "card__votes", "card__meta", "card__teaser search-result__snippet", "card__tags"]);
  assert.equal(part(shown, "card__title").children[0].href, "./papers/a.html");
  assert.deepEqual(meta(paper), ["Listed 2025-12-12", "Paper date unknown", "Org", "1 author"]);
  const org = part(shown, "card__meta").children.find((c) => c.tag === "a");
  assert.equal(org.href, "./orgs/org.html");
  const [chips, code] = part(shown, "card__tags").children;
  assert.equal(chips.children[0].children[0].href, "./topics/robotics.html");
  assert.equal(chips.children[0].textContent, "Robotics");
  assert.equal(code.href, "https://github.com/a/b");  // the code itself, not a site path
  assert.equal(code.textContent, "Code");  // by its context, the card titled A
});

test("no tags row without topics or code", () => {
  assert.ok(!part(card({ ...base, date: "", upvotes: null }), "card__tags"));
});
