# canary-test: path=pkg/__init__.py name=docker_py-1.10.6-py3-none-any.whl
# Docker's former name, on the allow-list.
VERSION = "1"
# ok: TYPOSQUAT_NAME
