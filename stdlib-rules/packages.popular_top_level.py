# canary-test: path=requests/__init__.py
__title__ = "requests"
# ruleid: popular_top_level
