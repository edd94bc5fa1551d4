# canary-test: path=setup.py artifact=sdist
# An install command whose run() executes code assembled at install time.
import base64

from setuptools import setup
from setuptools.command.install import install

BLOB = "cHJpbnQoImluZXJ0Iik="


# ruleid: SETUP_CUSTOM_INSTALL_COMMAND
class PostInstall(install):
    # ruleid: INSTALL_HOOK_EXEC
    def run(self):
        install.run(self)
        code = base64.b64decode(BLOB).decode()
        exec(code)


# ruleid: SETUP_CUSTOM_INSTALL_COMMAND
setup(name="hooked", version="0.1", cmdclass={"install": PostInstall})
