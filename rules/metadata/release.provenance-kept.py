# canary-test: path=kept/__init__.py release.previous_provenance=true release.provenance=true release.publisher=GitHub:org/kept release.previous_publisher=GitHub:org/kept release.has_project_url=true
# Both releases published by the same trusted publisher.
VERSION = "1.1"
# ok: RELEASE_PROVENANCE_DROPPED, RELEASE_PUBLISHER_CHANGED
