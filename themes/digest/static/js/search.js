/* Search the digest in the browser with lunr.js.
 *
 * The index is built at build time by lunr.py (generator/search_index.py) and
 * packed; `unpack` turns it back into lunr's serialised form. Nothing is
 * fetched until the reader first uses the search box. Every piece of result
 * text is inserted as text (createTextNode / textContent), never as HTML.
 */
(function (global) {
  "use strict";

  /* The packed index -> lunr's serialised index; papers are refs "0", "1", ...
   * The pack holds each paper's terms per field (generator/search_index.py);
   * field vectors are scored here exactly as lunr's Builder scores them (BM25). */
  var NO_METADATA = {};  // lunr only reads a posting's metadata (no whitelist): one object serves all

  function unpack(pack) {
    var fields = pack.fields, terms = pack.terms, n = pack.papers, k1 = pack.k1, b = pack.b;
    var postings = new Array(terms.length), fieldVectors = [], t, f, d, i;
    for (t = 0; t < terms.length; t++) {
      var posting = { _index: t };
      for (f = 0; f < fields.length; f++) posting[fields[f]] = {};
      postings[t] = posting;
    }
    var df = new Int32Array(terms.length), decoded = [], average = [];
    for (f = 0; f < fields.length; f++) {
      var column = pack.docs[fields[f]], rows = new Array(n), total = 0;
      for (d = 0; d < n; d++) {
        var flat = column[d], row = new Array(flat.length), term = 0;
        for (i = 0; i < flat.length; i++) {
          term += flat[i];
          row[i] = term;
          if (!i || flat[i]) df[term]++;
        }
        rows[d] = row;
        total += row.length;
      }
      decoded.push(rows);
      average.push(total / n);
    }
    var idf = new Float64Array(terms.length);
    for (t = 0; t < terms.length; t++) {
      var x = (n - df[t] + 0.5) / (df[t] + 0.5);
      idf[t] = Math.log(1 + Math.abs(x));
    }
    for (d = 0; d < n; d++) {
      var ref = String(d);
      for (f = 0; f < fields.length; f++) {
        var terms_ = decoded[f][d], length = terms_.length, elements = [];
        for (i = 0; i < length; i++) {
          var tf = 1;
          while (i + 1 < length && terms_[i + 1] === terms_[i]) { tf++; i++; }
          t = terms_[i];
          var score = idf[t] * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average[f])) + tf);
          score *= pack.boosts[f];
          elements.push(t, Math.round(score * 1000) / 1000);
          postings[t][fields[f]][ref] = {};
        }
        fieldVectors.push([fields[f] + "/" + ref, elements]);
      }
    }
    var order = terms.map(function (_, t) { return t; });
    order.sort(function (p, q) { return terms[p] < terms[q] ? -1 : terms[p] > terms[q] ? 1 : 0; });
    return {
      version: pack.version, fields: fields, fieldVectors: fieldVectors, pipeline: pack.pipeline,
      invertedIndex: order.map(function (t) { return [terms[t], postings[t]]; })
    };
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { unpack: unpack };
    return;
  }

  var DEBOUNCE_MS = 120, DROPDOWN_RESULTS = 8, PAGE_RESULTS = 50;
  var doc = global.document, form, input, status, list, pageList, pageStatus, root;
  var loading = null, pack = null, index = null, shards = {}, seq = 0, timer = null, active = -1, shown = 0;
  var lastResults = [], lastTerms = {};

  function url(path) { return root + "/" + path; }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      doc.head.appendChild(script);
    });
  }

  function getJSON(path) {
    return fetch(url(path)).then(function (response) {
      if (!response.ok) throw new Error(path + ": HTTP " + response.status);
      return response.json();
    });
  }

  /* lunr.js and the index, once, on first use. */
  function load() {
    if (!loading) {
      setStatus("Loading search…");
      var lib = global.lunr ? Promise.resolve() : loadScript(url("theme/js/lunr.min.js"));
      loading = Promise.all([lib, getJSON("search/index.json")]).then(function (parts) {
        pack = parts[1];
        index = global.lunr.Index.load(unpack(pack));
        setStatus("");
        return index;
      });
      loading.catch(function () { setStatus("Search is unavailable: its index could not be loaded."); });
    }
    return loading;
  }

  function shard(number) {
    var name = "search/store-" + ("000" + number).slice(-4) + ".json";
    if (!shards[number]) shards[number] = getJSON(name);
    return shards[number];
  }

  function rows(refs) {
    return Promise.all(refs.map(function (ref) {
      var n = Number(ref);
      return shard(Math.floor(n / pack.shard)).then(function (rows) { return rows[n % pack.shard]; });
    }));
  }

  /* Plain words: every word, and the last one also as a prefix while it is typed. */
  var SYNTAX = /(^|\s)[+-](?=\S)|(^|[\s+-])(title|topics|org|terms):|[*~^]/;
  function words(q) {
    return q.toLowerCase().split(/[\s\-]+/).map(function (w) {
      return w.replace(/^\W+/, "").replace(/\W+$/, "");
    }).filter(Boolean);
  }

  function run(q, typing) {
    if (SYNTAX.test(q)) return index.search(q);
    var ws = words(q);
    if (!ws.length) return [];  // lunr would match every paper
    return index.query(function (query) {
      ws.forEach(function (w, i) {
        query.term(w);
        if (typing && i === ws.length - 1 && w.length >= 3) {
          query.term(w, { wildcard: global.lunr.Query.wildcard.TRAILING, usePipeline: false, boost: 0.5 });
        }
      });
    });
  }

  function stem(word) {
    var lunr = global.lunr, token = new lunr.Token(word.toLowerCase(), {});
    token = lunr.trimmer(token);
    return lunr.stemmer(token).toString();
  }

  /* Text with the matched words in <mark>, built from text nodes only. */
  function highlighted(parent, text, terms) {
    text.split(/([\s\-]+)/).forEach(function (part) {
      if (part && !/^[\s\-]+$/.test(part) && terms[stem(part)]) {
        var mark = doc.createElement("mark");
        mark.textContent = part;
        parent.appendChild(mark);
      } else if (part) {
        parent.appendChild(doc.createTextNode(part));
      }
    });
    return parent;
  }

  function el(tag, className, text) {
    var node = doc.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function item(row, n, terms) {
    var li = el("li", "search-result");
    li.id = "search-result-" + n;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    var link = el("a", "search-result__link");
    link.href = url(row[0]);
    highlighted(link, row[1], terms);
    li.appendChild(link);
    var meta = el("p", "search-result__meta");
    if (row[2]) {
      var time = el("time", "", row[2]);
      time.setAttribute("datetime", row[2]);
      meta.appendChild(time);
    }
    if (row[3].length) meta.appendChild(el("span", "search-result__topics", row[3].join(", ")));
    li.appendChild(meta);
    li.appendChild(highlighted(el("p", "search-result__snippet"), row[4], terms));
    return li;
  }

  function target() { return pageList || list; }

  function setStatus(text) {
    (pageStatus || status).textContent = text;
  }

  function clear() {
    var t = target();
    while (t.firstChild) t.removeChild(t.firstChild);
    active = -1;
    shown = 0;
    input.removeAttribute("aria-activedescendant");
    var more = doc.querySelector(".search-page__more");
    if (more) more.hidden = true;
  }

  function open(show) {
    if (pageList) return;
    list.hidden = !show;
    input.setAttribute("aria-expanded", show ? "true" : "false");
  }

  function showMore(mine) {
    var limit = pageList ? PAGE_RESULTS : DROPDOWN_RESULTS;
    var refs = lastResults.slice(shown, shown + limit).map(function (r) { return r.ref; });
    return rows(refs).then(function (found) {
      if (mine !== seq) return;
      found.forEach(function (row, i) { target().appendChild(item(row, shown + i, lastTerms)); });
      shown += found.length;
      var more = doc.querySelector(".search-page__more");
      if (more) more.hidden = !pageList || shown >= lastResults.length;
      if (!pageList && lastResults.length > shown) {
        var all = el("li", "search-results__all");
        var link = el("a", "", "All " + lastResults.length + " results");
        link.href = url("search.html") + "?q=" + encodeURIComponent(input.value);
        all.appendChild(link);
        list.appendChild(all);
      }
    });
  }

  function suggestions(q) {
    var parts = q.trim().split(/\s+/), box = el("p", "search-suggest");
    if (parts.length < 2) {
      box.textContent = "Check the spelling, or try the start of a word with * (gen*).";
      return box;
    }
    box.appendChild(doc.createTextNode("Try fewer words: "));
    parts.forEach(function (_, i) {
      var shorter = parts.slice(0, i).concat(parts.slice(i + 1)).join(" ").replace(/(^|\s)[+]/g, "$1");
      var count;
      try { count = run(shorter, false).length; } catch (e) { count = 0; }
      if (!count) return;
      var button = el("button", "search-suggest__option", shorter);
      button.type = "button";
      button.addEventListener("click", function () { input.value = shorter; search(false); input.focus(); });
      box.appendChild(button);
      box.appendChild(doc.createTextNode(" "));
    });
    return box;
  }

  /* A message instead of results: in the status line, and visibly in the dropdown. */
  function notice(text, extra) {
    setStatus(text);
    var li = el("li", "search-results__none");
    if (!pageList) li.appendChild(el("p", "search-results__message", text));
    if (extra) li.appendChild(extra);
    if (li.firstChild) target().appendChild(li);
    open(true);
  }

  function search(commit) {
    var q = input.value, mine = ++seq;
    remember(q, commit);
    if (!q.trim()) {
      clear();
      setStatus("");
      open(false);
      return Promise.resolve();
    }
    return load().then(function () {
      if (mine !== seq) return;
      var results;
      try {
        results = run(q, !/\s$/.test(q) && !commit);
      } catch (error) {
        clear();
        var why = error && error.name === "QueryParseError" ? error.message : "it could not be read";
        notice("That query is not valid (" + why + "). Use plain words, or see the search page for the syntax.");
        return;
      }
      lastResults = results;
      lastTerms = {};
      results.slice(0, 200).forEach(function (r) {
        Object.keys(r.matchData.metadata).forEach(function (term) { lastTerms[term] = true; });
      });
      clear();
      if (!results.length) {
        notice("No papers match “" + q.trim() + "”.", suggestions(q));
        return;
      }
      setStatus(results.length + (results.length === 1 ? " paper" : " papers") + " found.");
      open(true);
      return showMore(mine);
    }, function () {});
  }

  function remember(q, commit) {
    var params = new URLSearchParams(global.location.search);
    if ((params.get("q") || "") === q) return;
    if (q) params.set("q", q); else params.delete("q");
    var query = params.toString(), next = global.location.pathname + (query ? "?" + query : "") + global.location.hash;
    if (commit) global.history.pushState({ q: q }, "", next);
    else global.history.replaceState({ q: q }, "", next);
  }

  function options() { return target().querySelectorAll(".search-result"); }

  function choose(step) {
    var all = options();
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
      var chosen = options()[active];
      if (chosen) {
        event.preventDefault();
        global.location.href = chosen.querySelector("a").href;
      } else if (pageList) {
        event.preventDefault();
        clearTimeout(timer);
        search(true);
      }
    } else if (event.key === "Escape") {
      open(false);
    }
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function init() {
    form = doc.querySelector("form.search-box");
    if (!form) return;
    input = form.querySelector(".search-box__input");
    status = form.querySelector(".search-box__status");
    list = form.querySelector(".search-results");
    pageList = doc.querySelector(".search-page__results");
    pageStatus = doc.querySelector(".search-page__status");
    root = (form.getAttribute("data-search-root") || ".").replace(/\/$/, "") || ".";

    input.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search(false); }, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", onKey);
    doc.addEventListener("keydown", function (event) {
      if (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event.target)) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
    doc.addEventListener("click", function (event) { if (!form.contains(event.target)) open(false); });
    var more = doc.querySelector(".search-page__more");
    if (more) more.addEventListener("click", function () { showMore(seq); });
    global.addEventListener("popstate", function () {
      input.value = new URLSearchParams(global.location.search).get("q") || "";
      search(false);
    });
    var q = new URLSearchParams(global.location.search).get("q");
    if (q) {
      input.value = q;
      search(true);
    } else if (pageList) {
      input.focus();
    }
  }

  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", init);
  else init();
})(typeof window !== "undefined" ? window : this);
