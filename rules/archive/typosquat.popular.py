# canary-test: path=pkg/__init__.py name=requests-2.31.0-py3-none-any.whl
# The real project.
VERSION = "1"
# ok: TYPOSQUAT_NAME
