# canary-test: path=pkg/__init__.py name=pythondateutil-2.9.0-py3-none-any.whl
# Python-dateutil without its separator.
VERSION = "1"
# ruleid: TYPOSQUAT_NAME
