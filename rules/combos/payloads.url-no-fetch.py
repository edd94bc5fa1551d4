# canary-test: path=tool/install.py artifact=wheel
# Runs a tool and prints where to download it by hand: no fetch in the file.
import subprocess

URL = "https://example.invalid/tool-setup.exe"


def check():
    subprocess.run(["tool", "--version"])
    print("download it from " + URL)
# ok: PAYLOAD_FETCH_AND_RUN
