"""Faster start-up for command line tools (replica: the package itself is plain)."""

__version__ = "1.0"


def warm_cache():
    return {}
