// Run queries on the sharded search data of a built site, as the browser does (search-engine.js's Searcher).
// usage: node lunr_query.mjs INDEX_JSON [--reference LUNR_INDEX_JSON] < queries.json  ->  JSON on stdout:
// {"read_ms", "load_ms" (reading and parsing the head), "results": [{"query", "ms", "hits": [[ref, score], ...], "files": [path, ...],
//   "first": [[ref, score], ...] | null, "same_in_parts": bool, "reference": [[ref, score], ...]} | {"query", "error"}]}
// INDEX_JSON is the head (search/index.json) of a site; the other search files are read from that site
// (the head's paths are relative to its root, two folders up). Every query starts cold, as a first
// query does: "files" are the search files it loaded, in order (not the result fragments).
// A query is a string, given to lunr's index.search (its top 10 hits), or {"plain": text, "typing": bool},
// run as the search box runs plain words (plainSearch): then every hit, and "all" (false when no paper
// had every word and the answer is papers with any) and "words" (the words that counted).
// "same_in_parts": whether lunr scoring the papers PART at a time (queryInParts, as the search page does)
// gives the very same answer, every result in the same order with the same score and terms.
// "first": the answer's first(10) (search-shards.js's firstResults: the first ten without lunr scoring every paper;
// null when it cannot be sure), taken after "ms" and the hits, and with no lower bound on the papers to score.
// --reference: a serialised lunr.Index of the whole digest (lunr.py's, refs the papers' numbers),
// loaded whole: each string query's top 10 from it too, to compare.
// search-engine.js is imported as it is (an ES module with no document in it). The project's
// package.json has no "type", so node finds it is a module by its syntax and warns once:
// tests/test_search.py runs node with --disable-warning=MODULE_TYPELESS_PACKAGE_JSON.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(import.meta.url);
const lunr = require(path.join(root, "node_modules", "lunr"));
const js = (name) => import(pathToFileURL(path.join(root, "themes", "digest", "static", "js", name)).href);
const { Searcher } = await js("search-engine.js");
const { registerSpelling } = await js("search-spelling.js");
const { jsonOf } = await js("load.js");

const queries = JSON.parse(fs.readFileSync(0, "utf8"));
const headPath = process.argv[2], site = path.dirname(path.dirname(headPath));

let started = process.hrtime.bigint();
const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
const text = fs.readFileSync(headPath, "utf8");
const readMs = ms();
started = process.hrtime.bigint();
const head = JSON.parse(text);
const loadMs = ms();
// the reference's search pipeline is the head's: "spelling" is registered before it loads
registerSpelling(lunr, head.spelling);
const at = process.argv.indexOf("--reference");
const reference = at > 0 ? lunr.Index.load(JSON.parse(fs.readFileSync(process.argv[at + 1], "utf8"))) : null;
const pairs = (hits) => hits.map((r) => [r.ref, r.score]);
// An answer as a string: every result's ref, score and matched terms, and which words counted.
const whole = (found) => JSON.stringify([found.all, found.words, found.results.map((r) => [r.ref, r.score, Object.keys(r.matchData.metadata)])]);
// The same answer with lunr scoring the papers PART at a time (search-shards.js's queryInParts), to compare.
const PART = 37;
const inParts = async (ask) => whole(await (await ask()).inParts(() => new Promise((resolve) => setImmediate(resolve)), PART));

const results = [];
for (const query of queries) {
  const files = [];
  const searcher = new Searcher(lunr, head, async (file) => {
    files.push(file);
    return jsonOf(new Uint8Array(fs.readFileSync(path.join(site, file))));
  });
  started = process.hrtime.bigint();
  try {
    if (typeof query === "object") {
      const ask = () => searcher.answer(query.plain, Boolean(query.typing)), answer = await ask();
      const found = answer.all(), time = ms(), first = answer.first(10, 0);
      const same = whole(found) === (await inParts(ask));
      results.push({ query, ms: time, hits: pairs(found.results), all: found.all, words: found.words, files, first: first && pairs(first.results), same_in_parts: same });
    } else {
      const ask = () => searcher.answer(query, false, true), answer = await ask();
      const found = answer.all(), hits = pairs(found.results.slice(0, 10)), time = ms(), first = answer.first(10, 0);
      const out = { query, ms: time, hits, files, first: first && pairs(first.results), same_in_parts: whole(found) === (await inParts(ask)) };
      if (reference) out.reference = pairs(reference.search(query).slice(0, 10));
      results.push(out);
    }
  } catch (error) {
    results.push({ query, error: String(error?.message) });
  }
}
process.stdout.write(JSON.stringify({ read_ms: readMs, load_ms: loadMs, results }));
