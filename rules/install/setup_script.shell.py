# canary-test: path=setup.py artifact=sdist
# Shell command strings at install time.
import os
import subprocess

from setuptools import setup

# ruleid: SETUP_SHELL_AT_INSTALL
os.system("make -C native > /dev/null")
# ruleid: SETUP_SHELL_AT_INSTALL
subprocess.check_call("cd native && ./configure", shell=True)
# ruleid: SETUP_SHELL_AT_INSTALL
subprocess.check_call(["sh", "-c", "echo inert"])
# ruleid: SETUP_SHELL_AT_INSTALL
_uname = subprocess.getoutput("uname -a")

setup(name="shelly", version="0.1")
# ok: SETUP_RUNS_PROCESS
_ = None
