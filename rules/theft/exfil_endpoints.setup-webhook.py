# canary-test: path=setup.py artifact=sdist
from setuptools import setup

# ruleid: SETUP_EXFIL_ENDPOINT
HOOK = "https://discord.com/api/webhooks/000/inert"
# ok: SETUP_EXFIL_ENDPOINT
HOME = "https://example.invalid/project"
setup(name="x", version="1")
