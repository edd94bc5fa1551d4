# canary-test: path=clipboard_helper/__init__.py release.yanked=true release.yanked_reason=Broken-on-Wayland release.has_project_url=true
# Withdrawn by its maintainers.
VERSION = "1.0"
# ruleid: RELEASE_YANKED
