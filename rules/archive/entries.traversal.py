# canary-test: path=mypkg/../../../home/user/.bashrc artifact=wheel
# Zip slip: a careless extractor writes this entry outside its target directory.
# ruleid: ARCHIVE_UNSAFE_PATH
# ok: ARCHIVE_SYMLINK, ARCHIVE_ENTRY_TRUNCATED
echo = "inert"
