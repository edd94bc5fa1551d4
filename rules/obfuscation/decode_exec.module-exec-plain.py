# canary-test: path=mypkg/_version.py artifact=wheel
# Executing a local file at module level (a version-file idiom) without any decoding.
import os

_here = os.path.dirname(__file__)
# ok: MODULE_LEVEL_EXEC_WITH_DECODE
exec(open(os.path.join(_here, "_version_data.py")).read())
