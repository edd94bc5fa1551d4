# canary-test: path=pkg/__init__.py name=beautifulsoup-4.12.2-py3-none-any.whl
# Beautifulsoup4 minus its digit.
VERSION = "1"
# ruleid: TYPOSQUAT_NAME
