# canary-test: path=mypkg/_o.py artifact=wheel
# ruleid: OBFUSCATED_STRINGS
from builtins import *; _ = print; _("inert")
