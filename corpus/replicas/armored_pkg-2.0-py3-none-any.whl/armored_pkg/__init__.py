# Replica of a PyArmor 7 obfuscated package initialiser. The byte string is a
# short placeholder, not an encrypted module, and pytransform here is a stub.
from .pytransform import pyarmor_runtime
pyarmor_runtime()
__pyarmor__(__name__, __file__, b'\x50\x59\x41\x52\x4d\x4f\x52\x00\x00\x03\x0b\x00')
