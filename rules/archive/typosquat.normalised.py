# canary-test: path=pkg/__init__.py name=Typing_Extensions-4.9.0-py3-none-any.whl
# The real project, spelled with case and underscores.
VERSION = "1"
# ok: TYPOSQUAT_NAME
