# canary-test: path=mypkg/daemon.py artifact=wheel
# dup2 without a connect before it, and a pty running a program.
import os
import pty


def daemon(null):
    # ok: reverse_shell
    os.dup2(null.fileno(), 1)
    # ok: reverse_shell
    pty.spawn(["ls", "-l"])
