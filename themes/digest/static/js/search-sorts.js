/* How the search page sorts and filters results once their store rows are there. Pure: no lunr, no document. */

/* How results are sorted once their store rows are there: by relevance (lunr's order, `rank`),
 * newest listed first, or most upvoted first (unknown last); ties keep lunr's order. */
export const SORTS = {
  relevance: (a, b) => a.rank - b.rank,
  date: (a, b) => (a.row.arrived < b.row.arrived ? 1 : a.row.arrived > b.row.arrived ? -1 : a.rank - b.rank),
  upvotes: (a, b) => (b.row.upvotes ?? -1) - (a.row.upvotes ?? -1) || a.rank - b.rank,
};

/* Results ({ref, rank, row}) with the filters' topic (its title: rows name topics by title) and with code
 * only when `code`, sorted by `sort` (a SORTS key): a new array. */
export function arranged(entries, { sort, topicTitle, code }) {
  let kept = entries;
  if (topicTitle) kept = kept.filter((entry) => entry.row.topics.includes(topicTitle));
  if (code) kept = kept.filter((entry) => entry.row.has_code === true);
  return [...kept].sort(SORTS[sort] || SORTS.relevance);
}
