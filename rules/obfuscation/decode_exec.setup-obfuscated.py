# canary-test: path=setup.py artifact=sdist
# setup.py hiding what it does.
import base64
import builtins

from setuptools import setup

# ruleid: SETUP_OBFUSCATED
_cfg = base64.b64decode("cHJpbnQoImluZXJ0Iik=")
# ruleid: SETUP_OBFUSCATED
_run = getattr(builtins, "print")("\x69\x6e\x65\x72\x74\x20\x66\x69\x78\x74\x75\x72\x65\x20\x74\x65\x78\x74\x2c\x20\x6e\x6f\x74\x68\x69\x6e\x67\x20\x74\x6f\x20\x72\x75\x6e\x20\x68\x65\x72\x65\x2e")
# ruleid: SETUP_OBFUSCATED
_x = exec

setup(name="hidden", version="0.1")
