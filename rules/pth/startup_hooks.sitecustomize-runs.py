# canary-test: path=sitecustomize.py artifact=wheel
# A shipped sitecustomize that beacons at every interpreter start (inert:
# example.invalid never resolves and errors are swallowed).
import urllib.request

try:
    # ruleid: STARTUP_CUSTOMIZE_RUNS_CODE
    urllib.request.urlopen("https://example.invalid/start", timeout=1)
except Exception:
    pass
# ruleid: STARTUP_CUSTOMIZE_MODULE
