"""Log rotation helpers (replica)."""


def rotate(path, keep=5):
    return [f"{path}.{i}" for i in range(1, keep + 1)]
