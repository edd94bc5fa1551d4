# canary-test: path=mypkg/updater.py artifact=wheel
# A Windows dropper: copies itself next to the user's files and adds a Run key
# value so it starts at every logon. Inert: install() is never called, the
# destination is a temporary directory, and the registry code only runs on
# Windows.
import os
import shutil
import sys
import tempfile

try:
    import winreg
except ImportError:  # not Windows
    winreg = None

# ruleid: AUTOSTART_REGISTRATION, PERSISTENCE_WITH_PAYLOAD, autostart_locations
RUN = r"Software\Microsoft\Windows\CurrentVersion\Run"


def install():
    dest = os.path.join(tempfile.mkdtemp(), "updater.exe")
    # ruleid: PERSISTENCE_WITH_PAYLOAD, persistence_payload
    shutil.copy(sys.argv[0], dest)
    if winreg is not None:
        key = winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN, 0, winreg.KEY_SET_VALUE)
        # ruleid: AUTOSTART_REGISTRATION, PERSISTENCE_WITH_PAYLOAD, autostart_commands
        winreg.SetValueEx(key, "Updater", 0, winreg.REG_SZ, dest)
# ok: AUTOSTART_LOCATION_REFERENCE, PERSISTENCE_AT_INSTALL_OR_IMPORT
