# Replica of the loader shapes seen in obfuscated PyPI malware. Every payload
# here is print("inert").
import base64
import marshal
import zlib

# chr-join: the code is a list of code points
exec("".join(chr(c) for c in [112, 114, 105, 110, 116, 40, 34, 105, 110, 101, 114, 116, 34, 41]))

# reversed string
exec(')"treni"(tnirp'[::-1])

# zlib + marshal: compiled bytecode, compressed and base64-encoded
exec(marshal.loads(zlib.decompress(base64.b64decode("eJxLZkACzFD6swyQmM7AxJDKkMKwjJGBYTUjTAkjQwpjMIMm0y3WzLzUohI/TcZbrAVFmXklKxk+g+R/MdtU2P3isMnNTynNSbUrYgPrYWAoFgMSH5gZGRlvMLA2sDakN/K18DWAYRELUAoA/i4aow=="))))

# computed module names
_m = __import__("so"[::-1])
_f = getattr(_m, "dwcteg"[::-1])
