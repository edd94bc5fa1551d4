# canary-test: path=setup.py artifact=sdist
# An install command that calls distutils' execute() and parses a literal:
# neither is exec/eval.
import ast

from setuptools import setup
from setuptools.command.install import install


# ruleid: SETUP_CUSTOM_INSTALL_COMMAND
class Install(install):
    # ok: INSTALL_HOOK_EXEC
    def run(self):
        options = ast.literal_eval("{'fast': True}")
        self.execute(print, ("installing with", options), "reporting")
        install.run(self)


def configure(text):
    # ok: INSTALL_HOOK_EXEC
    return eval(text, {})


# ruleid: SETUP_CUSTOM_INSTALL_COMMAND
setup(name="plain", version="1.0", cmdclass={"install": Install})
