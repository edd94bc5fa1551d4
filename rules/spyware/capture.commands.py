# canary-test: path=guitool/platform.py artifact=wheel
# Capture through external commands and the other libraries' spellings.
import subprocess

import mss
from pynput.keyboard import Listener


def on_hotkey(cb):
    # ruleid: KEYSTROKE_CAPTURE, SPYWARE_MULTIPLE_CAPTURES, keystroke_capture
    return Listener(on_press=cb)


def paste_via_command():
    # ruleid: CLIPBOARD_READ, SPYWARE_MULTIPLE_CAPTURES, clipboard_read
    return subprocess.run(["xclip", "-selection", "clipboard", "-o"], capture_output=True).stdout


def paste_text():
    # ruleid: CLIPBOARD_READ, SPYWARE_MULTIPLE_CAPTURES, clipboard_read
    return subprocess.check_output("xsel --clipboard --output", shell=True)


def paste_mac():
    # ruleid: CLIPBOARD_READ, SPYWARE_MULTIPLE_CAPTURES, clipboard_read
    return subprocess.check_output(["pbpaste"])


def copy_mac(text):
    # ruleid: clipboard_write
    subprocess.run(["pbcopy"], input=text)


def grab():
    # ruleid: SCREEN_CAPTURE, SPYWARE_MULTIPLE_CAPTURES, screen_capture
    with mss.mss() as sct:
        return sct.shot()


def grab_mac(path):
    # ruleid: SCREEN_CAPTURE, SPYWARE_MULTIPLE_CAPTURES, screen_capture
    subprocess.run(["screencapture", "-x", path])
# ok: SPYWARE_WITH_UPLOAD, SPYWARE_TO_EXFIL_SERVICE, SPYWARE_AT_IMPORT, CLIPBOARD_CRYPTO_SWAP
