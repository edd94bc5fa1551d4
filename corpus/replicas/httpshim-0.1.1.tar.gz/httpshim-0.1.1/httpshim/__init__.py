"""HTTP helpers (replica). The stand-in `get` only records the URL it was
given in memory; it never sends anything."""

CALLS = []


def get(url, **kwargs):
    CALLS.append(url)
    return None
