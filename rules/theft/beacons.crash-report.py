# canary-test: path=reporter/crash.py artifact=wheel
# A crash reporter: host name and one variable, posted on request.
import os
import socket

import requests


def report(exc):
    payload = {"host": socket.gethostname(), "release": os.environ.get("APP_RELEASE"), "error": str(exc)}
    requests.post("https://errors.example.invalid/api", json=payload)
# ok: HOST_PROFILE_UPLOAD
