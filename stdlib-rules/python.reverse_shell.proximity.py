# canary-test: path=mypkg/serve.py artifact=wheel
import os
import socket


def serve(null):
    s = socket.socket()
    s.connect(("example.invalid", 80))
    # Known gap: a dup2 of another file shortly after a tuple connect also
    # matches; the regex cannot tell which descriptor was connected.
    # todook: reverse_shell
    os.dup2(null.fileno(), 1)
    return s
