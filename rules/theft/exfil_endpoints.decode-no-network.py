# canary-test: path=mypkg/config.py artifact=wheel
# Decoding a configured URL without any network call in the file.
import base64

server_url = base64.b64decode("aHR0cHM6Ly9leGFtcGxlLmludmFsaWQv").decode()
# ok: HIDDEN_NETWORK_ENDPOINT
