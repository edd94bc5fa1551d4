#!/usr/bin/python3
"""Validates a JSON document against a JSON Schema; used by the SARIF tests.

usage: validate_json_schema.py SCHEMA DOCUMENT

Exits 0 when DOCUMENT is valid, 1 with one line per error (JSON path: reason)
when it is not, 2 when the validator or its inputs are unusable. The schema's
own "$schema" picks the draft (SARIF 2.1.0's is draft-04). Needs the
jsonschema module (Debian: python3-jsonschema, see install-deps.sh).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("validate_json_schema: the python3 jsonschema module is missing: run ./install-deps.sh "
          "(Debian package python3-jsonschema)", file=sys.stderr)
    sys.exit(2)


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        with open(sys.argv[2], encoding="utf-8") as f:
            document = json.load(f)
    except (OSError, ValueError) as e:
        print(f"validate_json_schema: {e}", file=sys.stderr)
        return 2
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER if hasattr(cls, "FORMAT_CHECKER")
                    else jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    for e in errors[:50]:
        path = "/".join(str(p) for p in e.absolute_path) or "(root)"
        print(f"{path}: {e.message}")
    if errors:
        print(f"{len(errors)} schema error(s)")
        return 1
    print("valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
