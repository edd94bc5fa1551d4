# canary-test: path=mypkg/_loader.py artifact=wheel
# Decode into a variable inside a function, then exec it.
import base64


def load(blob):
    # ruleid: DECODE_AND_EXEC_IN_FILE
    code = base64.b64decode(blob)
    # Known gap: no data flow, so this is the medium DECODE_AND_EXEC_IN_FILE,
    # not the critical EXEC_BASE64_DECODED.
    # ruleid: DECODE_AND_EXEC_IN_FILE
    # todoruleid: EXEC_BASE64_DECODED
    exec(code)
