/* What the For you page shows, and why: an ES module, pure (tests/js/ runs it under node).
 *
 * foryou.js gathers the evidence (the store rows of the last 30 days, the papers each follow's query finds,
 * the papers like the saved ones, those with a -word) and this module ranks it: every follow a paper matches
 * counts one, its likeness to the saved papers up to LIKE_WEIGHT; a paper with a -word is hidden.
 */

export const LIKE_TERMS = 6;  // the saved papers' strongest terms asked for: each reaches one term shard
export const LIKE_WEIGHT = 0.8;  // the most likeness adds: less than one follow
export const LIKE_FLOOR = 0.25;  // likeness under this share of the best is no reason to show a paper
export const SHOWN = 20;  // papers shown per period

/* The saved papers' strongest terms: the words of their titles (not stop words, three letters or more), the
 * stems most titles share first, then the longest (a rarer word, most often). `stem(word)` -> term, "" for a
 * stop word. [{word, term}], at most `limit`, one per term. */
export function strongestTerms(titles, stem, limit = LIKE_TERMS) {
  const seen = new Map();  // term -> {word, titles}
  for (const title of titles) {
    const terms = new Set();
    for (const raw of title.toLowerCase().split(/[\s-]+/)) {
      const word = raw.replace(/^\W+/, "").replace(/\W+$/, "");
      if (word.length < 3 || !/^[a-z][a-z0-9]*$/.test(word)) continue;
      const term = stem(word);
      if (!term || terms.has(term)) continue;
      terms.add(term);
      const e = seen.get(term) || { word, term, titles: 0 };
      e.titles += 1;
      if (word.length > e.word.length) e.word = word;
      seen.set(term, e);
    }
  }
  return [...seen.values()]
    .sort((a, b) => b.titles - a.titles || b.word.length - a.word.length || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    .slice(0, limit).map(({ word, term }) => ({ word, term }));
}

/* The day `n` days before an ISO day. */
export function daysBefore(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

/* The ranked papers: [{ref, row, score, reasons}], best first (then newest, then the later number).
 *   rows      Map ref (number) -> store row ({title, url, arrived, topics, ...}): the papers that may be shown
 *   hits      [{follow, refs: Set of numbers}]: the papers each follow finds (a topic's are found here, by its title)
 *   likes     Map ref -> {score, like}: lunr's score for the saved papers' terms and the saved title it is most like
 *   hidden    Set of refs: papers with a followed search's -word
 * Reasons are {kind: "follow", name, what: the follow's kind} or {kind: "like", title}. */
export function rank(rows, hits, likes, hidden) {
  const best = Math.max(0, ...[...likes.values()].map((l) => l.score));
  const out = [];
  for (const [ref, row] of rows) {
    if (hidden.has(ref)) continue;
    const reasons = [];
    let score = 0;
    for (const { follow, refs } of hits) {
      const found = follow.kind === "topic" ? (row.topics || []).includes(follow.name) : refs.has(ref);
      if (found) {
        score += 1;
        reasons.push({ kind: "follow", name: follow.name, what: follow.kind });
      }
    }
    const like = likes.get(ref);
    if (like && best > 0 && like.score / best >= LIKE_FLOOR) {
      score += LIKE_WEIGHT * (like.score / best);
      reasons.push({ kind: "like", title: like.like });
    }
    if (score > 0) out.push({ ref, row, score, reasons });
  }
  return out.sort((a, b) => b.score - a.score || (a.row.arrived < b.row.arrived ? 1 : a.row.arrived > b.row.arrived ? -1 : 0) || b.ref - a.ref);
}

/* The ranked papers in three periods, each paper in the first it belongs to: since the last visit (arrived
 * after `previous`, the newest day the visit before showed; none on a first visit), the last 7 days and the
 * last 30, counted back from `newest`, the site's newest day. Each at most `shown`. */
export function periods(ranked, newest, previous, shown = SHOWN) {
  const week = daysBefore(newest, 6), month = daysBefore(newest, 29);
  const since = [], seven = [], thirty = [];
  for (const item of ranked) {
    const day = item.row.arrived;
    if (previous && day > previous) since.push(item);
    else if (day >= week) seven.push(item);
    else if (day >= month) thirty.push(item);
  }
  return { since: since.slice(0, shown), week: seven.slice(0, shown), month: thirty.slice(0, shown), counts: [since.length, seven.length, thirty.length] };
}

/* The saved title a paper is most like: the one whose terms hold most of the terms lunr matched in it
 * (matchData's); ties to the first saved. `saved`: [{title, terms: Set}]. */
export function mostLike(matched, saved) {
  let best = null, most = 0;
  for (const s of saved) {
    const n = matched.filter((t) => s.terms.has(t)).length;
    if (n > most) { best = s; most = n; }
  }
  return best?.title ?? null;
}
