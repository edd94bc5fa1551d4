#include "pack_cache.hpp"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <random>

#include <hs.h>
#include <tree_sitter/api.h>

#include "byte_io.hpp"
#include "pack_serialize.hpp"
#include "query.hpp"
#include "sha256.hpp"

#ifndef CANARY_VERSION
#error "CANARY_VERSION must be defined by the build (engine/CMakeLists.txt)"
#endif

namespace canary {
namespace fs = std::filesystem;
namespace {

constexpr char kMagic[8] = {'C', 'A', 'N', 'A', 'R', 'Y', 'C', 'P'};
// A pack this large is not one canary wrote; refuse before reading it all.
constexpr uintmax_t kMaxEntryBytes = 1ull << 30;
// Every edit of a rule file makes a new entry (the default pack's is ~2 MB):
// keep the most recently used ones, and the directory stays bounded.
constexpr size_t kMaxEntries = 16;
// A temporary file this old belongs to a run that died before renaming it.
constexpr auto kStaleTemp = std::chrono::hours(1);

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string hex(const std::array<uint8_t, 32>& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

// The version string alone does not change when the engine does between
// releases (every development build is "0.1.0"), so the key also names the
// build: the linker's GNU build id of the running program, which is a hash of
// its contents, or else the executable's size and modification time.
std::string build_identity() {
  std::string id;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* out) -> int {
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& ph = info->dlpi_phdr[i];
          if (ph.p_type != PT_NOTE) continue;
          const size_t align = ph.p_align == 8 ? 8 : 4;
          auto pad = [align](size_t n) { return (n + align - 1) & ~(align - 1); };
          const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
          const char* end = p + ph.p_memsz;
          while (static_cast<size_t>(end - p) >= sizeof(ElfW(Nhdr))) {
            const auto* note = reinterpret_cast<const ElfW(Nhdr)*>(p);
            const char* name = p + sizeof(ElfW(Nhdr));
            const char* desc = name + pad(note->n_namesz);
            if (desc > end || static_cast<size_t>(end - desc) < pad(note->n_descsz)) break;
            if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
              static_cast<std::string*>(out)->assign(desc, note->n_descsz);
              return 1;
            }
            p = desc + pad(note->n_descsz);
          }
        }
        return 1;  // the first object is the program itself; libraries do not matter
      },
      &id);
  if (!id.empty()) return "build-id:" + id;
  struct stat st {};
  if (::stat("/proc/self/exe", &st) == 0)
    return "exe:" + std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
           std::to_string(st.st_mtim.tv_nsec);
  return "unknown";
}

const std::string& engine_identity() {
  static const std::string id = [] {
    ByteWriter w;
    w.str(CANARY_VERSION);
    w.str(hs_version());
    w.u32(ts_language_version(python_language()));
    w.u32(ts_language_symbol_count(python_language()));
    w.str(build_identity());
    return w.take();
  }();
  return id;
}

// Every directory from the root down, created 0700 where missing: the cache
// holds compiled code, which nobody else should be able to swap.
bool make_private_dirs(const fs::path& dir, std::string& error) {
  fs::path so_far;
  for (const fs::path& part : dir) {
    so_far /= part;
    if (::mkdir(so_far.c_str(), 0700) != 0 && errno != EEXIST) {
      error = "cannot create " + so_far.string() + ": " + std::strerror(errno);
      return false;
    }
  }
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    error = dir.string() + " is not a directory";
    return false;
  }
  return true;
}

// The payload of the entry at `path` when every check passes; otherwise
// nullopt and `why` (empty when there simply is no entry).
std::optional<std::string> read_entry(const fs::path& path, const std::array<uint8_t, 32>& key, std::string& why) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno != ENOENT) why = std::string("cannot open: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::string bytes;
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0;
  // Compiled Hyperscan code is only taken from a file of our own (or root's,
  // for a cache prepared in an image with `rules compile`) that no one else
  // may write: the checksum catches damage, not someone swapping the file.
  if (!ok || !S_ISREG(st.st_mode)) why = "not a regular file";
  else if ((st.st_uid != ::geteuid() && st.st_uid != 0) || (st.st_mode & 022))
    why = "not owned by this user or root, or writable by others";
  else if (static_cast<uintmax_t>(st.st_size) > kMaxEntryBytes) why = "too large";
  if (why.empty()) {
    bytes.resize(static_cast<size_t>(st.st_size));
    size_t got = 0;
    while (got < bytes.size()) {
      ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    if (got != bytes.size()) why = "short read";
  }
  ::close(fd);
  if (!why.empty()) return std::nullopt;

  ByteReader r(bytes);
  std::string_view magic = r.view(sizeof kMagic);
  uint32_t version = r.u32();
  std::string_view stored_key = r.view(32);
  uint64_t length = r.u64();
  std::string_view checksum = r.view(32);
  if (r.failed() || magic != std::string_view(kMagic, sizeof kMagic)) why = "not a canary pack cache file";
  else if (version != kPackFormatVersion) why = "format version " + std::to_string(version);
  else if (stored_key != std::string_view(reinterpret_cast<const char*>(key.data()), key.size())) why = "another key";
  else if (length != r.remaining()) why = "truncated or padded";
  if (!why.empty()) return std::nullopt;
  std::string_view payload = r.view(length);
  Sha256 h;
  h.update(payload);
  auto digest = h.finish();
  if (checksum != std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size())) {
    why = "payload checksum mismatch";
    return std::nullopt;
  }
  return std::string(payload);
}

// Atomically replaces the entry: a reader sees the old file or the new one.
bool write_entry(const fs::path& path, const std::array<uint8_t, 32>& key, const std::string& payload,
                 std::string& error) {
  if (!make_private_dirs(path.parent_path(), error)) return false;
  ByteWriter w;
  w.raw(std::string_view(kMagic, sizeof kMagic));
  w.u32(kPackFormatVersion);
  w.raw(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
  w.u64(payload.size());
  Sha256 h;
  h.update(payload);
  auto digest = h.finish();
  w.raw(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
  w.raw(payload);
  const std::string& bytes = w.bytes();

  std::random_device rd;
  fs::path tmp = path.parent_path() /
                 ("." + path.filename().string() + "." + std::to_string(::getpid()) + "." + std::to_string(rd()) + ".tmp");
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    error = "cannot create " + tmp.string() + ": " + std::strerror(errno);
    return false;
  }
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  bool ok = done == bytes.size();
  if (!ok) error = "cannot write " + tmp.string() + ": " + std::strerror(errno);
  if (::close(fd) != 0 && ok) {
    ok = false;
    error = "cannot write " + tmp.string() + ": " + std::strerror(errno);
  }
  if (ok && ::rename(tmp.c_str(), path.c_str()) != 0) {
    ok = false;
    error = "cannot rename into " + path.string() + ": " + std::strerror(errno);
  }
  if (!ok) ::unlink(tmp.c_str());
  return ok;
}

// Marks an entry as used now, so pruning keeps it; best effort.
void touch(const fs::path& entry) { ::utimensat(AT_FDCWD, entry.c_str(), nullptr, 0); }

// Removes the least recently used entries beyond kMaxEntries, and temporary
// files left by runs that died. Best effort: another run may be pruning too.
void prune(const fs::path& packs) {
  std::error_code ec;
  std::vector<std::pair<fs::file_time_type, fs::path>> entries;
  const auto now = fs::file_time_type::clock::now();
  for (fs::directory_iterator it(packs, ec), end; it != end && !ec; it.increment(ec)) {
    const fs::path& p = it->path();
    std::error_code e2;
    if (!it->is_regular_file(e2) || it->is_symlink(e2)) continue;
    fs::file_time_type t = it->last_write_time(e2);
    if (e2) continue;
    const std::string name = p.filename().string();
    if (p.extension() == ".ccp") entries.emplace_back(t, p);
    else if (name.size() > 4 && name[0] == '.' && p.extension() == ".tmp" && now - t > kStaleTemp) fs::remove(p, e2);
  }
  if (entries.size() <= kMaxEntries) return;
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t i = kMaxEntries; i < entries.size(); ++i) fs::remove(entries[i].second, ec);
}

std::unique_ptr<CompiledPack> compile_timed(const std::vector<RuleUnit>& units, const LoadOptions& opts,
                                            LoadedPack& out) {
  auto start = std::chrono::steady_clock::now();
  auto pack = check_and_compile(units, out.sources, out.diagnostics, opts.check_only);
  out.compile_seconds = seconds_since(start);
  return pack;
}

std::array<uint8_t, 32> key_bytes(const std::vector<RuleUnit>& units, const dsl::SourceMap& sources) {
  ByteWriter w;
  w.str("canary compiled pack cache");
  w.u32(kPackFormatVersion);
  w.str(engine_identity());
  w.u64(units.size());
  for (const RuleUnit& u : units) {
    const dsl::SourceFile& f = sources.file(u.ast.file);
    w.str(f.path);
    w.str(u.ns);
    w.boolean(u.in_pack);
    w.str(f.text);
    w.u64(u.imports.size());
    for (const auto& [alias, unit] : u.imports) {
      w.str(alias);
      w.i64(unit);
    }
  }
  Sha256 h;
  h.update(w.bytes());
  return h.finish();
}

}  // namespace

fs::path default_cache_dir() {
  auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v ? v : "";
  };
  if (std::string d = env("CANARY_CACHE_DIR"); !d.empty()) return d;
  // The XDG spec says to ignore a relative XDG_CACHE_HOME.
  if (std::string d = env("XDG_CACHE_HOME"); !d.empty() && d[0] == '/') return fs::path(d) / "canary";
  if (std::string d = env("HOME"); !d.empty()) return fs::path(d) / ".cache" / "canary";
  return {};
}

std::string pack_cache_key(const std::vector<RuleUnit>& units, const dsl::SourceMap& sources) {
  return hex(key_bytes(units, sources));
}

std::unique_ptr<CompiledPack> compile_with_cache(const std::vector<RuleUnit>& units, const LoadOptions& opts,
                                                 LoadedPack& out) {
  // Rules with errors are never cached: the checker must run and report them.
  if (!opts.use_cache || out.diagnostics.has_errors()) return compile_timed(units, opts, out);
  fs::path dir = opts.cache_dir.empty() ? default_cache_dir() : opts.cache_dir;
  if (dir.empty()) return compile_timed(units, opts, out);

  auto start = std::chrono::steady_clock::now();
  const auto key = key_bytes(units, out.sources);
  out.cache_key = hex(key);
  out.cache_file = dir / "packs" / (out.cache_key + ".ccp");
  if (!opts.refresh_cache) {
    std::string why;
    if (auto payload = read_entry(out.cache_file, key, why)) {
      std::vector<dsl::Diagnostic> warnings;
      if (auto pack = deserialize_pack(*payload, out.sources, warnings, why)) {
        for (dsl::Diagnostic& d : warnings) out.diagnostics.add(std::move(d));
        out.from_cache = true;
        touch(out.cache_file);
        out.cache_seconds = seconds_since(start);
        return pack;
      }
    }
    out.cache_rejected = why;
  }
  double lookup = seconds_since(start);

  const size_t before = out.diagnostics.items().size();
  auto pack = compile_timed(units, opts, out);
  if (!pack) {
    out.cache_seconds = lookup;
    return pack;
  }
  start = std::chrono::steady_clock::now();
  std::vector<dsl::Diagnostic> warnings(out.diagnostics.items().begin() + static_cast<long>(before),
                                        out.diagnostics.items().end());
  std::string payload = serialize_pack(*pack, warnings);
  // Never store what would not load: a pack that does not read back (say, a
  // database Hyperscan could not serialize) would be rejected on every run.
  std::vector<dsl::Diagnostic> reread;
  std::string error;
  if (!deserialize_pack(payload, out.sources, reread, error)) out.cache_warning = "the compiled pack does not read back: " + error;
  else if (!write_entry(out.cache_file, key, payload, error)) out.cache_warning = error;
  else prune(out.cache_file.parent_path());
  out.cache_seconds = lookup + seconds_since(start);
  return pack;
}

}  // namespace canary
