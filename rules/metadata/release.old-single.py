# canary-test: path=stable/__init__.py release.release_count=1 release.project_age_hours=30000 release.has_project_url=true
# One release, years ago: a finished small library.
VERSION = "1.0"
# ok: PROJECT_YOUNG_SINGLE_RELEASE
