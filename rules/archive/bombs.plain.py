# canary-test: path=mypkg/data.py
# An ordinary entry: its size is what the header says, it compresses
# modestly, and the artifact is small.
TABLE = {"a": 1, "b": 2}
# ok: ARCHIVE_DECOMPRESSION_BOMB, ARCHIVE_HEADER_MISMATCH, ARCHIVE_HUGE_EXPANSION
