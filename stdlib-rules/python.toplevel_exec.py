# canary-test: path=mypkg/tl_exec.py artifact=wheel
# python.toplevel_exec: exec/eval run on import.
import os

CODE = "x = 1"
# ruleid: toplevel_exec
exec(CODE)
# ruleid: toplevel_exec
value = eval("1 + 1")
# ruleid: toplevel_exec
if os.environ.get("PLUGIN"):
    exec(os.environ["PLUGIN"])


def run(code):
    # ok: toplevel_exec
    exec(code)


# ok: toplevel_exec
result = ENGINE.exec("select 1") if (ENGINE := None) else None
# Known gap: any module-level assignment counts, string constants included.
# todook: toplevel_exec
DOC = "call exec(code) yourself"
