# Marshalled bytecode shipped inside base64 of zlib, run with marshal.loads.
import base64
import marshal
import zlib

# ruleid: MARSHAL_BLOB
_code = "eJx7zIAEmIHYAYg/cwCJ6QwpDMEMmox+mowMWAAAlaAEEg=="
exec(marshal.loads(zlib.decompress(base64.b64decode(_code))))

