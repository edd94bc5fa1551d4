# canary-test: path=cloudsdk/config.py artifact=wheel
# An SDK reading its own credentials file and calling its API in functions:
# a low-severity reference, not theft.
import configparser
import os

import requests

# ruleid: CREDENTIAL_FILE_REFERENCE
# ok: CREDENTIAL_PATH_ACCESS, CREDENTIAL_EXFILTRATION
CREDENTIALS = os.path.join(os.path.expanduser("~"), ".aws", "credentials")


def load(profile="default"):
    parser = configparser.ConfigParser()
    parser.read(CREDENTIALS)
    return dict(parser[profile])


def regions():
    return requests.get("https://example.invalid/regions", timeout=10).json()
