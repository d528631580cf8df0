// The search engine under node (node --test; tests/test_search_js.py runs it): search-engine.js, search-shards.js,
// search-text.js and search-sorts.js on the golden site's search data (tests/golden/site/search), with no document.
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import zlib from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const lunr = createRequire(import.meta.url)(path.join(root, "node_modules", "lunr"));
const js = (name) => import(pathToFileURL(path.join(root, "themes", "digest", "static", "js", name)).href);
const { Searcher, zipped } = await js("search-engine.js");
const { arranged } = await js("search-sorts.js");
const { numbered, shardOf } = await js("search-shards.js");
const { correction, matchedTerm, nearestWord, passage } = await js("search-text.js");

const { isGzip, jsonOf } = await js("load.js");

const site = path.join(root, "tests", "golden", "site");
/* A search file's JSON, read as node's zlib reads a gzip file (the head is plain). */
const read = (file) => {
  const bytes = fs.readFileSync(path.join(site, file));
  return JSON.parse((file.endsWith(".gz") ? zlib.gunzipSync(bytes) : bytes).toString("utf8"));
};
const head = read("search/index.json");

/* A Searcher on the golden data, its files read as the browser reads them (load.js); `loaded` lists them. */
function searcher() {
  const loaded = [];
  const engine = new Searcher(lunr, head, async (file) => {
    loaded.push(file);
    return jsonOf(new Uint8Array(fs.readFileSync(path.join(site, file))));
  });
  return { engine, loaded };
}

const same = (found) => found.results.map((r) => [r.ref, r.score, Object.keys(r.matchData.metadata).sort()]);

test("numbered files and term shards are found as search.py writes them", () => {
  assert.equal(numbered("search/papers/#####.json.gz", 42), "search/papers/00042.json.gz");
  assert.equal(shardOf(["a", "g", "p"], "gen"), 1);
  assert.equal(shardOf(["a", "g", "p"], "0"), 0);
  assert.equal(shardOf(["a", "g", "p"], "zz"), 2);
});

test("a fragment and a store row are objects named by the head", async () => {
  const { engine } = searcher();
  const fragment = await engine.fragment("0"), row = await engine.row("0");
  assert.deepEqual(Object.keys(fragment), head.fragment);
  const packed = zipped(head.fragment, read("search/papers/00000.json.gz")[0]);
  for (const name of ["arrived", "upvotes"]) assert.deepEqual(fragment[name], row[name], name);
  assert.deepEqual(Object.keys(row), head.row);
  // read back from the head's tables: a topic's title (as the row names it) and page
  assert.deepEqual(fragment.topics.map((t) => t.title), row.topics);
  assert.ok(fragment.topics.every((t) => /^topics\/[\w-]+\.html$/.test(t.url)));
  assert.equal(fragment.abstract, packed.abstract);
  assert.ok(!packed.url.includes("/") && packed.topics.every(Number.isInteger));  // written shorter
  assert.deepEqual(row, zipped(head.row, read("search/store-0000.json.gz")[0]));
  assert.ok(!("title" in row) && !("url" in row));  // a row is what results are sorted and filtered by
  assert.equal(typeof fragment.abstract, "string");
  assert.equal(typeof fragment.code, "string");
  assert.ok(Array.isArray(row.topics) && typeof row.has_code === "boolean" && /^\d{4}-\d{2}-\d{2}$/.test(row.arrived));
});

test("a fragment's organisation is read from the head's table, or null when it has none", async () => {
  const { engine } = searcher();
  const fragments = await Promise.all(Array.from({ length: head.papers }, (_, n) => engine.fragment(String(n))));
  const orgs = fragments.map((f) => f.org);
  assert.ok(orgs.includes(null) && orgs.some((o) => o && typeof o.name === "string" && /^orgs\/[\w-]+\.html$/.test(o.url)));
  assert.ok(fragments.some((f) => f.authors === null) && fragments.some((f) => Number.isInteger(f.authors)));
});

test("plain words are all required, and a query loads the head's files only as it needs them", async () => {
  const { engine, loaded } = searcher();
  const both = await engine.run("length generalization");
  const one = await engine.run("length");
  assert.ok(both.all && both.results.length > 0);
  assert.ok(both.results.length <= one.results.length);
  for (const r of both.results) assert.deepEqual(Object.keys(r.matchData.metadata).sort(), ["generalis", "length"]);
  assert.ok(loaded.every((file) => file.startsWith("search/terms/")), loaded.join(" "));
});

test("a word typed halfway finds what the whole word finds", async () => {
  const { engine } = searcher();
  const typed = await engine.run("generaliz", true), whole = await engine.run("generalization");
  assert.ok(whole.results.length > 0);
  assert.deepEqual(typed.results.map((r) => r.ref).sort(), whole.results.map((r) => r.ref).sort());
});

test("British and American spellings find the same papers, loading the same one term shard", async () => {
  const answers = [];
  for (const q of ["generalization", "generalisation", "generalise", "Generalizing", "length generalisation"]) {
    const { engine, loaded } = searcher();
    const found = await engine.run(q);
    answers.push([q, found.results.map((r) => [r.ref, r.score]), loaded]);
  }
  const [american, british, verb, capital, two] = answers;
  assert.ok(american[1].length > 0);
  for (const other of [british, verb, capital]) assert.deepEqual(other[1], american[1], other[0]);
  assert.deepEqual(british[2], american[2]);  // the term shard of "generalis", and nothing else
  assert.equal(american[2].length, 1);
  const { engine } = searcher();
  assert.deepEqual(two[1], (await engine.run("length generalization")).results.map((r) => [r.ref, r.score]));
  // in lunr's syntax too: the query pipeline spells a word as the index does
  const syntax = (await engine.run("+title:generalisation")).results.map((r) => r.ref).sort();
  assert.deepEqual(syntax, (await engine.run("+title:generalization")).results.map((r) => r.ref).sort());
  assert.equal(engine.stem("Generalisation"), engine.stem("generalization"));
});

test("a wildcard word is spelled as the index spells it: American, British and cut inside the ending alike", async () => {
  const { engine } = searcher();
  const refs = async (q) => (await engine.run(q)).results.map((r) => r.ref).sort();
  const british = await refs("generalis*");
  assert.ok(british.length > 0);
  assert.deepEqual(await refs("generaliz*"), british);
  assert.deepEqual(await refs("generalization*"), await refs("generalisation*"));
  assert.deepEqual(await refs("+title:generaliz*"), await refs("+title:generalis*"));
});

test("words never together fall back to any of them, and say which counted", async () => {
  const { engine } = searcher();
  const found = await engine.run("zzzqqq length");
  assert.equal(found.all, false);
  assert.deepEqual(found.words, ["zzzqqq", "length"]);
  assert.ok(found.results.length > 0);
});

test("lunr's syntax is given to lunr as it is, and a malformed query is lunr's error", async () => {
  const { engine } = searcher();
  const titled = await engine.run("title:length");
  for (const r of titled.results) assert.deepEqual(Object.values(r.matchData.metadata).flatMap(Object.keys), ["title"]);
  await assert.rejects(engine.run("title:"), { name: "QueryParseError" });
});

test("lunr scoring a few papers at a time gives its whole answer, in order", async () => {
  for (const q of ["model", "length generalization", "gen*", "model -math"]) {
    const { engine } = searcher();
    const whole = (await engine.answer(q)).all();
    const inParts = await (await engine.answer(q)).inParts(() => Promise.resolve(), 3);
    assert.ok(whole.results.length > 3, q);
    assert.deepEqual(same(inParts), same(whole), q);
  }
});

test("the first results, when given before lunr scores everything, are lunr's first", async () => {
  const { engine } = searcher();
  const answer = await engine.answer("model");
  const first = answer.first(2, 0);
  assert.ok(first, "with 16 papers and no lower bound, the first two can be had early");
  assert.deepEqual(same(first), same({ results: answer.all().results.slice(0, 2) }));
});

test("nothing found: the nearest indexed words, and fewer words that find papers", async () => {
  const { engine } = searcher();
  const found = await engine.run("lenght");
  assert.equal(found.results.length, 0);
  assert.deepEqual(await engine.suggest("lenght", found.known), { spelling: "length", fewer: [] });
  const two = await engine.run("+lenght +modle");
  assert.deepEqual(await engine.suggest("+lenght +modle", two.known), { spelling: "+length +model", fewer: [] });
  const words = read("search/words.json.gz");
  assert.equal(nearestWord("modle", words), "model");
  assert.equal(nearestWord("qqqqqq", words), null);
  assert.equal(correction("+lenght title:modle gen*", words, () => false), "+length title:model gen*");
  assert.equal(correction("length", words, () => true), null);
});

test("fewer words are offered when dropping one finds papers", async () => {
  const { engine } = searcher();
  const found = await engine.run("+length +zzzqqq");
  assert.equal(found.results.length, 0);
  assert.deepEqual((await engine.suggest("+length +zzzqqq", found.known)).fewer, ["length"]);
});

test("the passage shows the matched words, cut with ellipses", () => {
  const text = Array.from({ length: 100 }, (_, i) => `w${i}`).join(" ");
  const parts = passage(text, (word) => (word === "w50" ? "w50" : ""));
  assert.equal(parts[0].text, "…");
  assert.equal(parts.at(-1).text, "…");
  assert.deepEqual(parts.filter((p) => p.mark).map((p) => p.text), ["w50"]);
  assert.equal(passage("short text", () => "")[0].text, "short");
  const stem = (w) => w.toLowerCase().replace(/s$/, "");
  assert.equal(matchedTerm("Models", { model: true }, stem), "model");
  assert.equal(matchedTerm("github.com/x/models", { model: true }, stem), "model");
  assert.equal(matchedTerm("Other", { model: true }, stem), "");
});

test("results sort by date and upvotes (unknown last) and filter by topic and code, ties in lunr's order", () => {
  const entry = (rank, arrived, upvotes, topics, code) => ({ ref: String(rank), rank, row: { arrived, upvotes, topics, has_code: code } });
  const entries = [entry(0, "2025-01-02", 5, ["A"], true), entry(1, "2025-01-03", null, ["B"], false), entry(2, "2025-01-03", 9, ["A"], false)];
  const refs = (list) => list.map((e) => e.ref);
  const none = { sort: "relevance", topicTitle: "", code: false };
  assert.deepEqual(refs(arranged(entries, { ...none, sort: "date" })), ["1", "2", "0"]);
  assert.deepEqual(refs(arranged(entries, { ...none, sort: "upvotes" })), ["2", "0", "1"]);
  assert.deepEqual(refs(arranged(entries, { ...none, topicTitle: "A" })), ["0", "2"]);
  assert.deepEqual(refs(arranged(entries, { ...none, code: true })), ["0"]);
  assert.deepEqual(refs(arranged(entries, { ...none, sort: "nonsense" })), ["0", "1", "2"]);
});

test("a search file is read gzipped or plain, whichever the host hands over (load.js)", async () => {
  const gz = new Uint8Array(fs.readFileSync(path.join(site, "search/words.json.gz")));
  assert.ok(isGzip(gz));
  const plain = new Uint8Array(zlib.gunzipSync(gz));  // as a host sending it with Content-Encoding: gzip
  assert.ok(!isGzip(plain));
  assert.deepEqual(await jsonOf(gz), await jsonOf(plain));
  assert.deepEqual(await jsonOf(gz), read("search/words.json.gz"));
  assert.deepEqual(await jsonOf(new TextEncoder().encode('["é", "\\u00e9"]')), ["é", "é"]);
});

test("a file of fragments holds `per_file` papers, in order, and every paper is in one", async () => {
  const { engine, loaded } = searcher();
  assert.ok(head.per_file > 1);
  const files = fs.readdirSync(path.join(site, "search", "papers")).sort();
  assert.equal(files.length, Math.ceil(head.papers / head.per_file));
  const urls = [];
  for (let n = 0; n < head.papers; n++) urls.push((await engine.fragment(String(n))).url);
  assert.equal(new Set(urls).size, head.papers);
  assert.deepEqual([...new Set(loaded)], files.map((name) => `search/papers/${name}`));
  const last = read(`search/papers/${files.at(-1)}`);
  assert.equal(last.length, head.papers - (files.length - 1) * head.per_file);
});
