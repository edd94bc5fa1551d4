# canary-test: path=pkg/__init__.py name=nurnpy-1.26.0-py3-none-any.whl
# Numpy with rn for m.
VERSION = "1"
# ruleid: TYPOSQUAT_NAME
