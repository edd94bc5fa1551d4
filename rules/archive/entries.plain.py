# canary-test: path=mypkg/module.py artifact=sdist
# An ordinary sdist member, well under the read limit and not a link.
# ok: ARCHIVE_UNSAFE_PATH, ARCHIVE_SYMLINK, ARCHIVE_ENTRY_TRUNCATED
line = "inert"
# ok: ARCHIVE_DUPLICATE_ENTRY, ARCHIVE_HARDLINK, ARCHIVE_SPECIAL_FILE
