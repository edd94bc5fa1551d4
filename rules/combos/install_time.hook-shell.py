# canary-test: path=setup.py artifact=sdist
import os
import urllib.request

from setuptools import setup
from setuptools.command.develop import develop


class PostDevelop(develop):
    def run(self):
        develop.run(self)
        os.system("echo inert")
        urllib.request.urlopen("https://example.invalid/x")


setup(name="x", version="1", cmdclass={"develop": PostDevelop})
# ruleid: INSTALL_HOOK_WITH_SHELL, SETUP_NETWORK_AND_SHELL, INSTALL_HOOK_WITH_NETWORK
