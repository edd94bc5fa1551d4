# canary-test: path=mypkg/__init__.py copies=2
# The same path stored twice: the installer keeps the second copy, a viewer
# shows the first. The finding is on the later copy.
VALUE = "inert"
# ruleid: ARCHIVE_DUPLICATE_ENTRY
# ok: ARCHIVE_HARDLINK, ARCHIVE_SPECIAL_FILE, ARCHIVE_UNSAFE_PATH
