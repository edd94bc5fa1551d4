# canary-test: path=mypkg/..hidden/a..b/.../mod.py artifact=wheel
# Dots inside names are not a parent segment: nothing escapes.
# ok: ARCHIVE_UNSAFE_PATH, ARCHIVE_SYMLINK, ARCHIVE_ENTRY_TRUNCATED
line = "inert"
