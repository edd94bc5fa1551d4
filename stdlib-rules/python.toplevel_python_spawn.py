# canary-test: path=mypkg/tl_py.py artifact=wheel
# python.toplevel_python_spawn: a Python interpreter started on import.
import os
import subprocess
import sys
from os import system
from sys import executable

# ruleid: toplevel_python_spawn
subprocess.Popen([sys.executable, "-c", "print('inert')"])
# ruleid: toplevel_python_spawn
os.system("pythonw payload.pyw")
# ruleid: toplevel_python_spawn
system(f"start {executable} payload.py")
# ruleid: toplevel_python_spawn
if sys.platform == "linux":
    subprocess.Popen(["python3", "-c", "print('inert')"])

# ok: toplevel_python_spawn
subprocess.run(["uname", "-a"])


def pip_version():
    # ok: toplevel_python_spawn
    return subprocess.run([sys.executable, "-m", "pip", "--version"])
