"""Stage 2, enrich: what needs the whole digest (topics, similar papers, links, organisations, lists)."""
