# canary-test: path=mypkg/__init__.py artifact=sdist
# Sdists have no RECORD: none of the RECORD rules applies.
VALUE = "inert"
# ok: WHEEL_RECORD_HASH_MISMATCH, WHEEL_FILE_NOT_IN_RECORD, WHEEL_RECORD_MISSING
