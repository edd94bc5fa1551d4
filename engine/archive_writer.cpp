// Archive writing for mkartifact and the tests: libzip for zips and wheels,
// libarchive (pax, optionally compressed) for tarballs.
#include "engine/archive_writer.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <zip.h>

#include <ctime>
#include <memory>
#include <set>

#include "engine/libarchive_error.hpp"
#include "engine/sha256.hpp"

namespace canary {
namespace {

std::string base64_urlsafe_nopad(const uint8_t* data, size_t len) {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  size_t i = 0;
  for (; i + 3 <= len; i += 3) {
    uint32_t v = uint32_t(data[i]) << 16 | uint32_t(data[i + 1]) << 8 | data[i + 2];
    for (int s = 18; s >= 0; s -= 6) out.push_back(alphabet[(v >> s) & 63]);
  }
  if (len - i == 1) {
    uint32_t v = uint32_t(data[i]) << 16;
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
  } else if (len - i == 2) {
    uint32_t v = uint32_t(data[i]) << 16 | uint32_t(data[i + 1]) << 8;
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
  }
  return out;
}

// DOS date/time fields in UTC, so zips do not depend on the build's time zone.
void dos_datetime(int64_t mtime, zip_uint16_t& dtime, zip_uint16_t& ddate) {
  std::time_t t = std::time_t(mtime);
  std::tm tm{};
  gmtime_r(&t, &tm);
  dtime = zip_uint16_t(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
  ddate = zip_uint16_t((tm.tm_year + 1900 - 1980) << 9 | (tm.tm_mon + 1) << 5 | tm.tm_mday);
}

zip_int32_t libzip_method(ZipMethod m) {
  switch (m) {
    case ZipMethod::Store: return ZIP_CM_STORE;
    case ZipMethod::Deflate: return ZIP_CM_DEFLATE;
    case ZipMethod::Bzip2: return ZIP_CM_BZIP2;
    case ZipMethod::Xz: return ZIP_CM_XZ;
  }
  return ZIP_CM_DEFLATE;
}

struct ArchiveWriteCloser {
  void operator()(archive* a) const { archive_write_free(a); }
};

}  // namespace

bool write_zip_archive(const std::filesystem::path& out, const std::vector<ArchiveMember>& members,
                       ZipMethod method, std::string& error) {
  int code = 0;
  zip_t* za = zip_open(out.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!za) {
    zip_error_t e;
    zip_error_init_with_code(&e, code);
    error = "cannot create " + out.string() + ": " + zip_error_strerror(&e);
    zip_error_fini(&e);
    return false;
  }
  auto fail = [&](const std::string& what) {
    error = what + ": " + zip_strerror(za);
    zip_discard(za);
    return false;
  };
  zip_uint16_t dtime = 0, ddate = 0;
  dos_datetime(kReproducibleMtime, dtime, ddate);
  for (const ArchiveMember& m : members) {
    if (m.hardlink) {
      zip_discard(za);
      error = "zip archives cannot hold hard links: " + m.name;
      return false;
    }
    // The buffer is read at zip_close(), while `members` is still alive.
    zip_source_t* src = zip_source_buffer(za, m.content.data(), m.content.size(), 0);
    if (!src) return fail("cannot add " + m.name);
    zip_int64_t idx = zip_file_add(za, m.name.c_str(), src, ZIP_FL_ENC_GUESS);
    if (idx < 0) {
      zip_source_free(src);
      return fail("cannot add " + m.name);
    }
    const auto i = zip_uint64_t(idx);
    const zip_uint32_t type = m.symlink ? S_IFLNK : S_IFREG;
    const zip_uint32_t perm = m.symlink ? 0777 : (m.mode & 07777);
    if (zip_file_set_external_attributes(za, i, 0, ZIP_OPSYS_UNIX, (type | perm) << 16) != 0 ||
        zip_set_file_compression(za, i, m.symlink ? ZIP_CM_STORE : libzip_method(method), 0) != 0 ||
        zip_file_set_dostime(za, i, dtime, ddate, 0) != 0)
      return fail("cannot set attributes of " + m.name);
  }
  if (zip_close(za) != 0) return fail("cannot write " + out.string());
  return true;
}

bool write_tar_archive(const std::filesystem::path& out, const std::vector<ArchiveMember>& members,
                       TarFilter filter, std::string& error) {
  std::unique_ptr<archive, ArchiveWriteCloser> a(archive_write_new());
  archive_write_set_format_pax_restricted(a.get());
  int rc = ARCHIVE_OK;
  switch (filter) {
    case TarFilter::None: rc = archive_write_add_filter_none(a.get()); break;
    case TarFilter::Gzip:
      rc = archive_write_add_filter_gzip(a.get());
      // No build time in the gzip header: the same tree gives the same bytes.
      if (rc == ARCHIVE_OK) rc = archive_write_set_filter_option(a.get(), "gzip", "timestamp", nullptr);
      break;
    case TarFilter::Bzip2: rc = archive_write_add_filter_bzip2(a.get()); break;
    case TarFilter::Xz: rc = archive_write_add_filter_xz(a.get()); break;
  }
  if (rc != ARCHIVE_OK || archive_write_open_filename(a.get(), out.c_str()) != ARCHIVE_OK) {
    error = "cannot create " + out.string() + ": " + detail::libarchive_error(a.get(), "libarchive gave no reason");
    return false;
  }
  for (const ArchiveMember& m : members) {
    std::unique_ptr<archive_entry, void (*)(archive_entry*)> e(archive_entry_new(), archive_entry_free);
    archive_entry_copy_pathname(e.get(), m.name.c_str());
    archive_entry_set_mtime(e.get(), time_t(kReproducibleMtime), 0);
    archive_entry_set_uid(e.get(), 0);
    archive_entry_set_gid(e.get(), 0);
    if (m.symlink) {
      archive_entry_set_filetype(e.get(), AE_IFLNK);
      archive_entry_set_perm(e.get(), 0777);
      archive_entry_copy_symlink(e.get(), m.content.c_str());
      archive_entry_set_size(e.get(), 0);
    } else if (m.hardlink) {
      archive_entry_set_filetype(e.get(), AE_IFREG);
      archive_entry_set_perm(e.get(), m.mode & 07777);
      archive_entry_copy_hardlink(e.get(), m.content.c_str());
      archive_entry_set_size(e.get(), 0);
    } else {
      archive_entry_set_filetype(e.get(), AE_IFREG);
      archive_entry_set_perm(e.get(), m.mode & 07777);
      archive_entry_set_size(e.get(), la_int64_t(m.content.size()));
    }
    if (archive_write_header(a.get(), e.get()) < ARCHIVE_WARN) {
      error = "cannot add " + m.name + ": " + detail::libarchive_error(a.get(), "libarchive gave no reason");
      return false;
    }
    if (!m.symlink && !m.hardlink && !m.content.empty() &&
        archive_write_data(a.get(), m.content.data(), m.content.size()) < 0) {
      error = "cannot write " + m.name + ": " + detail::libarchive_error(a.get(), "libarchive gave no reason");
      return false;
    }
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) {
    error = "cannot finish " + out.string() + ": " + detail::libarchive_error(a.get(), "libarchive gave no reason");
    return false;
  }
  return true;
}

std::string wheel_record_hash(std::string_view content) {
  Sha256 h;
  h.update(content);
  auto digest = h.finish();
  return "sha256=" + base64_urlsafe_nopad(digest.data(), digest.size());
}

void add_wheel_record(std::vector<ArchiveMember>& members) {
  std::set<std::string> dist_info;
  for (const ArchiveMember& m : members) {
    std::string top = m.name.substr(0, m.name.find('/'));
    if (top.size() < m.name.size() && top.size() > 10 && top.compare(top.size() - 10, 10, ".dist-info") == 0)
      dist_info.insert(top);
  }
  if (dist_info.size() != 1) return;
  const std::string record = *dist_info.begin() + "/RECORD";
  for (const ArchiveMember& m : members)
    if (m.name == record) return;
  // RECORD is CSV: a name holding a comma, quote or line break is quoted.
  auto csv = [](const std::string& field) {
    if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
    std::string q = "\"";
    for (char c : field) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::string text;
  for (const ArchiveMember& m : members)
    text += csv(m.name) + "," + wheel_record_hash(m.content) + "," + std::to_string(m.content.size()) + "\n";
  text += record + ",,\n";
  members.push_back(ArchiveMember{record, text, false, false, 0644});
}

}  // namespace canary
