/* The search box's input: typing searches (after a pause), the arrow keys choose a result of the view's
 * listbox and Enter opens it, Escape closes the list or clears the box, and "/" anywhere else gives the box
 * the focus (the page never takes it on load). lunr.js and the index start loading when the box first has
 * the focus.
 */

const DEBOUNCE_MS = 120;

/* Inputs that take text: "/" types there; anywhere else it goes to the search box. */
const NOT_TEXT = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color", "file", "image", "hidden"]);
const isTyping = (target) => {
  const tag = target?.tagName;
  if (tag === "INPUT") return !NOT_TEXT.has((target.type || "text").toLowerCase());
  return tag === "TEXTAREA" || Boolean(target?.isContentEditable);
};

/* The box `input` of `controller`'s searches, drawn by `view` (search-dropdown.js or search-page.js: its
 * `list`, `filters()`, `close()`, and `submits`, whether Enter searches). Returns {run, ask}: run({typing,
 * push}) searches for what the box holds; ask(q) puts q in the box and searches for it. */
export function searchBox(doc, input, controller, view) {
  const win = doc.defaultView;
  let timer = null, active = -1;

  const run = ({ typing = false, push = false } = {}) => {
    clearTimeout(timer);
    return controller.search(input.value, { typing, push, filters: view.filters() });
  };
  const ask = (q) => {
    input.value = q;
    run({ push: true });
    input.focus();
  };

  controller.on("clear", () => {
    active = -1;
    input.removeAttribute("aria-activedescendant");
  });

  // The dropdown's options; the search page's results are whole cards in a plain list, reached with Tab.
  const options = () => view.list.querySelectorAll('[role="option"]');

  function choose(step) {
    const all = options();
    if (!all.length) return;
    if (active >= 0 && all[active]) all[active].setAttribute("aria-selected", "false");
    active = (active + step + all.length + 1) % (all.length + 1) - 1;
    if (active < 0) active = step > 0 ? 0 : all.length - 1;
    all[active].setAttribute("aria-selected", "true");
    all[active].scrollIntoView({ block: "nearest" });
    input.setAttribute("aria-activedescendant", all[active].id);
  }

  function onKey(event) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      choose(event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      const chosen = options()[active];
      if (chosen) {
        event.preventDefault();
        win.location.href = chosen.dataset.href;
      } else if (view.submits) {
        event.preventDefault();
        run({ push: true });
      }
    } else if (event.key === "Escape") {
      // As a combobox does: close the list if it is open, else clear the box.
      if (!view.close() && input.value) {
        event.preventDefault();
        input.value = "";
        run();
      }
    }
  }

  input.addEventListener("focus", () => controller.load().catch(() => {}), { once: true });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run({ typing: !/\s$/.test(input.value) }), DEBOUNCE_MS);
  });
  input.addEventListener("keydown", onKey);
  doc.addEventListener("keydown", (event) => {
    if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isTyping(event.target)) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
  return { run, ask };
}
