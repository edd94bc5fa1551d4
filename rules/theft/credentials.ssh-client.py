# canary-test: path=sshlib/client.py artifact=wheel
# An SSH client: reads the user's key and opens sockets, uploads nothing.
import os
import socket

# ruleid: CREDENTIAL_FILE_REFERENCE
# ok: CREDENTIAL_EXFILTRATION, CREDENTIAL_PATH_ACCESS
DEFAULT_KEY = os.path.expanduser("~/.ssh/id_ed25519")


def connect(host, port=22):
    sock = socket.create_connection((host, port), timeout=10)
    return sock
