# canary-test: path=tmpl/engine.py artifact=wheel
# A template engine: compiles generated source and decodes embedded assets.
# Medium by design (DECODE_AND_EXEC_IN_FILE).
import base64


def render(source, context):
    # ruleid: DECODE_AND_EXEC_IN_FILE
    code = compile(source, "<template>", "exec")
    namespace = dict(context)
    # ruleid: DECODE_AND_EXEC_IN_FILE
    exec(code, namespace)
    return namespace.get("result", "")


def asset(name, table):
    # ruleid: DECODE_AND_EXEC_IN_FILE
    return base64.b64decode(table[name])

# ok: EXEC_BASE64_DECODED, MODULE_LEVEL_EXEC_WITH_DECODE, DECODE_EXEC_WITH_NETWORK, XOR_DECODE_AND_EXEC
_ = None
