# canary-test: path=mypkg/loader.py artifact=wheel
# exec of strings assembled in the call. Inert: each payload is print("inert").
# ruleid: EXEC_CONSTRUCTED_STRING, constructed_exec
exec(')"trieni"(tnirp'[::-1])
# ruleid: EXEC_CONSTRUCTED_STRING, constructed_exec
exec("".join(chr(c) for c in [112, 114, 105, 110, 116, 40, 39, 105, 39, 41]))
# ruleid: EXEC_CONSTRUCTED_STRING, constructed_exec
exec("".join(map(chr, [112, 114, 105, 110, 116, 40, 39, 105, 39, 41])))
# ruleid: EXEC_CONSTRUCTED_STRING, constructed_exec
eval(bytes([112, 114, 105, 110, 116, 40, 39, 105, 39, 41]).decode())
# ruleid: EXEC_CONSTRUCTED_STRING, constructed_exec
exec(chr(112) + chr(114) + chr(105) + chr(110) + chr(116) + "('i')")
# ruleid: EXEC_CONSTRUCTED_STRING, constructed_exec
CMD = ["python", "-c", "exec('))1(tnirp'[::-1])"]
# ok: EXEC_CONSTRUCTED_STRING
exec(compile(source, filename, "exec"))
# ok: REVERSED_STRING, REVERSED_STRING_WITH_EXEC, COMPUTED_IMPORT_NAME
