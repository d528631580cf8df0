"""A Jinja extension that drops the theme's indentation from every template before it is compiled.

Templates are indented for their reader; every page would otherwise carry that indentation, the
same bytes on each of tens of thousands of pages (issue 22). Only the template's own source
changes: the white space at the start of a line, and lines left empty. A line break stays, so
two words or inline elements on two lines are still apart, and what a variable prints (a title,
an abstract, a BibTeX entry in its <pre>) is data, never touched. A template with a <pre> or <textarea>
whose source runs over lines keeps its source as written: white space there is what it shows.
"""

from __future__ import annotations

import re

from jinja2.ext import Extension

_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{2,}")
# A <pre> or <textarea> whose source runs over lines: its line starts are what it shows.
_PRESERVING = re.compile(r"<(pre|textarea)\b[^>]*>(?:(?!</\1>).)*\n", re.IGNORECASE | re.DOTALL)


def dedent(source: str) -> str:
    """The template's source without indentation or empty lines, unless white space in it is shown."""
    if _PRESERVING.search(source):
        return source
    return _BLANK_LINES.sub("\n", _INDENT.sub("", source))


class DedentExtension(Extension):
    """Jinja's hook for the above: `preprocess` sees each template's source once, when it is compiled."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return dedent(source)
