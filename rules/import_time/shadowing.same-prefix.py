# canary-test: path=requests_toolbelt/__init__.py name=requests_toolbelt-1.0.0-py3-none-any.whl
# A name that starts like a popular one is its own package.
__version__ = "1.0.0"
# ok: SHADOWS_POPULAR_PACKAGE
