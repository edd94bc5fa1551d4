# canary-test: path=mypkg/meta.py artifact=wheel
# ruleid: metadata_credentials, has_metadata_credentials
AWS = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
# ruleid: metadata_credentials, has_metadata_credentials
GCE = "http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token"
# ruleid: metadata_credentials, has_metadata_credentials
AZ = "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01"
# ok: metadata_credentials, has_metadata_credentials
ZONE = "http://169.254.169.254/latest/meta-data/placement/availability-zone"
