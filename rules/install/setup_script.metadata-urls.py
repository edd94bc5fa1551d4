# canary-test: path=setup.py artifact=sdist
# URLs in metadata and reading the README are not network access.
import pathlib

from setuptools import setup

setup(
    name="plain",
    version="1.0",
    # ok: SETUP_NETWORK_AT_INSTALL
    url="https://example.invalid/plain",
    project_urls={"Source": "https://example.invalid/plain/src"},
    # ok: SETUP_NETWORK_AT_INSTALL
    long_description=pathlib.Path("README.md").read_text(),
    install_requires=["requests>=2"],
)
# Known gap: the network set's text regexes (there for code hidden in strings)
# also read comments, and setup.py is enough context for the rule.
# todook: SETUP_NETWORK_AT_INSTALL
# we no longer call urllib.request.urlopen( at build time
