# canary-test: path=mypkg/cloud.py artifact=wheel
# Every member of secrets.cloud_credentials (one family).
import os

# ruleid: cloud_credentials, refs_cloud_credentials, refs_sdk_credential, refs_any_credential
# ok: refs_several_families, refs_stealer_only_store
A = os.path.join("~", ".aws", "credentials")
# ruleid: cloud_credentials, refs_cloud_credentials, refs_sdk_credential, refs_any_credential
B = "~/.config/gcloud/application_default_credentials.json"
# ruleid: cloud_credentials, refs_cloud_credentials, refs_sdk_credential, refs_any_credential
C = "~/.azure/msal_token_cache.json"
# ruleid: cloud_credentials, refs_cloud_credentials, refs_sdk_credential, refs_any_credential
D = os.path.expanduser("~/.kube/config")
# ruleid: cloud_credentials, refs_cloud_credentials, refs_sdk_credential, refs_any_credential
E = "~/.docker/config.json"
# ok: cloud_credentials, refs_cloud_credentials
F = "~/.aws/config"
# ok: cloud_credentials, refs_cloud_credentials
G = "~/.kube/cache/discovery"
# ok: cloud_credentials, refs_cloud_credentials
H = "~/.docker/daemon.json"
# ok: cloud_credentials, refs_cloud_credentials
I = "~/.config/gcloud/configurations/config_default"
