# canary-test: path=mypkg/env.py artifact=wheel
# Every member of recon.environment_harvest.
import json
import os

# ruleid: environment_harvest, has_environment_harvest
env = os.environ
# ruleid: environment_harvest, has_environment_harvest
for key, value in os.environ.items():
    pass
# ruleid: environment_harvest, has_environment_harvest
blob = json.dumps(os.environ)
# ruleid: environment_harvest, has_environment_harvest
out = os.popen("env").read()
# ok: environment_harvest, has_environment_harvest
home = os.environ["HOME"]
# ok: environment_harvest, has_environment_harvest
path = os.environ.get("PATH", "")
# ok: environment_harvest, has_environment_harvest
child_env = os.environ.copy()
# ruleid: environment_harvest, has_environment_harvest
payload = {"hostname": "h", "environment_variables": dict(os.environ)}
# ok: environment_harvest, has_environment_harvest
child = {"env": os.environ.get("HOME")}
