# canary-test: path=pkg/__init__.py name=orders_service-0.4.0-py3-none-any.whl
# A name near nothing popular.
VERSION = "1"
# ok: TYPOSQUAT_NAME
