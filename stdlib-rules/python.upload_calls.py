# canary-test: path=mypkg/upload.py artifact=wheel
# Every member of python.upload_calls.
import ftplib
import smtplib
import urllib.request
from urllib import request
from urllib.request import Request, urlopen

import httpx
import requests


def uploads(url, body, conn, smtp: smtplib.SMTP, ftp: ftplib.FTP, f):
    # ruleid: upload_calls, has_upload
    requests.post(url, data=body)
    # ruleid: upload_calls, has_upload
    httpx.put(url, content=body)
    # ruleid: upload_calls, has_upload
    urlopen(url, body)
    # ruleid: upload_calls, has_upload
    req = Request(url, body)
    # ruleid: upload_calls, has_upload
    urllib.request.urlopen(url, body)
    # ruleid: upload_calls, has_upload
    req2 = request.Request(url, body)
    # ruleid: upload_calls, has_upload
    urlopen(url, data=body)
    # ruleid: upload_calls, has_upload
    req3 = Request(url, method="POST")
    # ruleid: upload_calls, has_upload
    conn.request("POST", "/collect", body)
    # ruleid: upload_calls, has_upload
    smtp.sendmail("a@example.invalid", ["b@example.invalid"], body)
    # ruleid: upload_calls, has_upload
    ftp.storbinary("STOR x", f)
    return req, req2, req3


def downloads(url, pool, conn):
    # ok: upload_calls, has_upload
    requests.get(url, timeout=5)
    # ok: upload_calls, has_upload
    pool.urlopen("GET", url)
    # ok: upload_calls, has_upload
    conn.request("GET", "/")
    # ok: upload_calls, has_upload
    urlopen(url)
    # ok: upload_calls, has_upload
    req = Request(url, method="GET")
    return req
