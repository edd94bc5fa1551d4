"""Run git as a subprocess, with argument lists (never a shell string)."""
import shutil
import subprocess
from typing import List, Optional


class GitError(RuntimeError):
    pass


def _git(args: List[str], cwd: Optional[str] = None) -> str:
    exe = shutil.which("git")
    if exe is None:
        raise GitError("git is not installed")
    result = subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise GitError(result.stderr.strip() or "git " + " ".join(args) + " failed")
    return result.stdout.strip()


def describe(cwd: Optional[str] = None) -> str:
    """Version-like description of HEAD, e.g. v2.0-3-gabc1234."""
    return _git(["describe", "--tags", "--always", "--dirty"], cwd)


def current_branch(cwd: Optional[str] = None) -> str:
    return _git(["rev-parse", "--abbrev-ref", "HEAD"], cwd)


def changed_files(base: str = "origin/main", cwd: Optional[str] = None) -> List[str]:
    out = _git(["diff", "--name-only", base + "...HEAD"], cwd)
    return [line for line in out.splitlines() if line]


def tag(name: str, message: str, cwd: Optional[str] = None) -> None:
    subprocess.check_call(["git", "tag", "-a", name, "-m", message], cwd=cwd)
