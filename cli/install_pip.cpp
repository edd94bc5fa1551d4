#include "install_pip.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <sstream>

#include "uri_path.hpp"

extern char** environ;

namespace canary::cli {

namespace {

// pip install options that change where or how the scanned files are
// installed, and take a value.
constexpr std::array<const char*, 16> kValueOptions{
    "--target", "--prefix", "--root", "--platform", "--python-version", "--implementation", "--abi",
    "--config-settings", "--root-user-action", "--report", "--log", "--cache-dir", "--progress-bar",
    "--only-binary", "--no-binary", "--upgrade-strategy"};
constexpr std::array<std::pair<const char*, const char*>, 2> kShortValueOptions{{{"-t", "--target"},
                                                                                 {"-C", "--config-settings"}}};
// ... and take none.
constexpr std::array<const char*, 25> kFlags{
    "--upgrade", "--force-reinstall", "--ignore-installed", "--ignore-requires-python", "--user",
    "--no-warn-script-location", "--no-warn-conflicts", "--compile", "--no-compile", "--no-build-isolation",
    "--use-pep517", "--no-use-pep517", "--check-build-dependencies", "--break-system-packages", "--dry-run",
    "--verbose", "--quiet", "--no-cache-dir", "--no-color", "--no-input", "--require-virtualenv", "--prefer-binary",
    "--pre", "--isolated", "--disable-pip-version-check"};
constexpr std::array<std::pair<char, const char*>, 4> kShortFlags{
    {{'U', "--upgrade"}, {'I', "--ignore-installed"}, {'v', "--verbose"}, {'q', "--quiet"}}};
// Options that would make pip install something canary did not scan, or get
// it from somewhere else: refused with the reason.
constexpr std::array<std::pair<const char*, const char*>, 12> kRefused{{
    {"-r", "names more to install"},          {"--requirement", "names more to install"},
    {"-e", "names more to install"},          {"--editable", "names more to install"},
    {"-c", "changes what is resolved"},       {"--constraint", "changes what is resolved"},
    {"-i", "names an index to download from"}, {"--index-url", "names an index to download from"},
    {"--extra-index-url", "names an index to download from"}, {"-f", "names more places to download from"},
    {"--find-links", "names more places to download from"}, {"--src", "is for editable installs"},
}};

template <typename Range>
bool contains(const Range& r, const std::string& s) {
  return std::any_of(std::begin(r), std::end(r), [&](const char* x) { return s == x; });
}

// file:// URL of an absolute path, every byte but unreserved ones and '/'
// percent-encoded (RFC 8089).
std::string file_url(const std::filesystem::path& path) { return "file://" + uri_path(path.string()); }

}  // namespace

std::string check_pip_passthrough(const std::vector<std::string>& args) {
  const std::string kWhy = " (canary install gives pip only the files it scanned; options that pass through are "
                           "listed in docs/install.md)";
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    std::string name = a.substr(0, a.find('='));
    for (auto [opt, why] : kRefused)
      if (name == opt || (std::strlen(opt) == 2 && a.rfind(opt, 0) == 0))
        return "pip option " + a + " " + why + kWhy;
    if (a.empty() || a[0] != '-' || a == "-")
      return "pip argument '" + a + "' would be something more to install; give packages as SPEC before --" + kWhy;
    if (contains(kValueOptions, name)) {
      if (name == a && ++i >= args.size()) return "pip option " + a + " needs a value";
      continue;
    }
    if (contains(kFlags, a)) continue;
    bool short_value = false;
    for (auto [s, long_name] : kShortValueOptions)
      if (a.rfind(s, 0) == 0) {
        short_value = true;
        if (a == s && ++i >= args.size()) return "pip option " + a + " needs a value";
      }
    if (short_value) continue;
    // -U, -I, -v, -q and runs of them (-vv, -qU).
    auto short_flag = [](char c) {
      return std::any_of(kShortFlags.begin(), kShortFlags.end(), [c](auto f) { return f.first == c; });
    };
    if (a.size() >= 2 && a[1] != '-' && std::all_of(a.begin() + 1, a.end(), short_flag)) continue;
    return "pip option " + a + " is not passed through" + kWhy;
  }
  return "";
}

std::string requirements_text(const std::vector<PipRequirement>& files) {
  std::string out;
  for (const PipRequirement& f : files)
    out += f.name + " @ " + file_url(f.path) + " --hash=sha256:" + f.sha256 + "\n";
  return out;
}

std::vector<std::string> pip_install_argv(const std::vector<std::string>& pip,
                                          const std::filesystem::path& requirements,
                                          const std::vector<std::string>& passthrough) {
  std::vector<std::string> argv = pip;
  for (const char* a : {"install", "--no-deps", "--no-index", "--require-hashes", "--disable-pip-version-check"})
    argv.push_back(a);
  argv.push_back("-r");
  argv.push_back(requirements.string());
  argv.insert(argv.end(), passthrough.begin(), passthrough.end());
  return argv;
}

bool pip_supported_tags(const std::vector<std::string>& pip, const std::vector<std::string>& passthrough,
                        std::vector<std::string>& tags, std::string& error) {
  std::vector<std::string> argv = pip;
  for (const char* a : {"debug", "--verbose", "--disable-pip-version-check"}) argv.push_back(a);
  for (size_t i = 0; i < passthrough.size(); ++i) {
    const std::string& a = passthrough[i];
    std::string name = a.substr(0, a.find('='));
    if (name != "--platform" && name != "--python-version" && name != "--implementation" && name != "--abi") continue;
    argv.push_back(a);
    if (name == a && i + 1 < passthrough.size()) argv.push_back(passthrough[++i]);
  }
  std::string out;
  int status = run_program(argv, &out, error);
  if (status != 0) {
    if (status > 0) error = shell_command(argv) + " exited " + std::to_string(status);
    return false;
  }
  // "Compatible tags: N" then one indented tag per line.
  std::istringstream in(out);
  std::string line;
  bool in_tags = false;
  tags.clear();
  while (std::getline(in, line)) {
    if (line.rfind("Compatible tags:", 0) == 0) {
      in_tags = true;
      continue;
    }
    if (!in_tags) continue;
    if (line.empty() || (line[0] != ' ' && line[0] != '\t')) break;
    size_t a = line.find_first_not_of(" \t");
    tags.push_back(line.substr(a, line.find_last_not_of(" \t\r") - a + 1));
  }
  if (tags.empty()) {
    error = shell_command(argv) + " listed no compatible tags";
    return false;
  }
  return true;
}

int run_program(const std::vector<std::string>& argv, std::string* captured, std::string& error) {
  std::vector<char*> cargv;
  for (const std::string& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  std::cout.flush();
  std::cerr.flush();
  int pipefd[2] = {-1, -1};
  if (captured && ::pipe2(pipefd, O_CLOEXEC) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    return -1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (captured) {
    // Both streams: pip debug's warning about being a debugging aid is noise here.
    posix_spawn_file_actions_adddup2(&actions, pipefd[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pipefd[1], STDERR_FILENO);
  } else {
    posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO, STDOUT_FILENO);
  }
  pid_t pid = 0;
  int rc = ::posix_spawnp(&pid, cargv[0], &actions, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (captured) ::close(pipefd[1]);
  if (rc != 0) {
    if (captured) ::close(pipefd[0]);
    error = "cannot run " + argv[0] + ": " + std::strerror(rc);
    return -1;
  }
  if (captured) {
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(pipefd[0], buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      captured->append(buf, static_cast<size_t>(n));
    }
    ::close(pipefd[0]);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) {
      error = std::string("waitpid: ") + std::strerror(errno);
      return -1;
    }
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}

std::string shell_command(const std::vector<std::string>& argv) {
  std::string out;
  for (const std::string& a : argv) {
    if (!out.empty()) out += ' ';
    bool plain = !a.empty() && std::all_of(a.begin(), a.end(), [](unsigned char c) {
      return std::isalnum(c) || std::strchr("-_./=:+@,%", c) != nullptr;
    });
    if (plain) {
      out += a;
      continue;
    }
    out += '\'';
    for (char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += '\'';
  }
  return out;
}

}  // namespace canary::cli
