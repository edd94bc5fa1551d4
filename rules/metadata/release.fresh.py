# canary-test: path=fresh/__init__.py release.age_hours=5 release.cooldown_hours=72 release.has_project_url=true
# A release uploaded five hours ago, inside the default 72 h cooldown.
VERSION = "1.0"
# ruleid: RELEASE_IN_COOLDOWN
# ok: RELEASE_OFF_CADENCE, RELEASE_AUTHOR_CHANGED, RELEASE_PROVENANCE_DROPPED, RELEASE_PUBLISHER_CHANGED
# ok: RELEASE_NO_PROJECT_URL, RELEASE_YANKED, RELEASE_VERSION_JUMP, PROJECT_YOUNG_SINGLE_RELEASE
