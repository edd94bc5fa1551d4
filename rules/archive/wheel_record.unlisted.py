# canary-test: path=mypkg/__init__.py record=unlisted
# The wheel has a RECORD, but this file is not in it: added after the build.
VALUE = "inert"
# ruleid: WHEEL_FILE_NOT_IN_RECORD
# ok: WHEEL_RECORD_HASH_MISMATCH, WHEEL_RECORD_MISSING, WHEEL_RECORD_LISTS_ABSENT_FILES
