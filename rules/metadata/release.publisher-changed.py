# canary-test: path=moved/__init__.py release.previous_provenance=true release.provenance=true release.publisher=GitHub:someone-else/fork release.previous_publisher=GitHub:org/moved release.has_project_url=true
# Attested, but by another repository than every earlier release.
VERSION = "1.2"
# ruleid: RELEASE_PUBLISHER_CHANGED
# ok: RELEASE_PROVENANCE_DROPPED
