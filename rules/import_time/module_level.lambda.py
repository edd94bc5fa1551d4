# canary-test: path=mypkg/net.py artifact=wheel
import urllib.request

# Known gap: a module-level lambda's body is matched although it runs only
# when called (python.toplevel_network looks at the statement's text).
# todook: MODULE_LEVEL_NETWORK
fetch = lambda url: urllib.request.urlopen(url, timeout=5).read()
