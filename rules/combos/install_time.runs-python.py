# canary-test: path=setup.py artifact=sdist
# The install command runs a module of the package (inert module name).
import subprocess
import sys

from setuptools import setup
from setuptools.command.install import install


class CustomInstall(install):
    def run(self):
        install.run(self)
        subprocess.run([sys.executable, "-m", "inert_pkg.my_module"])


setup(name="x", version="1", cmdclass={"install": CustomInstall})
# ruleid: INSTALL_HOOK_RUNS_PYTHON
