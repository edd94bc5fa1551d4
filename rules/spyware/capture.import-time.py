# canary-test: path=mypkg/__init__.py artifact=wheel
# Capture as a side effect of import (inert here: nothing records anywhere).
import keyboard
from PIL import ImageGrab

# ruleid: SPYWARE_AT_IMPORT, KEYSTROKE_CAPTURE, SPYWARE_MULTIPLE_CAPTURES, keystroke_capture
keyboard.on_press(lambda e: None)
# ruleid: SPYWARE_AT_IMPORT, SCREEN_CAPTURE, SPYWARE_MULTIPLE_CAPTURES, screen_capture
shot = ImageGrab.grab()

if __name__ == "__main__":
    # ruleid: SCREEN_CAPTURE, SPYWARE_MULTIPLE_CAPTURES, screen_capture
    # ok: SPYWARE_AT_IMPORT
    ImageGrab.grab().save("example.png")
