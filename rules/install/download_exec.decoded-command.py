# canary-test: path=mypkg/__init__.py artifact=sdist
import base64
import os
import subprocess

cmd = "ZWNobyBpbmVydA=="  # echo inert
# ruleid: DECODED_COMMAND_EXECUTION
os.system(base64.b64decode(cmd))
# ruleid: DECODED_COMMAND_EXECUTION
subprocess.run(base64.b64decode(cmd).decode(), shell=True)
# ok: DECODED_COMMAND_EXECUTION
subprocess.run(["git", "describe"])
# ruleid: DECODED_COMMAND_EXECUTION
__import__("threading").Thread(target=__import__("os").system, args=[str(base64.b64decode(cmd))]).start()
# ruleid: DECODED_COMMAND_EXECUTION
os.system("echo ZWNobyBpbmVydA== | base64 -d | bash")
# ok: DECODED_COMMAND_EXECUTION
os.system("base64 -d notes.txt > notes.bin")
