# canary-test: path=mypkg/tokens.py artifact=wheel
# secrets.token_files: read routinely by upload tools, so never an SDK credential.
import os

# ruleid: token_files, refs_token_files, refs_any_credential
# ok: refs_sdk_credential, refs_several_families, refs_stealer_only_store
A = os.path.expanduser("~/.pypirc")
# ruleid: token_files, refs_token_files, refs_any_credential
B = os.path.join(os.environ["HOME"], ".npmrc")
# ruleid: token_files, refs_token_files, refs_any_credential
C = os.path.join(os.environ["USERPROFILE"], "_netrc")
# ok: token_files, refs_token_files
D = "pypirc_template"
# ok: token_files, refs_token_files
E = "see the netrc documentation"
