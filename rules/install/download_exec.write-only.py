# canary-test: path=fetcher/cache.py artifact=wheel
# Download to a cache and run a fixed tool: no saved file is executed.
import subprocess

import requests


def fetch(url, path):
    response = requests.get(url)
    with open(path, "wb") as f:
        f.write(response.content)
    subprocess.run(["gzip", "-t", "archive.gz"])
# ok: DOWNLOAD_WRITE_RUN
