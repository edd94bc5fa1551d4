# canary-test: path=mypkg/git.py artifact=wheel
# Every member of secrets.git_credentials (one family).
import os

# ruleid: git_credentials, refs_git_credentials, refs_sdk_credential, refs_any_credential
# ok: refs_several_families, refs_stealer_only_store
A = os.path.expanduser("~/.git-credentials")
# ruleid: git_credentials, refs_git_credentials, refs_sdk_credential, refs_any_credential
B = os.path.join("~", ".config", "gh", "hosts.yml")
# ok: git_credentials, refs_git_credentials
C = "~/.gitconfig"
# ok: git_credentials, refs_git_credentials
D = ".git/config"
