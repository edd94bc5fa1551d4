# canary-test: path=old/__init__.py release.age_hours=900 release.cooldown_hours=72 release.has_project_url=true release.release_count=12 release.project_age_hours=20000
# A months-old release of an established project: nothing to say.
VERSION = "3.2"
# ok: RELEASE_IN_COOLDOWN, RELEASE_OFF_CADENCE, RELEASE_AUTHOR_CHANGED, RELEASE_PROVENANCE_DROPPED
# ok: RELEASE_PUBLISHER_CHANGED, RELEASE_NO_PROJECT_URL, RELEASE_YANKED, RELEASE_VERSION_JUMP
# ok: PROJECT_YOUNG_SINGLE_RELEASE
