# canary-test: path=mytool/completion.py artifact=wheel
# An installer helper that only tells the user what to add to their shell rc,
# and a scheduled-job helper that only documents cron: references, no action.
import os

HINT = "Add this line to ~/.bashrc to enable completion"


def rc_path():
    # ruleid: AUTOSTART_LOCATION_REFERENCE, autostart_locations
    return os.path.join(os.path.expanduser("~"), ".bashrc")


def read_rc():
    # ok: file_writes
    with open(rc_path()) as f:
        return f.read()


# ruleid: AUTOSTART_LOCATION_REFERENCE, autostart_locations
CRON_DIR = "/etc/cron.d"
# ok: AUTOSTART_REGISTRATION, PERSISTENCE_WITH_PAYLOAD, PERSISTENCE_AT_INSTALL_OR_IMPORT
