# canary-test: path=mypkg/data.py
# An ordinary file of the artifact itself: not an archive, nothing left unopened.
TABLE = {"a": 1, "b": 2}
# ok: ARCHIVE_NESTING_TOO_DEEP
