# canary-test: path=pkg/__init__.py name=sic-1.0-py3-none-any.whl
# Short names are not compared by edit distance (six).
VERSION = "1"
# ok: TYPOSQUAT_NAME
