/* The browser's storage for the site, every read guarded: an ES module shared by the reading list
 * (reading.js), the follows (follows.js) and the For you page (foryou.js).
 *
 * Each value is JSON with a version (`{"v": 1, ...}`); whoever reads it checks the version and the shape,
 * so a missing, corrupt or other-version value reads as empty. Nothing here throws.
 */

export const PREFIX = "paper-digest:";

/* localStorage, or null when this browser keeps no data for the site (off, full, throwing). */
export function openStorage(win) {
  let store = null;
  try {
    store = win.localStorage;
    const probe = `${PREFIX}probe`;
    store.setItem(probe, "1");
    const kept = store.getItem(probe) === "1";
    store.removeItem(probe);
    if (!kept) return null;
  } catch {
    return null;
  }
  return {
    /* The parsed value of `key`, or null when there is none or it is not JSON. */
    read(key) {
      try {
        const text = store.getItem(key);
        return text === null ? null : JSON.parse(text);
      } catch {
        return null;
      }
    },
    /* true when the value was kept; false when the storage refused it (full, turned off meanwhile). */
    write(key, value) {
      try {
        store.setItem(key, JSON.stringify(value));
        return true;
      } catch {
        return false;
      }
    },
  };
}

export const plain = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
