# canary-test: path=back/__init__.py release.previous_provenance=true release.provenance=true release.publisher=GitHub:org/back release.previous_publisher=GitHub:org/back-staging release.publisher_seen=true release.has_project_url=true
# The previous release came from a staging workflow; this one from the
# publisher of the releases before it, which is not new.
VERSION = "2.1"
# ok: RELEASE_PUBLISHER_CHANGED
