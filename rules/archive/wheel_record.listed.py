# canary-test: path=mypkg/__init__.py record=listed
# RECORD lists this file with its true hash: what every build tool writes.
VALUE = "inert"
# ok: WHEEL_RECORD_HASH_MISMATCH, WHEEL_FILE_NOT_IN_RECORD, WHEEL_RECORD_MISSING
