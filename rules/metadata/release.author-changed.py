# canary-test: path=taken/__init__.py release.author_changed=true release.author=probe@example.invalid release.previous_author=maintainers@example.com release.has_project_url=true
# Nobody who signed the previous release signs this one.
VERSION = "2.0"
# ruleid: RELEASE_AUTHOR_CHANGED
