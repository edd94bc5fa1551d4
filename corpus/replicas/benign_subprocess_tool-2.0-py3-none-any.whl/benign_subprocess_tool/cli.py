"""release-helper: tag the current commit and announce it to a web hook."""
import argparse
import os
import sys

from benign_subprocess_tool import git
from benign_subprocess_tool.http import Session


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="release-helper")
    parser.add_argument("version")
    parser.add_argument("--hook", default=os.environ.get("RELEASE_HOOK_URL", "https://example.com/hooks"))
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)

    desc = git.describe()
    branch = git.current_branch()
    print(f"releasing {args.version} from {branch} ({desc})")
    if args.dry_run:
        return 0
    git.tag("v" + args.version, "Release " + args.version)
    resp = Session(args.hook, token=os.environ.get("RELEASE_HOOK_TOKEN")).post(
        "/releases", json_body={"version": args.version, "commit": desc})
    if resp.status_code >= 400:
        print("hook failed:", resp.status_code, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
