# canary-test: path=walletlib/rpc.py
# A wallet library: signs locally, sends the signed transaction and addresses.
import json

import requests


def send_raw(rpc_url, signed_tx):
    payload = {"jsonrpc": "2.0", "method": "eth_sendRawTransaction", "params": [signed_tx], "id": 1}
    # ok: WALLET_SECRET_SENT
    return requests.post(rpc_url, data=json.dumps(payload), timeout=10)


def balance(rpc_url, address):
    # ok: WALLET_SECRET_SENT
    return requests.post(rpc_url, json={"method": "eth_getBalance", "params": [address, "latest"]})


def load(path):
    # A private key read from a local file, never sent.
    with open(path) as f:
        # ok: WALLET_SECRET_SENT
        return json.load(f).get("private_key")
