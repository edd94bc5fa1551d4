# canary-test: path=mypkg/__init__.py name=other-9.9-py3-none-any.whl
# Only the core metadata file is compared with the file name.
NAME = "mypkg"
# ok: METADATA_NAME_MISMATCH, METADATA_VERSION_MISMATCH
