# canary-test: path=setup.py artifact=sdist
# Downloads piped into tar or a checksum tool are not run as code.
import os

from setuptools import setup

# ok: SETUP_DOWNLOAD_AND_EXECUTE
os.system("curl -sL https://example.invalid/src.tar.gz | tar xz -C native")
# ok: SETUP_DOWNLOAD_AND_EXECUTE
os.system("curl -sL https://example.invalid/src.tar.gz | shasum -a 256")
# ok: SETUP_DOWNLOAD_AND_EXECUTE
os.system("wget -q https://example.invalid/data.csv; sh scripts/check.sh")

setup(name="vendored", version="1.0")
