# canary-test: path=mypkg/keys.py artifact=wheel
# secrets.ssh_keys and its predicates: one SDK-style family.
import os
import pathlib

# ruleid: ssh_keys, refs_ssh_keys, refs_sdk_credential, refs_any_credential
# ok: refs_several_families, refs_stealer_only_store
A = os.path.expanduser("~/.ssh/id_ed25519")
# ruleid: ssh_keys, refs_ssh_keys, refs_sdk_credential, refs_any_credential
B = pathlib.Path.home() / ".ssh" / "id_ecdsa_sk"
# ruleid: ssh_keys, refs_ssh_keys, refs_sdk_credential, refs_any_credential
C = os.path.join(os.environ["USERPROFILE"], ".ssh", "identity")
# ruleid: ssh_keys, refs_ssh_keys, refs_sdk_credential, refs_any_credential
D = "C:\\Users\\me\\.ssh\\id_rsa"
# ok: ssh_keys, refs_ssh_keys
E = "~/.ssh/known_hosts"
# ok: ssh_keys, refs_ssh_keys
F = "~/.ssh/config"
# ok: ssh_keys, refs_ssh_keys
G = "id_rsa"
# Known gap: a public key path matches (id_rsa followed by ".pub").
# todook: ssh_keys, refs_ssh_keys, refs_sdk_credential, refs_any_credential
H = "~/.ssh/id_rsa.pub"
