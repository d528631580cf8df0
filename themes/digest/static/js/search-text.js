/* Words and passages of the search: suggestions for a word no paper has, and the passage of an abstract to
 * show for a result. Pure: no lunr, no document. */

/* Optimal string alignment distance (edits, a swap of neighbours counting one), or limit + 1 once over it. */
export function editDistance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null, previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = row;
  }
  return previous[b.length];
}

/* The nearest of `candidates` (most widespread first) to a word no paper has: within one edit for a
 * word of up to five letters, two beyond; the first of the nearest. null when none is that near. */
export function nearestWord(word, candidates) {
  const limit = word.length <= 5 ? 1 : 2;
  let best = null, distance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const d = editDistance(word, candidate, distance - 1);
    if (d < distance) {
      best = candidate;
      distance = d;
      if (d === 1) break;
    }
  }
  return distance <= limit ? best : null;
}

const SNIPPET_WORDS = 36, SNIPPET_LEAD = 6;

/* The passage of `text` to show for a result: about SNIPPET_WORDS words around the most distinct
 * matched words (`hit(word)` -> the term it matches, or ""), as [{text, mark}] parts, with an
 * ellipsis where the text is cut. Without a hit, the start of the text. */
export function passage(text, hit) {
  const parts = text.split(/([\s-]+)/);  // words at even places, separators at odd ones
  const count = Math.ceil(parts.length / 2), terms = new Array(count);
  for (let w = 0; w < count; w++) terms[w] = parts[2 * w] ? hit(parts[2 * w]) : "";
  let start = 0, best = -1;
  for (let w = 0; w < count; w++) {
    if (!terms[w] || (w > 0 && terms[w - 1])) continue;
    const from = Math.max(0, w - SNIPPET_LEAD), seen = new Set();
    let hits = 0;
    for (let v = from; v < Math.min(count, from + SNIPPET_WORDS); v++) if (terms[v]) { seen.add(terms[v]); hits++; }
    const score = seen.size * 1000 + hits;
    if (score > best) { best = score; start = from; }
  }
  const end = Math.min(count, start + SNIPPET_WORDS), out = [];
  if (start > 0) out.push({ text: "…", mark: false });
  for (let w = start; w < end; w++) {
    if (parts[2 * w]) out.push({ text: parts[2 * w], mark: Boolean(terms[w]) });
    if (w < end - 1 && parts[2 * w + 1]) out.push({ text: parts[2 * w + 1], mark: false });
  }
  if (end < count) out.push({ text: "…", mark: false });
  return out;
}

/* The query with each word no paper has (`known(word)` false) replaced by the nearest of `candidates`
 * (words.json, most widespread first), or null when none is. A word keeps its +, - or field: in front;
 * words with *, ~ or ^ are left as they are. */
export function correction(q, candidates, known) {
  let changed = false;
  const parts = q.trim().split(/\s+/).map((part) => {
    const [, lead, word] = /^((?:[+-])?(?:\w+:)?)(.*)$/.exec(part);
    const plain = word.toLowerCase().replace(/^\W+/, "").replace(/\W+$/, "");
    if (!plain || /[*~^]/.test(word) || known(plain)) return part;
    const near = nearestWord(plain, candidates);
    if (!near) return part;
    changed = true;
    return lead + near;
  });
  return changed ? parts.join(" ") : null;
}

/* The term a word of a result's text matched (`stem(word)` in `terms`, an object of the query's matched
 * terms), or of a word inside it (a URL's: search_index.inner_terms), or "". */
export function matchedTerm(word, terms, stem) {
  const whole = stem(word);
  if (terms[whole]) return whole;
  for (const piece of word.split(/[^\w.']+/)) if (piece && terms[stem(piece)]) return stem(piece);
  return "";
}
