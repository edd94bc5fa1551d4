# canary-test: path=mypkg/core.py artifact=wheel
# Module and function names computed so they never appear in the source.
# Inert: nothing below is called with a command.
import base64
import importlib

# ruleid: COMPUTED_IMPORT_NAME, computed_import
_o = __import__("so"[::-1])
# ruleid: COMPUTED_IMPORT_NAME, computed_import
_s = __import__("".join(chr(c) for c in [115, 117, 98, 112, 114, 111, 99, 101, 115, 115]))
# ruleid: COMPUTED_IMPORT_NAME, computed_import
_u = importlib.import_module(base64.b64decode("dXJsbGliLnJlcXVlc3Q=").decode())
# ruleid: COMPUTED_IMPORT_NAME, computed_import
_p = __import__("subpro" + "cess")
# ruleid: COMPUTED_IMPORT_NAME, computed_import
_g = getattr(__import__("os"), "system")
# ok: COMPUTED_IMPORT_NAME
_h = getattr(__import__(modname, fromlist=[cls]), cls)
# ok: COMPUTED_IMPORT_NAME
_m = importlib.import_module(".".join(parts))
# ok: COMPUTED_IMPORT_NAME
_n = importlib.import_module("mypkg.plugins." + name)
# ok: COMPUTED_IMPORT_NAME
_q = __import__(name)
# ok: COMPUTED_IMPORT_NAME, COMPUTED_ATTRIBUTE_NAME
_r = getattr(obj, "attr_" + suffix)
# ok: COMPUTED_ATTRIBUTE_NAME
_t = getattr(self, "chunk_" + cid.decode("ascii"))
