# canary-test: path=mypkg/sweep.py artifact=wheel
# Two SDK-style families in one file: a sweep, though nothing stealer-only.
import os

# ruleid: refs_several_families, refs_sdk_credential, refs_any_credential
# ok: refs_stealer_only_store
A = os.path.expanduser("~/.ssh/id_rsa")
# ruleid: refs_several_families, refs_sdk_credential, refs_any_credential
B = os.path.expanduser("~/.aws/credentials")
# ruleid: refs_several_families, refs_any_credential
C = os.path.expanduser("~/.netrc")
