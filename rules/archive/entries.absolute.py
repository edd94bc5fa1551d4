# canary-test: path=/etc/cron.d/example artifact=wheel
# An absolute member name.
# ruleid: ARCHIVE_UNSAFE_PATH
line = "inert"
