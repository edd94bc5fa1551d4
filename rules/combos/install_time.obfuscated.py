# canary-test: path=setup.py artifact=sdist
# Obfuscated setup.py that runs what it decodes (decodes to `print("inert")`).
import base64

from setuptools import setup

exec(base64.b64decode("cHJpbnQoImluZXJ0Iik="))
setup(name="x", version="1")
# ruleid: SETUP_OBFUSCATED_WITH_CAPABILITY
