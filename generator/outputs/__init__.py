"""Stage 4, outputs: what the site has besides its pages (papers.json, search data, feeds, sitemap)."""
