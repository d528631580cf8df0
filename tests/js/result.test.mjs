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
const meta = (paper) => {
  const li = resultItem(make, paper, 0, () => false, (url) => url);
  return li.children.find((c) => c.className === "search-result__meta").children.map((c) => c.textContent);
};
const base = { url: "papers/a.html", title: "A", arrived: "2025-12-12", topics: [], has_code: false, abstract: "x" };

test("the words are the pages' words", () => {
  assert.equal(DATE_UNKNOWN, "date unknown");
  assert.equal(NOT_COUNTED, "not counted");
});

test("an unknown date and an uncounted paper are said in words, never a dash", () => {
  const shown = meta({ ...base, date: "", upvotes: null });
  assert.deepEqual(shown, ["Listed 2025-12-12", "Paper date unknown", "upvotes not counted"]);
  assert.ok(!shown.join(" ").includes("\u2013"));
});

test("a known date and count are shown as they are, 0 as 0", () => {
  assert.deepEqual(meta({ ...base, date: "2025-07-17", upvotes: 1 }), ["Listed 2025-12-12", "Paper 2025-07-17", "1 upvote"]);
  assert.deepEqual(meta({ ...base, date: "2025-07-17", upvotes: 0 }), ["Listed 2025-12-12", "Paper 2025-07-17", "0 upvotes"]);
});
