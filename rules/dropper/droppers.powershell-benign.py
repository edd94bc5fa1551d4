# canary-test: path=winrm_client/shell.py artifact=wheel
# A remote-management client that passes scripts as -EncodedCommand: the
# technique alone is medium, nothing makes it high here.
import base64


def encode(script):
    return base64.b64encode(script.encode("utf-16-le")).decode()


def command_line(script):
    # ruleid: POWERSHELL_ENCODED_COMMAND, powershell_encoded
    return "powershell -NoProfile -NonInteractive -EncodedCommand %s" % encode(script)
# ok: POWERSHELL_ENCODED_HIDDEN, LOLBIN_DOWNLOAD
