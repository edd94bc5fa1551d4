# canary-test: path=mypkg/__init__.py artifact=wheel
# A package that, on import, writes a systemd user unit and enables it.
# Inert: everything is written under a temporary directory standing in for the
# home directory, and the systemctl call sits behind a flag that is never set.
import os
import subprocess
import tempfile

_HOME = tempfile.mkdtemp()
# ruleid: autostart_locations, AUTOSTART_REGISTRATION, PERSISTENCE_AT_INSTALL_OR_IMPORT
_UNIT_DIR = os.path.join(_HOME, ".config", "systemd", "user")
os.makedirs(_UNIT_DIR, exist_ok=True)
# ruleid: file_writes, AUTOSTART_REGISTRATION, PERSISTENCE_AT_INSTALL_OR_IMPORT
with open(os.path.join(_UNIT_DIR, "example.service"), "w") as _f:
    _f.write("[Service]\nExecStart=/usr/bin/true\n")
_ENABLE = False
# ruleid: PERSISTENCE_AT_INSTALL_OR_IMPORT
if _ENABLE:
    # ruleid: AUTOSTART_REGISTRATION, PERSISTENCE_AT_INSTALL_OR_IMPORT, autostart_commands
    subprocess.run(["systemctl", "--user", "enable", "example.service"])
# ok: PERSISTENCE_WITH_PAYLOAD, AUTOSTART_LOCATION_REFERENCE
