# canary-test: path=pkg/__init__.py name=requests_python-2.31.0-py3-none-any.whl
# Requests with a -python suffix.
VERSION = "1"
# ruleid: TYPOSQUAT_NAME
