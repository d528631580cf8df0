/* The site's data files as JSON, stored gzipped or plain: an ES module (search.js and follows.js fetch through it).
 *
 * The build stores what the browser fetches and reads itself gzipped (generator/outputs/gzipped.py: a site's
 * bytes are counted as stored, and JSON of abstracts takes about half the bytes gzipped). A host serves such a
 * file as it is (GitHub Pages: application/gzip, no Content-Encoding), and it is inflated here with the
 * browser's DecompressionStream. A host may also send it with Content-Encoding: gzip, and the browser then
 * inflates it itself: so the bytes are read as gzip only when they begin with gzip's magic bytes (1f 8b), which
 * no JSON text does. A plain JSON file (search/index.json, foryou/recent.json) is read as it is.
 */

/* Whether bytes (a Uint8Array) are a gzip member: its first two bytes. */
export const isGzip = (bytes) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/* The text of a file's bytes (a Uint8Array): inflated when they are gzip, else read as UTF-8. */
export async function textOf(bytes) {
  if (!isGzip(bytes)) return new TextDecoder().decode(bytes);
  const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(inflated).text();
}

/* The JSON of a file's bytes, gzipped or plain. */
export async function jsonOf(bytes) {
  return JSON.parse(await textOf(bytes));
}

/* The JSON at `url`; an error when the server does not answer it with 200. */
export async function fetchJSON(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return jsonOf(new Uint8Array(await response.arrayBuffer()));
}
