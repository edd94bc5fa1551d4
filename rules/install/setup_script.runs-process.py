# canary-test: path=setup.py artifact=sdist
# Argument-list subprocess calls: compilers and git describe (low on their own).
import subprocess

from setuptools import setup


def version():
    # ruleid: SETUP_RUNS_PROCESS
    return subprocess.check_output(["git", "describe", "--tags"], text=True).strip()


# ruleid: SETUP_RUNS_PROCESS
subprocess.run(["cmake", "-S", "native", "-B", "build"], check=True)
# shell=False is not a shell.
# ok: SETUP_SHELL_AT_INSTALL
# ruleid: SETUP_RUNS_PROCESS
subprocess.run(["cmake", "--build", "build"], shell=False, check=True)

setup(name="native", version=version())
