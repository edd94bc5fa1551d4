# canary-test: path=mypkg/__init__.py artifact=wheel
# PyArmor 8's loader shape in a package __init__.py (placeholder blob).
# ruleid: PACKED_PYARMOR, PACKED_PYARMOR_AT_INSTALL, packer_loader
from pyarmor_runtime_000000 import __pyarmor__
# ruleid: PACKED_PYARMOR, PACKED_PYARMOR_AT_INSTALL, packer_loader
__pyarmor__(__name__, __file__, b'PY000000\x00\x03\x0b')
