# canary-test: path=setup.py artifact=sdist
# An install command that reports to a server (inert host).
import urllib.request

from setuptools import setup
from setuptools.command.install import install


class PostInstall(install):
    def run(self):
        install.run(self)
        urllib.request.urlopen("https://example.invalid/installed")


setup(name="x", version="1", cmdclass={"install": PostInstall})
# ruleid: INSTALL_HOOK_WITH_NETWORK
# ok: INSTALL_HOOK_WITH_SHELL, SETUP_NETWORK_AND_SHELL, SETUP_OBFUSCATED_WITH_CAPABILITY
