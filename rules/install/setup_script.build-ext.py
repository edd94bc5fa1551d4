# canary-test: path=setup.py artifact=sdist
# A compiled extension's setup.py: custom build_ext and sdist commands are
# ordinary build steps, not install hooks.
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.sdist import sdist


# ok: SETUP_CUSTOM_INSTALL_COMMAND
class BuildExt(build_ext):
    def build_extensions(self):
        self.compiler.compiler_so.append("-O2")
        super().build_extensions()


setup(
    name="fastthing",
    url="https://example.invalid/fastthing",
    download_url="https://example.invalid/fastthing/archive/1.0.tar.gz",
    ext_modules=[Extension("fastthing._core", ["src/core.c"])],
    # ok: SETUP_CUSTOM_INSTALL_COMMAND
    cmdclass={"build_ext": BuildExt, "sdist": sdist},
)
# ok: SETUP_NETWORK_AT_INSTALL, SETUP_SHELL_AT_INSTALL, SETUP_RUNS_PROCESS, INSTALL_HOOK_EXEC
_ = None
