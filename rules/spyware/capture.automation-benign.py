# canary-test: path=guitool/helpers.py artifact=wheel
# Ordinary automation helpers: one capability, inside functions, no upload,
# no addresses. Only the low capability rule may fire.
import pyautogui
import pyperclip


def screenshot_to(path):
    # ruleid: SCREEN_CAPTURE, screen_capture
    pyautogui.screenshot(path)


def copy_result(text):
    # ok: CLIPBOARD_READ, CLIPBOARD_CRYPTO_SWAP
    # ruleid: clipboard_write
    pyperclip.copy(text)
# ok: SPYWARE_WITH_UPLOAD, SPYWARE_TO_EXFIL_SERVICE, SPYWARE_AT_IMPORT, SPYWARE_MULTIPLE_CAPTURES
