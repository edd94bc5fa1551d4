# canary-test: path=mypkg/client.py artifact=wheel
# Every member of recon.decoded_endpoints (the encoded text is example.invalid).
import base64
import requests

# ruleid: decoded_endpoints, has_decoded_endpoint
requests.get(base64.b64decode("aHR0cHM6Ly9leGFtcGxlLmludmFsaWQv").decode() + "k")
# ruleid: decoded_endpoints, has_decoded_endpoint
SERVER_URL = base64.b64decode("aHR0cHM6Ly9leGFtcGxlLmludmFsaWQv").decode()
# ok: decoded_endpoints, has_decoded_endpoint
requests.get("https://example.invalid/")
# ok: decoded_endpoints, has_decoded_endpoint
payload = base64.b64decode(requests.get("https://example.invalid/").content)
