# canary-test: path=mypkg/run.py artifact=wheel
# Every member of python.exec_calls and python.dynamic_imports.
import ast
import builtins
import importlib
import re


def runners(code, name):
    # ruleid: exec_calls, has_exec
    exec(code)
    # ruleid: exec_calls, has_exec
    eval(code, {})
    # ruleid: exec_calls, has_exec
    obj = compile(code, "<x>", "exec")
    # ruleid: exec_calls, has_exec
    builtins.exec(code)
    # ruleid: exec_calls, has_exec
    __builtins__.eval(code)
    # ruleid: dynamic_imports
    mod = __import__(name)
    # ruleid: dynamic_imports
    mod2 = importlib.import_module(name)
    return obj, mod, mod2


def near_misses(code, mod, task):
    # ok: exec_calls, has_exec
    pattern = re.compile(code)
    # ok: exec_calls, has_exec
    value = ast.literal_eval(code)
    # ok: exec_calls, has_exec
    task.execute()
    # ok: exec_calls, has_exec
    text = "exec(code) runs code"
    # ok: dynamic_imports
    importlib.reload(mod)
    # ok: dynamic_imports
    spec = importlib.util.find_spec("json")
    return pattern, value, text, spec
