"""Paper digest: turn Hugging Face "Daily Papers" dumps into a static site."""

__version__ = "0.1.0"
