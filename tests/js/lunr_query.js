// Load a packed search index (search/index.json) with lunr.js and run queries.
// usage: node lunr_query.js INDEX_JSON < queries.json  ->  JSON on stdout:
// {"read_ms", "load_ms", "results": [{"query", "ms", "hits": [[ref, score], ...]} | {"query", "error"}]}
// With --vectors, also "vectors": {fieldRef: [[term, score], ...]}, the field vectors lunr.js loaded.
"use strict";
const fs = require("fs");
const path = require("path");
const root = path.resolve(__dirname, "..", "..");
const lunr = require(path.join(root, "node_modules", "lunr"));
const { unpack } = require(path.join(root, "themes", "digest", "static", "js", "search.js"));

const queries = JSON.parse(fs.readFileSync(0, "utf8"));
let started = process.hrtime.bigint();
const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
const pack = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const readMs = ms();
started = process.hrtime.bigint();
const serialized = unpack(pack);
const index = lunr.Index.load(serialized);
const loadMs = ms();
const results = queries.map((query) => {
  started = process.hrtime.bigint();
  try {
    const hits = index.search(query).slice(0, 10).map((r) => [r.ref, r.score]);
    return { query, ms: ms(), hits };
  } catch (error) {
    return { query, error: String(error && error.message) };
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
