# canary-test: path=mypkg/net.py artifact=wheel
# Every member of python.network_calls (hosts are reserved names).
import ftplib
import http.client
import smtplib
import socket
import urllib.request
from urllib.request import urlopen as _uurlopen

import aiohttp
import httpx
import requests
import requests as r
import urllib3


def calls(url, sock):
    # ruleid: network_calls, has_network
    urllib.request.urlopen(url, timeout=5)
    # ruleid: network_calls, has_network
    _uurlopen(url)
    # ruleid: network_calls, has_network
    opener = urllib.request.build_opener()
    # ruleid: network_calls, has_network
    r.get("https://example.invalid/x")
    # ruleid: network_calls, has_network
    conn = http.client.HTTPSConnection("example.invalid")
    # ruleid: network_calls, has_network
    requests.post(url, data=b"x")
    # ruleid: network_calls, has_network
    client = httpx.Client()
    # ruleid: network_calls, has_network
    session = aiohttp.ClientSession()
    # ruleid: network_calls, has_network
    pool = urllib3.PoolManager()
    # ruleid: network_calls, has_network
    s = socket.socket()
    # ruleid: network_calls, has_network
    addr = socket.gethostbyname("inert.example.invalid")
    # ruleid: network_calls, has_network
    sock.connect(("example.invalid", 443))
    # ruleid: network_calls, has_network
    mail = smtplib.SMTP("example.invalid")
    # ruleid: network_calls, has_network
    ftp = ftplib.FTP("example.invalid")
    return opener, conn, client, session, pool, s, addr, mail, ftp


# The same calls written inside strings (code handed to an interpreter).
# ruleid: network_calls, has_network
A = "import urllib.request; urllib.request.urlopen('https://example.invalid/')"
# ruleid: network_calls, has_network
B = "import requests; requests.post('https://example.invalid/', data=d)"
# ruleid: network_calls, has_network
C = "import socket; socket.create_connection(('example.invalid', 80))"
# ruleid: network_calls, has_network
D = "import http.client; http.client.HTTPConnection('example.invalid')"


def near_misses(config, db, dsn):
    # ok: network_calls, has_network
    proxy = config.get("https_proxy")
    # ok: network_calls, has_network
    name = socket.getfqdn()
    # ok: network_calls, has_network
    db.connect(dsn)
    # ok: network_calls, has_network
    doc = "see requests.get(url) in the docs"
    # ok: network_calls, has_network
    base = "https://example.invalid/api"
    return proxy, name, doc, base
