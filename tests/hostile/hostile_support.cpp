#include "hostile_support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/artifact_builder.hpp"
#include "support/fixtures.hpp"

extern char** environ;

namespace canary::test {

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

Sandbox::Sandbox() {
  for (const char* d : {"in", "work", "home", "tmp", "out"}) fs::create_directories(root() / d);
}

// Under ASan + UBSan (.ci/sanitize.sh) canary runs several times slower, and
// every hostile case compiles the pack (--no-cache): on a busy machine a
// sound run took longer than 240 s there. The guard is for hangs, so it
// scales with the build instead of failing slow-but-finishing runs.
#ifdef CANARY_SANITIZED
constexpr int kGuardScale = 4;
#else
constexpr int kGuardScale = 1;
#endif

MeasuredRun Sandbox::run(const std::vector<std::string>& args, int guard_seconds) const {
  std::vector<std::string> argv{canary_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  // Everything canary might write to is inside the sandbox.
  const std::map<std::string, std::string> overrides = {
      {"HOME", (root() / "home").string()},
      {"TMPDIR", (root() / "tmp").string()},
      {"XDG_CACHE_HOME", (root() / "home" / ".cache").string()},
      {"CANARY_CACHE_DIR", (root() / "home" / ".cache" / "canary").string()},
  };
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv(*e);
    std::string key = kv.substr(0, kv.find('='));
    if (!overrides.count(key) && key != "NO_COLOR") env.push_back(kv);
  }
  for (const auto& [k, v] : overrides) env.push_back(k + "=" + v);

  const fs::path out_file = root() / "out" / "stdout", err_file = root() / "out" / "stderr";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  const std::string cwd = (root() / "work").string();
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  std::vector<char*> c_argv, c_env;
  for (auto& a : argv) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);
  for (auto& e : env) c_env.push_back(e.data());
  c_env.push_back(nullptr);

  // posix_spawn starts the child in this process's memory (vfork), and the
  // kernel records this process's peak resident size as the child's first:
  // a test that held 120 MB of input had canary "peak" at 190 MB. Reset that
  // peak to what is resident now (Linux 4.0+), so ru_maxrss measures canary.
  if (std::FILE* f = std::fopen("/proc/self/clear_refs", "w")) {
    std::fputs("5", f);
    std::fclose(f);
  }
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  int rc = posix_spawn(&pid, c_argv[0], &actions, nullptr, c_argv.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error(std::string("posix_spawn: ") + std::strerror(rc));

  MeasuredRun r;
  int status = 0;
  rusage usage{};
  for (;;) {
    pid_t done = ::wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) throw std::runtime_error(std::string("wait4: ") + std::strerror(errno));
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(guard_seconds * kGuardScale)) {
      ::kill(pid, SIGKILL);
      ::wait4(pid, &status, 0, &usage);
      r.hung = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.max_rss_kb = usage.ru_maxrss;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out_file);
  r.err = slurp(err_file);
  fs::remove(out_file);
  fs::remove(err_file);
  return r;
}

MeasuredRun Sandbox::scan(const std::string& artifact, nlohmann::json& report, std::vector<std::string> extra) const {
  std::vector<std::string> args{"scan", "--format", "jsonl", "--fail-on", "none", "--no-cache", "--no-config", "-q"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(artifact);
  MeasuredRun r = run(args);
  report = nlohmann::json();
  const size_t nl = r.out.find('\n');
  if (!r.out.empty()) {
    try {
      report = nlohmann::json::parse(r.out.substr(0, nl));
    } catch (const std::exception& e) {
      FAIL("canary printed no JSON report (" << e.what() << "): " << r.out.substr(0, 400) << "\nstderr: " << r.err);
    }
  }
  return r;
}

std::map<std::string, uintmax_t> Sandbox::snapshot() const {
  std::map<std::string, uintmax_t> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root(), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string rel = it->path().lexically_relative(root()).string();
    if (rel.rfind("out", 0) == 0) continue;  // canary's own stdout/stderr
    out[rel] = it->is_regular_file(ec) ? it->file_size(ec) : 0;
  }
  return out;
}

MeasuredRun scan_case(const Sandbox& box, const std::string& name, const std::filesystem::path& artifact,
                      nlohmann::json& report, std::vector<std::string> extra) {
  const auto before = box.snapshot();
  MeasuredRun r = box.scan(artifact.string(), report, std::move(extra));
  INFO("stderr: " << r.err);
  report_and_check_rss(name, r);
  CHECK(box.snapshot() == before);
  CHECK(r.exit_code < 128);
  return r;
}

void report_and_check_rss(const std::string& name, const MeasuredRun& r) {
  std::printf("hostile %-40s exit %d  %7.2f s  peak RSS %6.1f MiB\n", name.c_str(), r.exit_code, r.seconds,
              double(r.max_rss_kb) / 1024.0);
  std::fflush(stdout);
  CHECK_FALSE(r.hung);
#ifndef CANARY_SANITIZED
  CHECK(r.max_rss_kb < kMaxRssKb);
#endif
}

std::vector<std::string> finding_rules(const nlohmann::json& report) {
  std::vector<std::string> ids;
  if (report.contains("findings"))
    for (const auto& f : report["findings"]) ids.push_back(f["rule"].get<std::string>());
  return ids;
}

bool has_finding(const nlohmann::json& report, const std::string& rule) {
  for (const std::string& id : finding_rules(report))
    if (id == rule) return true;
  return false;
}

bool error_contains(const nlohmann::json& report, const std::string& text) {
  if (!report.contains("errors")) return false;
  for (const auto& e : report["errors"])
    if (e.get<std::string>().find(text) != std::string::npos) return true;
  return false;
}

// ---- TarStream ----

struct TarStream::Impl {
  std::ofstream file;
  bool gzip = false;
  z_stream zs{};
};

TarStream::TarStream(const fs::path& path, bool gzip) : impl_(new Impl) {
  impl_->file.open(path, std::ios::binary);
  if (!impl_->file) throw std::runtime_error("cannot write " + path.string());
  impl_->gzip = gzip;
  // windowBits 15 + 16: a gzip wrapper. Level 1: zeros and repeated text
  // compress well enough, and fast.
  if (gzip && deflateInit2(&impl_->zs, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
}

TarStream::~TarStream() {
  try {
    finish();
  } catch (...) {
  }
  if (impl_->gzip) deflateEnd(&impl_->zs);
  delete impl_;
}

void TarStream::write_out(const char* p, size_t n) {
  written_ += n;
  if (!impl_->gzip) {
    impl_->file.write(p, std::streamsize(n));
    return;
  }
  char buf[1 << 16];
  impl_->zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(p));
  impl_->zs.avail_in = uInt(n);
  do {
    impl_->zs.next_out = reinterpret_cast<Bytef*>(buf);
    impl_->zs.avail_out = sizeof buf;
    deflate(&impl_->zs, Z_NO_FLUSH);
    impl_->file.write(buf, std::streamsize(sizeof buf - impl_->zs.avail_out));
  } while (impl_->zs.avail_out == 0);
}

void TarStream::raw(const std::string& bytes) { write_out(bytes.data(), bytes.size()); }

void TarStream::header(const std::string& name, char typeflag, uint64_t size, const std::string& link,
                       uint32_t mode) {
  char h[512] = {};
  std::memcpy(h, name.data(), std::min<size_t>(name.size(), 100));
  std::snprintf(h + 100, 8, "%07o", mode);
  std::snprintf(h + 108, 8, "%07o", 1000);
  std::snprintf(h + 116, 8, "%07o", 1000);
  std::snprintf(h + 124, 12, "%011llo", static_cast<unsigned long long>(size));
  std::snprintf(h + 136, 12, "%011o", 1700000000);
  h[156] = typeflag;
  std::memcpy(h + 157, link.data(), std::min<size_t>(link.size(), 100));
  std::memcpy(h + 257, "ustar", 6);
  std::memcpy(h + 263, "00", 2);
  std::memcpy(h + 265, "user", 4);
  std::memcpy(h + 297, "user", 4);
  if (typeflag == '3' || typeflag == '4') {
    std::snprintf(h + 329, 8, "%07o", 1);
    std::snprintf(h + 337, 8, "%07o", 3);
  }
  std::memset(h + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  std::snprintf(h + 148, 8, "%06o", sum);
  h[155] = ' ';
  write_out(h, sizeof h);
}

void TarStream::data(const std::string& bytes) { write_out(bytes.data(), bytes.size()); }

void TarStream::pad() {
  static const char zeros[512] = {};
  if (written_ % 512) write_out(zeros, 512 - written_ % 512);
}

void TarStream::file(const std::string& name, const std::string& content) {
  header(name, '0', content.size());
  data(content);
  pad();
}

void TarStream::repeated_file(const std::string& name, const std::string& pattern, uint64_t size) {
  header(name, '0', size);
  std::string chunk;
  while (chunk.size() < (1u << 20)) chunk += pattern;
  uint64_t left = size;
  while (left > 0) {
    size_t n = size_t(std::min<uint64_t>(left, chunk.size()));
    write_out(chunk.data(), n);
    left -= n;
  }
  pad();
}

void TarStream::finish() {
  if (finished_) return;
  finished_ = true;
  static const char zeros[1024] = {};
  write_out(zeros, sizeof zeros);
  if (impl_->gzip) {
    char buf[1 << 16];
    int rc;
    do {
      impl_->zs.next_out = reinterpret_cast<Bytef*>(buf);
      impl_->zs.avail_out = sizeof buf;
      rc = deflate(&impl_->zs, Z_FINISH);
      impl_->file.write(buf, std::streamsize(sizeof buf - impl_->zs.avail_out));
    } while (rc != Z_STREAM_END);
  }
  impl_->file.close();
}

}  // namespace canary::test
