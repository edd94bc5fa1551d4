# canary-test: path=slow/__init__.py release.age_hours=30 release.cooldown_hours=24 release.has_project_url=true
# 30 h old with --cooldown 24: outside the cooldown.
VERSION = "1.1"
# ok: RELEASE_IN_COOLDOWN
