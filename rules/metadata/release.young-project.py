# canary-test: path=env_beacon/__init__.py release.release_count=1 release.project_age_hours=5 release.has_project_url=true
# A project whose only release is five hours old.
VERSION = "0.2"
# ruleid: PROJECT_YOUNG_SINGLE_RELEASE
