# canary-test: path=mypkg/de.py artifact=wheel
# Every member of python.decoded_exec (blobs decode to print("inert")).
import base64
import codecs
import marshal
import zlib


def runs(blob):
    # ruleid: decoded_exec
    exec(base64.b64decode(blob))
    # ruleid: decoded_exec
    eval(zlib.decompress(base64.b64decode(blob)))
    # ruleid: decoded_exec
    exec(codecs.decode(blob, "rot13"))
    # ruleid: decoded_exec
    exec(compile(marshal.loads(blob), "<m>", "exec"))


# Inside strings handed to an interpreter.
# ruleid: decoded_exec
A = "import base64;exec(base64.b64decode('cHJpbnQoImluZXJ0Iik='))"
# ruleid: decoded_exec
B = "exec(__import__('zlib').decompress(x))"
# ruleid: decoded_exec
C = "import marshal;exec(marshal.loads(x))"


def near_misses(blob, path):
    code = base64.b64decode(blob)
    # ok: decoded_exec
    exec(code)
    # ok: decoded_exec
    exec(open(path).read())
    # ok: decoded_exec
    return codecs.decode(blob, "utf-8"), eval("1 + 1")
