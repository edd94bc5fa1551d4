# canary-test: path=mypkg/tl_proc.py artifact=wheel
# python.toplevel_process: programs started on import.
import os
import subprocess
from os import system
from subprocess import Popen

# ruleid: toplevel_process
subprocess.run(["uname", "-a"], check=False)
# ruleid: toplevel_process
out = subprocess.check_output(["id"])
# ruleid: toplevel_process
Popen(["true"])
# ruleid: toplevel_process
system("true")
# ruleid: toplevel_process
if os.name == "nt":
    os.startfile("update.exe")


class Probe:
    # ruleid: toplevel_process
    gpu = subprocess.run(["nvidia-smi"], capture_output=True)


# Running git for a development version is the common legitimate case.
# ok: toplevel_process
rev = subprocess.check_output(["git", "rev-parse", "HEAD"])
# ok: toplevel_process
HELP = "os.system(cmd) is not called here"
# ok: toplevel_process
NULL = subprocess.DEVNULL


def run(argv):
    # ok: toplevel_process
    return subprocess.run(argv)


# ok: toplevel_process
if __name__ == "__main__":
    run(["true"])
