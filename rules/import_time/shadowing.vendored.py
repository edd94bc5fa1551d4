# canary-test: path=mytool/_vendor/requests/__init__.py name=mytool-1.0-py3-none-any.whl
# A vendored copy below the package's own directory is not a hijack.
__title__ = "requests"
# ok: SHADOWS_POPULAR_PACKAGE
