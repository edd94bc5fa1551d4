# canary-test: path=pkg/__init__.py name=reqeusts-2.31.0-py3-none-any.whl
# Two letters of requests swapped.
VERSION = "1"
# ruleid: TYPOSQUAT_NAME
