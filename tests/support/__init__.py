"""What tests share: paths, throwaway projects, built trees, parsed pages, pages in a browser.

Test modules import from here, never from each other or from conftest.py (which holds fixtures only).
"""
