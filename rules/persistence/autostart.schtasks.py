# canary-test: path=mypkg/win.py artifact=wheel
# A scheduled task at logon, started hidden. Inert: never called.
import subprocess


def persist(exe):
    # ruleid: AUTOSTART_REGISTRATION, PERSISTENCE_WITH_PAYLOAD, autostart_commands, persistence_payload
    subprocess.run(["schtasks", "/create", "/sc", "onlogon", "/tn", "Updater", "/tr", exe + " -WindowStyle Hidden"])


def startup_copy(src):
    # ruleid: AUTOSTART_REGISTRATION, PERSISTENCE_WITH_PAYLOAD, autostart_locations
    dst = os.path.join(os.environ["APPDATA"], r"Microsoft\Windows\Start Menu\Programs\Startup", "u.bat")
    # ruleid: file_writes, AUTOSTART_REGISTRATION, PERSISTENCE_WITH_PAYLOAD
    open(dst, "w").write(src)
# ok: AUTOSTART_LOCATION_REFERENCE, PERSISTENCE_AT_INSTALL_OR_IMPORT
