# canary-test: path=mypkg/core.py artifact=wheel
# The shape of a PyArmor 7 obfuscated module (the blob here is a placeholder,
# not an encrypted payload).
# ruleid: PACKED_PYARMOR, packer_loader
from pytransform import pyarmor_runtime
# ruleid: PACKED_PYARMOR, packer_loader
pyarmor_runtime()
# ruleid: PACKED_PYARMOR, packer_loader
__pyarmor__(__name__, __file__, b'\x50\x59\x41\x52\x4d\x4f\x52\x00')
# ok: PACKED_PYARMOR_AT_INSTALL
