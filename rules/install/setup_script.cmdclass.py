# canary-test: path=setup.py artifact=sdist
"""setup.py that hooks `pip install` with its own install command.

Docs elsewhere write cmdclass={"install": Custom}; this docstring is not code.
"""
import pathlib

from setuptools import setup
from setuptools.command.develop import develop
from setuptools.command.install import install


# ruleid: SETUP_CUSTOM_INSTALL_COMMAND
class PostInstall(install):
    def run(self):
        install.run(self)
        pathlib.Path(self.install_lib, "marker.txt").write_text("inert")


# ruleid: SETUP_CUSTOM_INSTALL_COMMAND
class PostDevelop(develop):
    pass


setup(
    name="hooked",
    version="0.1",
    # ruleid: SETUP_CUSTOM_INSTALL_COMMAND
    cmdclass={"install": PostInstall},
)
# ok: SETUP_NETWORK_AT_INSTALL, SETUP_SHELL_AT_INSTALL, SETUP_RUNS_PROCESS, INSTALL_HOOK_EXEC, PYPROJECT_IN_TREE_BACKEND
_ = None
