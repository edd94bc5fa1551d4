# canary-test: path=setup.py artifact=sdist
# An ordinary setup.py: reading the README and decoding text is not obfuscation.
import codecs
import pathlib

from setuptools import setup

# ok: SETUP_OBFUSCATED
README = codecs.open("README.rst", encoding="utf-8").read()
# ok: SETUP_OBFUSCATED
NOTES = codecs.decode(pathlib.Path("NOTES").read_bytes(), "utf-8")
# ok: SETUP_OBFUSCATED
VERSION = pathlib.Path("VERSION").read_bytes().decode("ascii").strip()

setup(name="plain", version=VERSION, long_description=README)
