// Load a packed search index (search/index.json) with lunr.js and run queries.
// usage: node lunr_query.mjs INDEX_JSON < queries.json  ->  JSON on stdout:
// {"read_ms", "load_ms", "results": [{"query", "ms", "hits": [[ref, score], ...]} | {"query", "error"}]}
// A query is a string, given to lunr's index.search (its top 10 hits), or {"plain": text, "typing": bool},
// run as the search box runs plain words (search.js's plainSearch): then every hit, and "all" (false when
// no paper had every word and the answer is papers with any) and "words" (the words that counted).
// With --vectors, also "vectors": {fieldRef: [[term, score], ...]}, the field vectors lunr.js loaded.
// `unpack` is the browser's own, imported from the theme's search.js (an ES module; it sets
// nothing up without a document). The project's package.json has no "type", so node finds
// search.js is a module by its syntax and warns once: tests/test_search.py runs node with
// --disable-warning=MODULE_TYPELESS_PACKAGE_JSON.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(import.meta.url);
const lunr = require(path.join(root, "node_modules", "lunr"));
const { unpack, plainSearch, vocabularyOf } = await import(pathToFileURL(path.join(root, "themes", "digest", "static", "js", "search.js")).href);

const queries = JSON.parse(fs.readFileSync(0, "utf8"));
let started = process.hrtime.bigint();
const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
const pack = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const readMs = ms();
started = process.hrtime.bigint();
const serialized = unpack(pack);
const index = lunr.Index.load(serialized);
const vocabulary = vocabularyOf(pack);
const loadMs = ms();
const results = queries.map((query) => {
  started = process.hrtime.bigint();
  try {
    if (typeof query === "object") {
      const found = plainSearch(lunr, index, vocabulary, query.plain, Boolean(query.typing));
      const hits = found.results.map((r) => [r.ref, r.score]);
      return { query, ms: ms(), hits, all: found.all, words: found.words };
    }
    const hits = index.search(query).slice(0, 10).map((r) => [r.ref, r.score]);
    return { query, ms: ms(), hits };
  } catch (error) {
    return { query, error: String(error?.message) };
  }
});
const out = { read_ms: readMs, load_ms: loadMs, results };
if (process.argv.includes("--vectors")) {
  out.vectors = {};
  for (const [fieldRef, elements] of serialized.fieldVectors) {
    const pairs = [];
    for (let i = 0; i < elements.length; i += 2) pairs.push([pack.terms[elements[i]], elements[i + 1]]);
    out.vectors[fieldRef] = pairs;
  }
}
process.stdout.write(JSON.stringify(out));
