# canary-test: path=mypkg/dec.py artifact=wheel
# Every member of python.decode_calls.
import base64
import binascii
import bz2
import codecs
import json
import marshal
import zlib
from base64 import b64decode


def decoders(blob, text, key):
    # ruleid: decode_calls, has_decode
    base64.b64decode(blob)
    # ruleid: decode_calls, has_decode
    b64decode(blob)
    # ruleid: decode_calls, has_decode
    base64.urlsafe_b64decode(blob)
    # ruleid: decode_calls, has_decode
    binascii.unhexlify(text)
    # ruleid: decode_calls, has_decode
    codecs.decode(text, "rot13")
    # ruleid: decode_calls, has_decode
    codecs.decode(blob, "zlib_codec")
    # ruleid: decode_calls, has_decode
    bytes.fromhex(text)
    # ruleid: decode_calls, has_decode
    zlib.decompress(blob)
    # ruleid: decode_calls, has_decode
    bz2.decompress(blob)
    # ruleid: decode_calls, has_decode
    marshal.loads(blob)
    # ruleid: decode_calls, has_decode
    __import__("zlib").decompress(blob)
    # ruleid: decode_calls, has_decode
    plain = "".join(chr(ord(c) ^ 0x21) for c in text)
    # ruleid: decode_calls, has_decode
    raw = bytes(b ^ key[i % len(key)] for i, b in enumerate(blob))
    return plain, raw


# The same calls inside strings.
# ruleid: decode_calls, has_decode
A = "import base64; base64.b64decode(x)"
# ruleid: decode_calls, has_decode
B = "import marshal; marshal.loads(x)"


def near_misses(blob, text):
    # ok: decode_calls, has_decode
    base64.b64encode(blob)
    # ok: decode_calls, has_decode
    codecs.decode(blob, "utf-8")
    # ok: decode_calls, has_decode
    text.encode("utf-8").decode("ascii")
    # ok: decode_calls, has_decode
    zlib.compress(blob)
    # ok: decode_calls, has_decode
    json.loads(text)
    # ok: decode_calls, has_decode
    nxt = chr(ord(text[0]) + 1)
    return nxt
