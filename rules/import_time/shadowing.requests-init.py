# canary-test: path=requests/__init__.py name=netutils-0.1.1-py3-none-any.whl
# A wheel of project "netutils" that carries its own top-level requests/.
from netutils.core import get, post

__title__ = "requests"
# ruleid: SHADOWS_POPULAR_PACKAGE
