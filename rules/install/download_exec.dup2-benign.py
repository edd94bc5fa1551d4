# canary-test: path=mypkg/daemon.py artifact=wheel
# Daemonising: standard streams go to /dev/null, and a pty runs a program.
import os
import pty


def daemonize():
    with open(os.devnull, "rb+") as null:
        # ok: REVERSE_SHELL
        os.dup2(null.fileno(), 0)
        # ok: REVERSE_SHELL
        os.dup2(null.fileno(), 1)


def record(argv):
    # ok: REVERSE_SHELL
    return pty.spawn(argv)
