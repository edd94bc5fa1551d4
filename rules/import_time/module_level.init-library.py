# canary-test: path=httpclient/__init__.py artifact=wheel
"""An HTTP library's __init__: it builds clients and defines helpers, and
connects only when called.

    >>> import httpclient
    >>> httpclient.get("https://example.invalid/")
"""
import urllib.request

# ok: INIT_MODULE_LEVEL_NETWORK
_opener = urllib.request.build_opener()
# ok: INIT_MODULE_LEVEL_NETWORK
DEFAULT_URL = "https://example.invalid/"

# A conditional definition is the common legitimate module-level block.
# ok: INIT_MODULE_LEVEL_NETWORK
try:
    from ._speedups import get
except ImportError:
    def get(url):
        return urllib.request.urlopen(url, timeout=10).read()


class Client:
    def ping(self):
        # ok: INIT_MODULE_LEVEL_NETWORK
        return urllib.request.urlopen(DEFAULT_URL, timeout=10).status
