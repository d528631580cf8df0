/* Building the page's nodes, and writing days and counts as every page writes them: an ES module shared by
 * the search box (search.js) and the reading list (reading.js).
 *
 * Text is always inserted as text (textContent, text nodes), never as HTML.
 */

/* The node builders of a document: el(tag, className, text) and the others below. */
export function builders(doc) {
  const el = (tag, className, text) => {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const button = (className, text) => {
    const node = el("button", className, text);
    node.type = "button";
    return node;
  };
  /* "Listed <time datetime=2025-12-09>Dec 9, 2025</time>" in a span of `className`. */
  const labelledDay = (label, iso, className = "") => {
    const span = el("span", className, `${label} `);
    const time = el("time", "", showDay(iso));
    time.dateTime = iso;
    span.appendChild(time);
    return span;
  };
  return { el, button, labelledDay, text: (data) => doc.createTextNode(data) };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/* "2025-12-09" as every page shows it: "Dec 9, 2025". */
export const showDay = (iso) => `${MONTHS[Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}, ${iso.slice(0, 4)}`;

// 20,000 as English writes it. Not toLocaleString: its first call loads the locale's data, a long task
// of its own on a slow phone, in the middle of drawing the first results.
export const grouped = (n) => String(n).replace(/\B(?=(\d{3})+$)/g, ",");

/* "1 paper", "20,000 papers". */
export const plural = (n, one, many = `${one}s`) => `${grouped(n)} ${n === 1 ? one : many}`;

/* “a”, “a” and “b”, “a”, “b” and “c”. */
export const quoted = (list) => {
  const q = list.map((w) => `“${w}”`);
  return q.length < 2 ? q.join("") : `${q.slice(0, -1).join(", ")} and ${q[q.length - 1]}`;
};
