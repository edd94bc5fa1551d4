# canary-test: path=mytool/check.py artifact=wheel
# -c and -m children next to network code: the ordinary shape of tools and tests.
import subprocess
import sys
import urllib.request


def probe():
    # ok: INLINE_PYTHON_WITH_NETWORK
    subprocess.run([sys.executable, "-c", "import ssl; print(ssl.OPENSSL_VERSION)"], check=True)
    # ok: INLINE_PYTHON_WITH_NETWORK
    subprocess.run([sys.executable, "-m", "pip", "--version"], check=True)
    # ok: INLINE_PYTHON_WITH_NETWORK
    return urllib.request.urlopen("https://example.invalid/health", timeout=5).status
