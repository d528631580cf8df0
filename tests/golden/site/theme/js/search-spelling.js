/* One spelling of a word for search: its British one, as the index has it: an ES module.
 *
 * generator/spelling.py's `british` in JavaScript, from the same tables (the search head's `spelling`,
 * written by search.py from spelling.py): "generalization" and "generalisation" are one term. It is a lunr
 * pipeline function, registered as "spelling", between the stop words and the stemmer on both sides: the
 * build's index terms (search_index.term_of) and a query's (the head's `pipeline`).
 */

/* A lowercased word in its British spelling (itself if it has none), by `rules` (the head's `spelling`). */
export function british(rules, word) {
  const { endings, words, shortest, single_l: singleL } = rules;
  for (const [american, british] of endings) {
    const stem = word.length - american.length;
    if (word.endsWith(american) && stem >= shortest) {
      if (!(singleL.includes(american) && word[stem - 1] === "e")) word = word.slice(0, stem) + british;
      break;
    }
  }
  let found = null;  // the longest stem the word starts with: [stem, the pair's American stem]
  for (const [american, british] of words) {
    for (const stem of [american, british]) {
      if (word.startsWith(stem) && (!found || stem.length > found[0].length)) found = [stem, american];
    }
  }
  if (found && found[0] === found[1]) word = words.find(([american]) => american === found[1])[1] + word.slice(found[1].length);
  return word;
}

/* The starts of words a word being typed may be, as the index spells them: itself, its British spelling, and
 * itself with its last American "iz" or "yz" (of the endings' tables) made British ("generaliz" on the way to
 * "generalization", whose term is "generalis"). Distinct, itself first. */
export function typedSpellings(rules, word) {
  const found = [word, british(rules, word)];
  for (const [american, british] of rules.endings) {
    const from = american.slice(0, 2), to = british.slice(0, 2), at = word.lastIndexOf(from);
    if (from !== to && at >= rules.shortest) found.push(word.slice(0, at) + to + word.slice(at + 2));
  }
  return [...new Set(found)];
}

/* Register "spelling" with lunr (once: lunr's registry is global and warns when a name is registered again). */
export function registerSpelling(lunr, rules) {
  if (lunr.Pipeline.registeredFunctions.spelling) return;
  const spelling = (token) => token.update((word) => british(rules, word));
  spelling.rules = rules;  // for typedSpellings, where the engine has only lunr
  lunr.Pipeline.registerFunction(spelling, "spelling");
}

/* Parse `q`, a query in lunr's syntax, into `query` (a lunr.Query), its wildcard words spelled as the index
 * spells them. lunr runs no pipeline on a wildcard clause, so without this "color*" would reach no term of
 * the index (which has "colour"): the letters before or after the "*" take their British spelling, and a
 * word cut inside an American ending its "is" ("generaliz*": "generalis*"). Throws lunr's QueryParseError. */
export function parseQuery(lunr, q, query) {
  new lunr.QueryParser(q, query).parse();
  const rules = lunr.Pipeline.registeredFunctions.spelling?.rules;
  if (!rules) return query;
  for (const clause of query.clauses) {
    if (clause.usePipeline || !clause.term.includes("*")) continue;
    clause.term = clause.term.replace(/[^*]+/g, (word) => {
      const spelled = british(rules, word);
      return spelled !== word ? spelled : typedSpellings(rules, word).at(-1);
    });
  }
  return query;
}
