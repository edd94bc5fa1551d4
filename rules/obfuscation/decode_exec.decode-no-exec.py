# canary-test: path=mypkg/auth.py artifact=wheel
# Decoding tokens and parsing literals next to each other, never executing them.
import ast
import base64
import json


def claims(token):
    # ok: EXEC_BASE64_DECODED
    return json.loads(base64.urlsafe_b64decode(token + "=="))


def options(text):
    # ok: EXEC_BASE64_DECODED
    return ast.literal_eval(base64.b64decode(text).decode())


def load_config(path):
    # ok: EXEC_BASE64_DECODED, EXEC_DOWNLOADED_CODE
    exec(open(path).read(), {})
