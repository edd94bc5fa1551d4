# canary-test: path=mypkg/ob1.py artifact=wheel
# ruleid: obfuscated_strings
from builtins import *;print("inert")
