# canary-test: path=mypkg/__init__.py feed=../../hashfeeds/testdata/ioc-test.toml
# Code that names indicators of the test feed (reserved names only).
import urllib.request

C2 = "https://api.beacon.example.invalid/collect"
STAGE2 = "HTTP://192.0.2.7/stage2.bin"
# ruleid: KNOWN_BAD_IOC
# ok: KNOWN_BAD_IOC_IN_DATA, KNOWN_BAD_FILE, KNOWN_BAD_ARTIFACT
