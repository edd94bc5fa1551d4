# canary-test: path=setup.py artifact=sdist
# An honest build: a build_ext command that runs the compiler with an argument list.
import subprocess

from setuptools import setup
from setuptools.command.build_ext import build_ext


class CMakeBuild(build_ext):
    def run(self):
        subprocess.check_call(["cmake", "--build", "."])


setup(name="x", version="1", cmdclass={"build_ext": CMakeBuild})
# ok: INSTALL_HOOK_WITH_NETWORK, INSTALL_HOOK_WITH_SHELL, SETUP_NETWORK_AND_SHELL, SETUP_OBFUSCATED_WITH_CAPABILITY
