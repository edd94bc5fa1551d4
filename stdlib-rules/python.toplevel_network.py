# canary-test: path=mypkg/tl_net.py artifact=wheel
# python.toplevel_network: network calls that run on import.
import os
import socket
import urllib.request

import requests

HOSTS = ["example.invalid"]
DEBUG = os.environ.get("DEBUG")

# ruleid: toplevel_network, has_toplevel_network
urllib.request.urlopen("https://example.invalid/b", timeout=2)
# ruleid: toplevel_network, has_toplevel_network
resp = requests.get("https://example.invalid/cfg", timeout=2)
# ruleid: toplevel_network, has_toplevel_network
DEBUG or requests.post("https://example.invalid/p", timeout=2)
# ruleid: toplevel_network, has_toplevel_network
for host in HOSTS:
    socket.create_connection((host, 80), timeout=2)


class Remote:
    # ruleid: toplevel_network, has_toplevel_network
    settings = requests.get("https://example.invalid/s", timeout=2).json()


# ok: toplevel_network, has_toplevel_network
SESSION = requests.Session()
# Known gap: any module-level assignment counts, so a string constant that
# quotes a call matches (toplevel_process requires a call on the right).
# todook: toplevel_network, has_toplevel_network
DOC = "requests.get('https://example.invalid/') is how you fetch"


def fetch(url):
    # ok: toplevel_network, has_toplevel_network
    return requests.get(url, timeout=5)


# ok: toplevel_network, has_toplevel_network
if __name__ == "__main__":
    fetch("https://example.invalid/")

# ok: toplevel_network, has_toplevel_network
try:
    from ._fast import get
except ImportError:
    def get(url):
        return urllib.request.urlopen(url, timeout=5).read()
