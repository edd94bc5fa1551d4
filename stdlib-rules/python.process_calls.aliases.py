# canary-test: path=mypkg/alias.py artifact=wheel
from os import system as _s
from subprocess import run as _r


def hidden(cmd):
    # Known gap: import aliases defeat the call-shape queries.
    # todoruleid: process_calls
    _s(cmd)
    # todoruleid: process_calls
    _r(["true"])
