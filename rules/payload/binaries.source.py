# Source code is neither native nor an archive.
import zipfile
# ok: PAYLOAD_NATIVE_IN_PURE_WHEEL, PAYLOAD_EXECUTABLE_IN_SDIST, PAYLOAD_ARCHIVE_INSIDE
zipfile.ZipFile("data.zip").extractall()
