# canary-test: path=toolchain/installer.py artifact=wheel
# A tool that shows an installer command line and runs programs only when asked.
import subprocess

import requests

# ok: MODULE_LEVEL_DOWNLOAD_AND_EXECUTE
INSTALL_HINT = "curl --proto '=https' -sSf https://example.invalid/install.sh | sh"


def install():
    # ok: MODULE_LEVEL_DOWNLOAD_AND_EXECUTE
    subprocess.run(["sh", "-c", INSTALL_HINT], check=True)


def latest():
    # ok: MODULE_LEVEL_DOWNLOAD_AND_EXECUTE
    return requests.get("https://example.invalid/latest", timeout=10).text
