# canary-test: path=mylib/log.py artifact=wheel
# A logging handler: host name and a network call, both inside functions.
import socket

import requests


def ship(record):
    host = socket.gethostname()
    requests.post("https://logs.example.invalid/ingest", json={"host": host, "msg": record})
# ok: IMPORT_TIME_RECON, RECON_TO_COLLECTOR
