"""How the digest says a fact it does not know, in words: one phrase for each, everywhere.

A paper's own date is unknown when no dump gives it; its upvotes are not counted when no
listing showed a count. Cards, paper pages, day pages, feeds and the letter say so in these
words (the templates read them as the settings DATE_UNKNOWN and NOT_COUNTED, site/settings.py),
never with a dash, a blank or a 0 that reads as a fact. The search script has them as
constants of its own (static/js/search-result.js); tests/site/test_listed_and_unknown.py holds
both to these.
"""

from __future__ import annotations

DATE_UNKNOWN = "date unknown"
NOT_COUNTED = "not counted"
