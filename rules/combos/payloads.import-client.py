# canary-test: path=client/__init__.py artifact=wheel
# A client that names a webhook service in a function: nothing at import.
import requests


def notify(url="https://discord.com/api/webhooks/000/inert"):
    return requests.post(url, json={"content": "hi"})
# ok: IMPORT_TIME_NETWORK_TO_COLLECTOR
