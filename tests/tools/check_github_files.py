#!/usr/bin/python3
"""Checks the GitHub integration files parse and have the shape their tools need.

usage: check_github_files.py ACTION_YML PRE_COMMIT_HOOKS_YAML

action.yml: a composite action (runs.using == composite) whose steps each
either `run` with a `shell` or `uses` an action; it runs `canary audit` with
--format sarif and --rules-sha256 from a required input, and uploads SARIF
with github/codeql-action/upload-sarif. .pre-commit-hooks.yaml: a list of
hooks with id, name, entry, language; one runs `canary audit`.
Prints one line per problem and exits 1 if there is any, 0 otherwise.
Needs PyYAML (Debian: python3-yaml, see install-deps.sh).
"""
import sys

try:
    import yaml
except ImportError:
    print("check_github_files: the python3 yaml module is missing: run ./install-deps.sh (python3-yaml)",
          file=sys.stderr)
    sys.exit(2)


def load(path, problems):
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        problems.append(f"{path}: {e}".replace("\n", " "))
        return None


def check_action(path, problems):
    doc = load(path, problems)
    if doc is None:
        return
    if not isinstance(doc, dict):
        problems.append(f"{path}: not a mapping")
        return
    for key in ("name", "description", "inputs", "runs"):
        if key not in doc:
            problems.append(f"{path}: missing '{key}'")
    runs = doc.get("runs") or {}
    if runs.get("using") != "composite":
        problems.append(f"{path}: runs.using is {runs.get('using')!r}, expected 'composite'")
    steps = runs.get("steps") or []
    if not steps:
        problems.append(f"{path}: runs.steps is empty")
    scripts, uses = [], []
    for i, step in enumerate(steps):
        if "run" in step:
            if "shell" not in step:
                problems.append(f"{path}: step {i} ({step.get('name')}) runs a script without 'shell' "
                                "(composite actions require it)")
            scripts.append(step["run"])
        elif "uses" in step:
            uses.append(step["uses"])
        else:
            problems.append(f"{path}: step {i} ({step.get('name')}) has neither 'run' nor 'uses'")
    script = "\n".join(scripts)
    for needle in ("audit", "--format sarif", "--rules-sha256"):
        if needle not in script:
            problems.append(f"{path}: no step runs canary with '{needle}'")
    if not any(u.startswith("github/codeql-action/upload-sarif@") for u in uses):
        problems.append(f"{path}: no step uses github/codeql-action/upload-sarif")
    inputs = doc.get("inputs") or {}
    pin = inputs.get("rules-sha256") or {}
    if pin.get("required") is not True:
        problems.append(f"{path}: input 'rules-sha256' must exist and be required (the pack is pinned)")
    for name, spec in inputs.items():
        if not isinstance(spec, dict) or "description" not in spec:
            problems.append(f"{path}: input '{name}' has no description")


def check_hooks(path, problems):
    doc = load(path, problems)
    if doc is None:
        return
    if not isinstance(doc, list) or not doc:
        problems.append(f"{path}: expected a non-empty list of hooks")
        return
    for i, hook in enumerate(doc):
        for key in ("id", "name", "entry", "language"):
            if key not in hook:
                problems.append(f"{path}: hook {i} has no '{key}'")
    if not any("canary audit" in str(h.get("entry", "")) for h in doc):
        problems.append(f"{path}: no hook runs 'canary audit'")


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    problems = []
    check_action(sys.argv[1], problems)
    check_hooks(sys.argv[2], problems)
    for p in problems:
        print(p)
    if not problems:
        print("ok")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
