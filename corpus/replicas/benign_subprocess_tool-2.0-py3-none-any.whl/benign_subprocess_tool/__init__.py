"""Thin wrappers around git and a JSON HTTP API, for release scripts."""

__version__ = "2.0"
__all__ = ["git", "http", "cli"]
