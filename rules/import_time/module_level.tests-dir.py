# canary-test: path=mypkg/tests/test_live.py artifact=wheel
# Test modules shipped in a package talk to servers at module level legitimately.
import requests

# ok: MODULE_LEVEL_NETWORK, MODULE_LEVEL_PYTHON_SPAWN
RESPONSE = requests.get("https://example.invalid/fixture.json", timeout=2)
