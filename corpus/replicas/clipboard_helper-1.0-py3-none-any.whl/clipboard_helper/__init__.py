"""Copy and paste from Python (replica of an ordinary clipboard library)."""
import platform
import subprocess


def paste():
    if platform.system() == "Darwin":
        return subprocess.check_output(["pbpaste"]).decode()
    return subprocess.check_output(["xclip", "-selection", "clipboard", "-o"]).decode()


def copy(text):
    if platform.system() == "Darwin":
        subprocess.run(["pbcopy"], input=text.encode(), check=True)
    else:
        subprocess.run(["xclip", "-selection", "clipboard"], input=text.encode(), check=True)
