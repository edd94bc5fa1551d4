# canary-test: path=mypkg/_compat.py artifact=wheel
# Decode into a variable at module level, then exec it: runs on import.
import base64

_BLOB = "cHJpbnQoImluZXJ0Iik="
# ruleid: MODULE_LEVEL_EXEC_WITH_DECODE
_code = base64.b64decode(_BLOB).decode()
# ruleid: MODULE_LEVEL_EXEC_WITH_DECODE
exec(_code)

# ok: EXEC_BASE64_DECODED, DECODE_AND_EXEC_IN_FILE
_ = None
