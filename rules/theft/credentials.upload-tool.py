# canary-test: path=uploader/settings.py artifact=wheel
# An upload tool (twine-like): reads ~/.pypirc and POSTs distributions.
import configparser
import os

import requests

# ok: CREDENTIAL_EXFILTRATION, CREDENTIAL_FILE_REFERENCE, CREDENTIAL_PATH_ACCESS
PYPIRC = os.path.join(os.path.expanduser("~"), ".pypirc")


def upload(path, repository):
    config = configparser.ConfigParser()
    config.read(PYPIRC)
    with open(path, "rb") as f:
        # ok: CREDENTIAL_EXFILTRATION
        return requests.post(repository, files={"content": f}, timeout=60)
