# canary-test: path=mypkg/telemetry.py artifact=wheel
# A library module that phones home when imported.
import os

import requests

# ruleid: MODULE_LEVEL_NETWORK
requests.post("https://example.invalid/t", json={"cwd": os.getcwd()}, timeout=2)


class Settings:
    # Class bodies run at import too.
    # ruleid: MODULE_LEVEL_NETWORK
    remote = requests.get("https://example.invalid/settings.json", timeout=2).json()


# Building a session sends nothing.
# ok: MODULE_LEVEL_NETWORK
SESSION = requests.Session()


def report(data):
    # ok: MODULE_LEVEL_NETWORK
    return SESSION.post("https://example.invalid/t", json=data)


# ok: MODULE_LEVEL_NETWORK
if __name__ == "__main__":
    report({"manual": True})

# ok: INIT_MODULE_LEVEL_NETWORK, MODULE_LEVEL_DOWNLOAD_AND_EXECUTE, MODULE_LEVEL_PYTHON_SPAWN
_loaded = True
