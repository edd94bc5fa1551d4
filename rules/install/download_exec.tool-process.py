# canary-test: path=mytool/build.py artifact=wheel
# A build tool: runs programs and downloads from its own host, no payload URL.
import subprocess
import urllib.request

# ok: PAYLOAD_URL, DOWNLOAD_AND_EXECUTE
MIRROR = "https://example.invalid/releases/tool-1.0.tar.gz"


def fetch():
    # ok: DOWNLOAD_AND_EXECUTE
    return urllib.request.urlopen(MIRROR, timeout=30).read()


def build():
    # ok: DOWNLOAD_AND_EXECUTE
    subprocess.run(["make", "-j2"], check=True)
