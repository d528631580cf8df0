// The follows store and the For you ranking under node (node --test; tests/outputs/test_search_js.py runs it):
// follows.js's guarded reads, export and import, queries and [[feed]] tables; foryou-rank.js's ranking.
import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const js = (name) => import(pathToFileURL(path.join(root, "themes", "digest", "static", "js", name)).href);
const {
  exportData, feedBlock, followId, followsFrom, followsValue, importData, negativeWords, queryOf, withoutNegatives,
} = await js("follows.js");
const { daysBefore, mostLike, periods, rank, strongestTerms } = await js("foryou-rank.js");

const SINCE = "2025-12-01T10:00:00.000Z";
const qwen = { kind: "org", name: "Qwen", slug: "Qwen", url: "orgs/qwen.html", since: SINCE };
const liu = { kind: "author", name: "Wei  Liu", since: SINCE };
const search = { kind: "search", name: "diffusion -video", since: SINCE };
const keep = (...all) => followsFrom({ v: 1, follows: Object.fromEntries(all.map((f) => [followId(f.kind, f.name), f])) });

test("a stored value that is missing, corrupt or of another version reads as no follows", () => {
  for (const value of [null, "text", [], { v: 2, follows: {} }, { v: 1, follows: [] }, { v: 1 }]) {
    assert.equal(followsFrom(value).size, 0);
  }
});

test("malformed follows are left out, the others kept and normalised", () => {
  const follows = followsFrom({ v: 1, follows: {
    a: liu, b: qwen, c: { kind: "planet", name: "Mars" }, d: { kind: "author", name: "  " },
    e: { kind: "org", name: "X", url: "https://evil.example/x" }, f: { kind: "author", name: "x".repeat(201) },
    g: { kind: "topic", name: "Agents", slug: "../agents" },
  } });
  assert.deepEqual([...follows.keys()], ["author:wei liu", "org:qwen"]);
  assert.equal(follows.get("author:wei liu").name, "Wei Liu");  // white space folded
  assert.deepEqual(followsFrom(followsValue(follows)), follows);  // written and read back
});

test("export then import gives the same follows; import merges and counts", () => {
  const follows = keep(liu, qwen);
  const text = JSON.stringify(exportData(follows, new Date(SINCE)));
  const none = importData(new Map(), text);
  assert.deepEqual(none.follows, follows);
  assert.equal(none.added, 2);
  const again = importData(follows, JSON.stringify({ v: 1, follows: [liu, search, { kind: "x" }] }));
  assert.equal(again.added, 1);
  assert.equal(again.skipped, 1);
  assert.equal(again.follows.size, 3);
  for (const bad of ["{not json", "[]", JSON.stringify({ v: 9, follows: [] }), JSON.stringify({ v: 1 })]) {
    assert.equal(importData(follows, bad), null);
  }
});

test("each follow's query: names in their field, a search as typed; -words hide", () => {
  assert.equal(queryOf(followsFrom({ v: 1, follows: { a: liu } }).get("author:wei liu")), "+author:wei +author:liu");
  assert.equal(queryOf(qwen), "+org:qwen");
  assert.equal(queryOf({ kind: "author", name: "O'Brien-Smith" }), "+author:o'brien +author:smith");
  assert.equal(queryOf(search), "diffusion -video");
  assert.equal(queryOf({ kind: "topic", name: "Agents" }), null);
  assert.equal(queryOf({ kind: "author", name: "***" }), null);
  assert.deepEqual(negativeWords(keep(search, { kind: "search", name: "-audio llm -video", since: SINCE })), ["audio", "video"]);
});

test("a search is asked without the -words that hide papers; other -clauses stay lunr's", () => {
  assert.equal(withoutNegatives("language models -survey"), "language models");
  assert.equal(withoutNegatives("+reasoning  -vision -audio"), "+reasoning");
  assert.equal(withoutNegatives("-video"), "");  // nothing to ask: such a follow brings no paper
  // Not negativeWords' -words, so not hidden by them: the query keeps them.
  assert.equal(withoutNegatives("agents -title:video -two-words"), "agents -title:video -two-words");
  for (const q of ["agents -title:video", "diffusion -video", "-audio llm -video"]) {
    const hidden = negativeWords(keep({ kind: "search", name: q, since: SINCE }));
    const left = withoutNegatives(q).split(" ").filter((p) => p.startsWith("-")).map((p) => p.slice(1));
    assert.deepEqual(hidden.filter((w) => left.includes(w)), []);  // each -word is hidden or asked, never both or neither
    assert.equal(q.split(/\s+/).filter((p) => p.startsWith("-")).length, hidden.length + left.length);
  }
});

test("the follows as [[feed]] tables: one a kind, one a search; quotes escaped", () => {
  const block = feedBlock(keep(liu, qwen, search, { kind: "author", name: 'A "Quoted" \\ Name', since: SINCE },
    { kind: "topic", name: "Agents", slug: "agents", url: "topics/agents.html", since: SINCE },
    { kind: "search", name: "-video", since: SINCE }));
  assert.equal(block, [
    '[[feed]]\nname = "my-topics"\ntitle = "The topics I follow"\ntopics = ["agents"]',
    '[[feed]]\nname = "my-orgs"\ntitle = "The organisations I follow"\norgs = ["Qwen"]',
    '[[feed]]\nname = "my-authors"\ntitle = "The authors I follow"\nauthors = ["A \\"Quoted\\" \\\\ Name", "Wei Liu"]',
    '[[feed]]\nname = "my-search-1"\ntitle = "Search: diffusion -video"\ninclude = ["diffusion"]\nexclude = ["video"]',
  ].join("\n\n") + "\n");  // a search of -words alone makes no feed
  assert.equal(feedBlock(new Map()), "");
});

test("the saved papers' strongest terms: shared by most titles, then longest", () => {
  const stem = (w) => (["the", "for", "and"].includes(w) ? "" : w.replace(/s$/, ""));
  const terms = strongestTerms(["Diffusion models for video", "Video diffusion at scale", "The agent"], stem, 3);
  assert.deepEqual(terms.map((t) => t.term), ["diffusion", "video", "model"]);
});

test("ranking: follows count one each, likeness less; -words hide; reasons say why", () => {
  const row = (arrived, title, topics = []) => ({ url: `papers/${title}.html`, title, arrived, topics });
  const rows = new Map([[10, row("2025-12-10", "a", ["Agents"])], [11, row("2025-12-24", "b")], [12, row("2025-12-24", "c")], [13, row("2025-11-01", "d")], [14, row("2025-12-24", "e")]]);
  const hits = [{ follow: { kind: "topic", name: "Agents" }, refs: new Set() }, { follow: { kind: "org", name: "Qwen" }, refs: new Set([10, 12]) }];
  const likes = new Map([[11, { score: 4, like: "Saved one" }], [14, { score: 0.5, like: "Saved two" }]]);
  const ranked = rank(rows, hits, likes, new Set([12]));
  assert.deepEqual(ranked.map((r) => r.ref), [10, 11]);  // 12 hidden; 13 and 14: nothing, too little likeness
  assert.deepEqual(ranked[0].reasons, [{ kind: "follow", name: "Agents", what: "topic" }, { kind: "follow", name: "Qwen", what: "org" }]);
  assert.deepEqual(ranked[1].reasons, [{ kind: "like", title: "Saved one" }]);
  const { since, week, month, counts } = periods(ranked, "2025-12-24", "2025-12-22");
  assert.deepEqual([since.map((r) => r.ref), week.map((r) => r.ref), month.map((r) => r.ref)], [[11], [], [10]]);
  assert.deepEqual(counts, [1, 0, 1]);
  assert.deepEqual(periods(ranked, "2025-12-24", "").week.map((r) => r.ref), [11]);  // a first visit: no "since"
  assert.equal(daysBefore("2025-03-01", 1), "2025-02-28");
});

test("the saved title a paper is most like holds most of its matched terms", () => {
  const saved = [{ title: "One", terms: new Set(["a"]) }, { title: "Two", terms: new Set(["a", "b"]) }];
  assert.equal(mostLike(["a", "b"], saved), "Two");
  assert.equal(mostLike(["a"], saved), "One");
  assert.equal(mostLike(["z"], saved), null);
});
