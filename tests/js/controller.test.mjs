// The search controller under node (node --test; tests/test_search_js.py runs it): search-controller.js with a
// Searcher of our own whose answers and files arrive when the test says, to see the events a view would render
// and that a newer search stops the older, wherever it is.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const { SearchController } = await import(
  pathToFileURL(path.join(root, "themes", "digest", "static", "js", "search-controller.js")).href
);

/* A promise and its resolve and reject, for a file the test hands over when it wants. */
function later() {
  let resolve, reject;
  const promise = new Promise((yes, no) => { resolve = yes; reject = no; });
  return { promise, resolve, reject };
}

const result = (ref, ...terms) => ({ ref, score: 1, matchData: { metadata: Object.fromEntries(terms.map((t) => [t, {}])) } });
const paper = (ref) => ({ url: `papers/${ref}.html`, title: `Paper ${ref}`, arrived: "2025-12-12", upvotes: Number(ref), topics: ref === "2" ? ["LLMs"] : [], has_code: ref !== "1", abstract: "" });

/* A Searcher: `answers` maps a query to its results (a list, or an Error to throw); fragments and rows come at
 * once unless `held` has a `later()` for the ref. */
function fakeSearcher(answers, held = {}) {
  const asked = [];
  return {
    asked,
    stem: (word) => word.toLowerCase(),
    async answer(q) {
      asked.push(q);
      const results = answers[q];
      if (results instanceof Error) throw results;
      const found = { results: results || [], all: true, words: q.split(" "), known: () => false };
      return { first: (n) => ({ ...found, results: found.results.slice(0, n) }), all: () => found, inParts: async (pause) => { await pause(); return found; } };
    },
    fragment: (ref) => (held[ref] ? held[ref].promise : Promise.resolve(paper(ref))),
    row: async (ref) => paper(ref),
    suggest: async (q) => ({ spelling: `${q}s`, fewer: [] }),
  };
}

/* A controller on `searcher`, and every event it emits, in order, as [type, detail]. */
function controlled(searcher, options = {}) {
  const controller = new SearchController(async () => searcher, { turn: () => Promise.resolve(), painted: () => Promise.resolve(), ...options });
  const events = [];
  for (const type of ["query", "busy", "status", "clear", "close", "results", "message"]) controller.on(type, (detail) => events.push([type, detail]));
  return { controller, events };
}

const kinds = (events) => events.map(([type, detail]) => (type === "busy" ? `busy:${detail.busy}` : type));
const drawn = (events) => events.filter(([type]) => type === "results").flatMap(([, d]) => d.items.map((i) => i.fragment.title));
const statuses = (events) => events.filter(([type]) => type === "status").map(([, d]) => d.text);

test("a search: loading, then its results one by one, then no longer busy", async () => {
  const { controller, events } = controlled(fakeSearcher({ model: [result("1", "model"), result("2", "model")] }));
  await controller.search("model");
  assert.deepEqual(kinds(events), ["query", "busy:true", "status", "status", "clear", "status", "results", "results", "busy:false"]);
  assert.deepEqual(statuses(events), ["Loading search…", null, "2 papers found."]);
  assert.deepEqual(drawn(events), ["Paper 1", "Paper 2"]);
  const last = events.filter(([type]) => type === "results").at(-1)[1];
  assert.equal(last.complete, true);
  assert.equal(last.total, 2);
  assert.equal(last.hit("Models"), "");
  assert.equal(last.hit("model"), "model");
});

test("a newer search stops the older wherever it waits: none of the older's results are drawn", async () => {
  const held = { 1: later() };
  const searcher = fakeSearcher({ old: [result("1", "old")], new: [result("2", "new")] }, held);
  const { controller, events } = controlled(searcher);
  const older = controller.search("old");
  await new Promise((resolve) => setTimeout(resolve, 10));  // the older waits for its fragment
  const newer = controller.search("new");
  held[1].resolve(paper("1"));
  await Promise.all([older, newer]);
  assert.deepEqual(drawn(events), ["Paper 2"]);
  assert.equal(events.filter(([type, d]) => type === "busy" && !d.busy).length, 1, "busy ends once, for the newer");
  assert.deepEqual(controller.state.results.map((e) => e.ref), ["2"]);
});

test("a newer search stops the older while lunr scores its parts", async () => {
  const searcher = fakeSearcher({ a: [result("1", "a")], b: [result("2", "b")] });
  let controller = null;
  let first = true;
  const turn = () => {  // the older's first pause: the newer starts
    if (first) {
      first = false;
      controller.search("b");
    }
    return Promise.resolve();
  };
  const made = controlled(searcher, { turn });
  controller = made.controller;
  await controller.search("a");
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(drawn(made.events), ["Paper 2"]);
});

test("an empty query clears and closes", async () => {
  const { controller, events } = controlled(fakeSearcher({}));
  await controller.search("   ");
  assert.deepEqual(kinds(events), ["query", "busy:true", "clear", "status", "close", "busy:false"]);
});

test("nothing found: a message with the suggestions", async () => {
  const { controller, events } = controlled(fakeSearcher({}));
  await controller.search("modle");
  const [, message] = events.find(([type]) => type === "message");
  assert.equal(message.text, "No papers match “modle”.");
  assert.deepEqual(message.suggestions, { spelling: "modles", fewer: [] });
});

test("a malformed query says why; a file that cannot be had asks to try again", async () => {
  const parse = Object.assign(new Error("expecting term"), { name: "QueryParseError" });
  const unloaded = Object.assign(new Error("could not load"), { unloaded: true });
  const { controller, events } = controlled(fakeSearcher({ "title:": parse, x: unloaded }));
  await controller.search("title:");
  assert.match(statuses(events).at(-1), /^That query is not valid \(expecting term\)/);
  await controller.search("x");
  assert.equal(statuses(events).at(-1), "Some results could not be loaded. Try again.");
});

test("search data that cannot be loaded says search is unavailable, once", async () => {
  const controller = new SearchController(async () => { throw new Error("offline"); }, { turn: () => Promise.resolve() });
  const said = [];
  controller.on("status", ({ text }) => said.push(text));
  await controller.search("model");
  await controller.search("model");
  assert.deepEqual(said, ["Loading search…", "Search is unavailable: its index could not be loaded."]);
});

test("sorting and filtering read the store rows and say what they kept", async () => {
  const results = ["1", "2", "3"].map((ref) => result(ref, "model"));
  const { controller, events } = controlled(fakeSearcher({ model: results }));
  await controller.search("model", { filters: { sort: "upvotes", topic: "llms", topicTitle: "LLMs", code: false } });
  assert.deepEqual(drawn(events), ["Paper 2"]);
  assert.equal(statuses(events).at(-1), "3 papers found; 1 of them in “LLMs”.");
  await controller.search("model", { filters: { sort: "upvotes", topic: "", topicTitle: "", code: false } });
  assert.deepEqual(drawn(events).slice(1), ["Paper 3", "Paper 2", "Paper 1"]);
});

test("the search page: the first page before the whole answer, then More draws the next", async () => {
  const results = Array.from({ length: 5 }, (_, i) => result(String(i), "model"));
  const { controller, events } = controlled(fakeSearcher({ model: results }), { first: 2, more: 2, quick: true });
  await controller.search("model");
  assert.deepEqual(drawn(events), ["Paper 0", "Paper 1"]);
  const last = events.filter(([type]) => type === "results").at(-1)[1];
  assert.deepEqual([last.items.length, last.shown, last.total], [0, 2, 5]);  // the whole answer's count
  await controller.more();
  assert.deepEqual(drawn(events), ["Paper 0", "Paper 1", "Paper 2", "Paper 3"]);
  assert.equal(controller.state.shown, 4);
});

test("More for a search that a newer one replaced draws nothing", async () => {
  const held = { 2: later() };
  const results = Array.from({ length: 4 }, (_, i) => result(String(i), "model"));
  const { controller, events } = controlled(fakeSearcher({ model: results, other: [result("9", "other")] }, held), { first: 2, more: 2 });
  await controller.search("model");
  const more = controller.more();
  await controller.search("other");
  held[2].resolve(paper("2"));
  await more;
  assert.deepEqual(drawn(events), ["Paper 0", "Paper 1", "Paper 9"]);
});
