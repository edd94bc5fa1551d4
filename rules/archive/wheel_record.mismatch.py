# canary-test: path=mypkg/__init__.py record=mismatch
# RECORD lists this file with the hash of other content: edited after the build.
VALUE = "inert"
# ruleid: WHEEL_RECORD_HASH_MISMATCH
# ok: WHEEL_FILE_NOT_IN_RECORD, WHEEL_RECORD_MISSING
