# canary-test: path=mylib/endpoints.py artifact=wheel
# URLs handled at module level without contacting them.
from urllib.parse import urlparse

import requests

BASE = urlparse("https://api.example.invalid/v1")
# ok: MODULE_LEVEL_CALL_WITH_URL
print("https://example.invalid/docs")


def fetch():
    return requests.get(BASE.geturl())
