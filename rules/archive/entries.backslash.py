# canary-test: path=mypkg\..\..\evil.py artifact=wheel
# Backslashes are separators to Windows extractors.
# ruleid: ARCHIVE_UNSAFE_PATH
line = "inert"
