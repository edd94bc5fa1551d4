# canary-test: path=google/auth/compute_engine/_metadata.py artifact=wheel
# An SDK fetching its own token: no collector named.
import requests

_URL = "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token"


def get_token():
    return requests.get(_URL, headers={"Metadata-Flavor": "Google"}).json()
# ok: CLOUD_TOKEN_TO_COLLECTOR
