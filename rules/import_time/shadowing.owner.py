# canary-test: path=yaml/__init__.py name=PyYAML-6.0.1-cp311-cp311-manylinux_2_17_x86_64.whl
# PyYAML's own wheel ships yaml/: the owner of the name.
__version__ = "6.0.1"
# ok: SHADOWS_POPULAR_PACKAGE
