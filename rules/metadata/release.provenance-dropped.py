# canary-test: path=litellm/__init__.py release.previous_provenance=true release.previous_publisher=GitHub:BerriAI/litellm release.provenance=false release.has_project_url=true
# The previous release came from CI with attestations; this one was uploaded without.
VERSION = "1.82.8"
# ruleid: RELEASE_PROVENANCE_DROPPED
# ok: RELEASE_PUBLISHER_CHANGED
