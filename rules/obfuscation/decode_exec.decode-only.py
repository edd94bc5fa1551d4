# canary-test: path=mypkg/codec.py artifact=wheel
# Decoding without any exec/eval/compile in the file.
import base64
import zlib


def unpack(blob):
    # ok: DECODE_AND_EXEC_IN_FILE, MODULE_LEVEL_EXEC_WITH_DECODE
    return zlib.decompress(base64.b64decode(blob))
