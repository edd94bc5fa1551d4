# canary-test: path=mypkg/agent.py artifact=wheel
# macOS launch agent and shell rc persistence inside functions, with a hidden
# interpreter (no console window). Inert: nothing here is called.
import os
import subprocess


def add_agent(plist):
    # ruleid: autostart_locations, AUTOSTART_REGISTRATION, PERSISTENCE_WITH_PAYLOAD
    path = os.path.expanduser("~/Library/LaunchAgents/com.example.agent.plist")
    # ruleid: file_writes, AUTOSTART_REGISTRATION, PERSISTENCE_WITH_PAYLOAD
    with open(path, "w") as f:
        f.write(plist)
    # ruleid: autostart_commands, AUTOSTART_REGISTRATION, PERSISTENCE_WITH_PAYLOAD
    subprocess.run(["launchctl", "load", path])


def add_rc():
    # ruleid: autostart_locations, autostart_commands, AUTOSTART_REGISTRATION, PERSISTENCE_WITH_PAYLOAD
    os.system('echo "pythonw -m mypkg.agent &" >> ~/.bashrc')
# ok: AUTOSTART_LOCATION_REFERENCE, PERSISTENCE_AT_INSTALL_OR_IMPORT
