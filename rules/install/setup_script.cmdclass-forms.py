# canary-test: path=setup.py artifact=sdist
# The other ways of handing setup() an install-time command.
from setuptools import setup

import hooks

# ruleid: SETUP_CUSTOM_INSTALL_COMMAND
commands = {"egg_info": hooks.EggInfo}
# ruleid: SETUP_CUSTOM_INSTALL_COMMAND
commands["install"] = hooks.Install

setup(
    name="hooked",
    # ruleid: SETUP_CUSTOM_INSTALL_COMMAND
    cmdclass=dict(develop=hooks.Develop, **commands),
)
