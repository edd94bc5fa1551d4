# canary-test: path=setup.py artifact=sdist
# An install command that installs an extra with pip: not matched.
import subprocess
import sys

from setuptools import setup
from setuptools.command.install import install


class CustomInstall(install):
    def run(self):
        subprocess.check_call([sys.executable, "-m", "pip", "install", "example-extra"])
        install.run(self)


setup(name="x", version="1", cmdclass={"install": CustomInstall})
# ok: INSTALL_HOOK_RUNS_PYTHON
