# canary-test: path=mypkg/inventory.py artifact=wheel
# Two credential families in one file (an SDK reads only its own): a sweep,
# though nothing here sends it anywhere.
import os
import pathlib

HOME = pathlib.Path.home()
# ruleid: CREDENTIAL_PATH_ACCESS
# ok: CREDENTIAL_FILE_REFERENCE, CREDENTIAL_EXFILTRATION
SSH_KEY = HOME / ".ssh" / "id_rsa"
# ruleid: CREDENTIAL_PATH_ACCESS
AWS = os.path.join(str(HOME), ".aws", "credentials")


def present():
    return [str(p) for p in (SSH_KEY, AWS) if os.path.exists(p)]
