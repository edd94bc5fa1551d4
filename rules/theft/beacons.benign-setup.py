# canary-test: path=setup.py artifact=sdist
# A build that reads one variable and the host platform: no report.
import os
import platform

from setuptools import setup

debug = os.environ.get("DEBUG_BUILD")
system = platform.system()
setup(name="honest", version="1.0")
# ok: INSTALL_TIME_RECON, RECON_TO_COLLECTOR
