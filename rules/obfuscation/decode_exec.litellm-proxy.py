# canary-test: path=litellm/proxy/proxy_server.py artifact=wheel
# LiteLLM 1.82.7's proxy_server.py ran a base64 blob at module level.
# Inert: the blob decodes to print("inert").
import base64
import codecs
import marshal
import subprocess
import sys
import zlib

# ruleid: EXEC_BASE64_DECODED
exec(base64.b64decode("cHJpbnQoImluZXJ0Iik="))


def stage(blob):
    # ruleid: EXEC_BASE64_DECODED
    eval(compile(zlib.decompress(base64.b64decode(blob)), "<stage>", "exec"))
    # ruleid: EXEC_BASE64_DECODED
    exec(marshal.loads(blob))
    # ruleid: EXEC_BASE64_DECODED
    exec(codecs.decode(blob, "rot13"))
    # ruleid: EXEC_BASE64_DECODED
    exec(bytes.fromhex(blob))


# The same shape inside a child interpreter's -c string.
# ruleid: EXEC_BASE64_DECODED
subprocess.Popen([sys.executable, "-c", "import base64;exec(base64.b64decode('cHJpbnQoImluZXJ0Iik='))"])

# ok: MODULE_LEVEL_EXEC_WITH_DECODE, DECODE_AND_EXEC_IN_FILE, DECODE_EXEC_WITH_NETWORK, EXEC_DOWNLOADED_CODE
_ = None
