"""Stage 3, site: Markdown sources for Pelican, Pelican's settings, and Pelican run with our theme.

The only package that imports Pelican.
"""
