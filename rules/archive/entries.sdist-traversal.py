# canary-test: path=../../.config/autostart/x.py artifact=sdist
# Tar path traversal in an sdist (CVE-2007-4559): pip unpacks it before building.
# ruleid: ARCHIVE_UNSAFE_PATH
line = "inert"
