# canary-test: path=pip/_vendor/requests/__init__.py
__title__ = "requests"
# ok: popular_top_level
