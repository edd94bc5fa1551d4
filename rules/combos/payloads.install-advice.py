# canary-test: path=tool/hints.py artifact=wheel
# Printed advice, nothing run.
HINT = "Install it with: curl -sSf https://example.invalid/install.sh | sh"


def hint():
    print(HINT)
# ok: DOWNLOAD_COMMAND_RUN
