// `canary install` end to end: the built binary against the replica index on
// a local server (tests/support/test_index.hpp) and the machine's real pip,
// which gets --no-index and installs into a --target directory of the test:
// nothing is installed into any interpreter, nothing leaves 127.0.0.1, and
// nothing installed is ever imported or run.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "cli/cli_test_util.hpp"
#include "engine/archive_writer.hpp"
#include "engine/sha256.hpp"
#include "support/index_server.hpp"
#include "support/test_index.hpp"

using namespace canary::test;
namespace fs = std::filesystem;

namespace {

struct InstallIndex {
  IndexServer server;
  TempDir cache, target;
  InstallIndex() { publish_replica_index(server); }
  std::string url() const { return server.url() + "/simple/"; }
  // canary install --index-url URL --cache-dir CACHE ARGS; pip reads no
  // config file of the machine and keeps no cache.
  ProcessResult install(std::vector<std::string> args, RunOptions options = {}) {
    std::vector<std::string> argv{"install", "--index-url", url(),  "--cache-dir", cache.path().string(),
                                  "-q",      "--color",     "never"};
    argv.insert(argv.end(), args.begin(), args.end());
    options.env.push_back({"PIP_CONFIG_FILE", "/dev/null"});
    options.env.push_back({"PIP_NO_CACHE_DIR", "1"});
    options.env.push_back({"PIP_FIND_LINKS", std::nullopt});
    return run_canary(argv, options);
  }
  std::string target_dir() const { return target.path().string(); }
  bool target_empty() const { return fs::is_empty(target.path()); }
};

// The sha256 of a file as the replica index serves it.
std::string served_sha256(const std::string& project, const std::string& filename) {
  for (const IndexProject& p : replica_index_projects())
    if (p.name == project)
      for (const IndexRelease& r : p.releases)
        for (const IndexFile& f : r.files)
          if (f.filename == filename) return canary::sha256_hex(f.bytes);
  FAIL("no " << filename << " in the replica index");
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A real wheel or sdist named `filename` with one module, as the index serves it.
IndexFile built_file(const std::string& filename) {
  TempDir dir;
  const bool is_wheel = filename.size() > 4 && filename.compare(filename.size() - 4, 4, ".whl") == 0;
  std::vector<canary::ArchiveMember> members;
  if (is_wheel) {
    members = {{"tagged_pkg/__init__.py", "VALUE = 1\n"},
               {"tagged_pkg-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: tagged-pkg\nVersion: 1.0\n"},
               {"tagged_pkg-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\n"}};
  } else {
    members = {{"tagged_pkg-1.0/tagged_pkg/__init__.py", "VALUE = 1\n"},
               {"tagged_pkg-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: tagged-pkg\nVersion: 1.0\n"}};
  }
  std::string error;
  if (!canary::write_artifact_named(dir / filename, filename, members, error)) FAIL(error);
  std::ifstream in(dir / filename, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return {filename, bytes, is_wheel ? "bdist_wheel" : "sdist", ""};
}

// "cp311" for the python3 that installs.
std::string interpreter_tag() {
  ProcessResult r =
      run_process({"/usr/bin/env", "python3", "-c", "import sys; print('cp%d%d' % sys.version_info[:2])"});
  REQUIRE(r.exit_code == 0);
  return r.out.substr(0, r.out.find('\n'));
}

}  // namespace

TEST_CASE("install: the compromised release is refused and pip never runs", "[install]") {
  InstallIndex index;
  ProcessResult r = index.install({"litellm==1.82.8", "--", "--target", index.target_dir()});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.out, "litellm 1.82.8 on " + index.url()));
  CHECK(contains(r.out, "canary:PTH_SPAWNS_PROCESS"));
  CHECK(contains(r.out,
                 "refuse    litellm-1.82.8-py3-none-any.whl: MALICIOUS, score 10.0, at or above --fail-on HIGH_RISK"));
  CHECK(contains(r.err,
                 "canary install: refusing litellm 1.82.8 (litellm-1.82.8-py3-none-any.whl): MALICIOUS is at or "
                 "above --fail-on HIGH_RISK"));
  CHECK(contains(r.err, "canary install: nothing installed (--force installs anyway)"));
  // What to install instead, found as `canary check` finds it (1.82.7 is malicious too).
  CHECK(contains(r.out,
                 "rollback  litellm 1.82.6 is the most recent earlier release that scans clean (SAFE): "
                 "canary install litellm==1.82.6\n          skipped 1.82.7 (MALICIOUS)\n"));
  CHECK_FALSE(contains(r.out, "running "));
  CHECK(index.target_empty());
}

TEST_CASE("install: a clean release is installed by pip from the scanned file", "[install]") {
  InstallIndex index;
  const std::string sha = served_sha256("litellm", "litellm-1.82.6-py3-none-any.whl");
  // The index comes from PIP_INDEX_URL, as pip's users set it; pip itself gets --no-index.
  std::vector<std::string> argv{"install",  "--cache-dir",     index.cache.path().string(), "-q",
                                "--color",  "never",           "litellm==1.82.6",           "--",
                                "--target", index.target_dir()};
  RunOptions options;
  options.env = {{"PIP_INDEX_URL", index.url()},
                 {"PIP_CONFIG_FILE", "/dev/null"},
                 {"PIP_NO_CACHE_DIR", "1"},
                 {"PIP_FIND_LINKS", std::nullopt}};
  ProcessResult r = run_canary(argv, options);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.out, "pass      litellm-1.82.6-py3-none-any.whl: SAFE, score 0.0, below --fail-on HIGH_RISK"));
  CHECK(contains(r.out, "note      dependencies are not installed (pip --no-deps)"));
  CHECK(contains(r.out, "running   python3 -m pip install --no-deps --no-index --require-hashes"));
  CHECK(contains(r.out, "installed litellm 1.82.6 from litellm-1.82.6-py3-none-any.whl (sha256 " + sha + ")"));
  CHECK_FALSE(contains(r.out, "--no-build-isolation"));  // a wheel is not built
  // pip put the package's files in the target ...
  CHECK(fs::is_regular_file(index.target.path() / "litellm" / "__init__.py"));
  CHECK(fs::is_directory(index.target.path() / "litellm-1.82.6.dist-info"));
  CHECK_FALSE(fs::exists(index.target.path() / "litellm_init.pth"));
  // ... and asked the index for nothing: the project page was read once, by canary.
  CHECK(index.server.hits("/simple/litellm/") == 1);
}

TEST_CASE("install: --force installs a flagged release with a loud warning", "[install]") {
  InstallIndex index;
  ProcessResult r = index.install({"--force", "litellm==1.82.8", "--", "--target", index.target_dir(), "--no-compile"});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.out,
                 "FORCED    litellm-1.82.8-py3-none-any.whl: MALICIOUS, score 10.0, at or above --fail-on HIGH_RISK"));
  CHECK(contains(
      r.err, "*** canary install: WARNING: --force: installing what canary flagged at or above --fail-on HIGH_RISK"));
  CHECK(contains(r.err, "***   litellm-1.82.8-py3-none-any.whl  MALICIOUS, score 10.0"));
  CHECK(contains(r.out, "installed litellm 1.82.8 from litellm-1.82.8-py3-none-any.whl"));
  // The inert replica's .pth is in the target directory, which no interpreter reads at start-up.
  CHECK(fs::is_regular_file(index.target.path() / "litellm_init.pth"));
}

TEST_CASE("install: a download that does not match the published sha256 is never installed", "[install]") {
  InstallIndex index;
  for (bool force : {false, true}) {
    std::vector<std::string> args{"digest-mismatch", "--", "--target", index.target_dir()};
    if (force) args.insert(args.begin(), "--force");
    ProcessResult r = index.install(args);
    INFO((force ? "--force " : "") << r.out << r.err);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "canary:INDEX_DIGEST_MISMATCH"));
    CHECK(contains(r.out, "refuse    digest_mismatch-1.0-py3-none-any.whl: not the file the index published"));
    CHECK(contains(r.out, "never installed, not even with --force"));
    CHECK(contains(r.err, "nothing installed: a download does not match the sha256 the index publishes"));
    CHECK(index.target_empty());
  }
}

TEST_CASE("install: --dry-run scans and shows the pip command pinned to the scanned file", "[install]") {
  InstallIndex index;
  const std::string sha = served_sha256("litellm", "litellm-1.82.6-py3-none-any.whl");
  ProcessResult r = index.install({"--dry-run", "litellm>=1.82.5,<1.82.7", "--", "--target", index.target_dir()});
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.out,
                 "dry run   would run: python3 -m pip install --no-deps --no-index --require-hashes "
                 "--disable-pip-version-check -r /"));
  CHECK(contains(r.out, "/requirements.txt --target " + index.target_dir() + "\n"));
  // The requirement is the private copy that was scanned, by path and hash.
  const std::string line_start = "            litellm @ file:///";
  size_t at = r.out.find(line_start);
  REQUIRE(at != std::string::npos);
  std::string line = r.out.substr(at, r.out.find('\n', at) - at);
  CHECK(contains(line, "/canary-install-"));
  CHECK(contains(line, "/litellm-1.82.6-py3-none-any.whl --hash=sha256:" + sha));
  CHECK(contains(r.out, "(nothing installed; the directory is removed when canary exits)"));
  CHECK(index.target_empty());
  // The private directory is gone once canary has exited.
  std::string dir = line.substr(line.find("file://") + 7);
  dir = dir.substr(0, dir.find("/litellm-1.82.6"));
  CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("install: which release and which file a spec resolves to", "[install]") {
  InstallIndex index;
  SECTION("no version: the newest that is not yanked") {
    ProcessResult r = index.install({"--dry-run", "clipboard-helper"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "clipboard-helper 0.9 (latest) on "));
  }
  SECTION("a range that only yanked releases match") {
    ProcessResult r = index.install({"--dry-run", "clipboard-helper>0.9"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "every release of clipboard-helper>0.9 on " + index.url() +
                              " is yanked: 1.0 (\"Broken clipboard access on Wayland\"); pin one with ==VERSION"));
  }
  SECTION("an exact pin installs a yanked release, with a warning (PEP 592)") {
    ProcessResult r = index.install({"--dry-run", "clipboard-helper==1.0"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.err, "warning: clipboard-helper 1.0 is yanked (\"Broken clipboard access on Wayland\")"));
  }
  SECTION("--only sdist takes the sdist") {
    ProcessResult r = index.install({"--dry-run", "--only", "sdist", "litellm==1.82.6"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "/litellm-1.82.6.tar.gz --hash=sha256:" + served_sha256("litellm", "litellm-1.82.6.tar.gz")));
    // Built with the environment's build backend: pip fetches no build requirement canary has not scanned.
    CHECK(contains(r.out, "--disable-pip-version-check -r "));
    CHECK(contains(r.out, "/requirements.txt --no-build-isolation\n"));
  }
  SECTION("a wheel is preferred over the sdist") {
    ProcessResult r = index.install({"--dry-run", "litellm==1.82.6"});
    CHECK(contains(r.out, "/litellm-1.82.6-py3-none-any.whl --hash=sha256:"));
  }
  SECTION("an unknown project") {
    ProcessResult r = index.install({"--dry-run", "no-such-project"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "canary install: error: no project no-such-project on " + index.url()));
    CHECK(contains(r.err, "canary install: nothing installed"));
  }
  SECTION("an unknown version lists the nearby ones") {
    ProcessResult r = index.install({"--dry-run", "litellm==1.82.9"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err,
                   "no version 1.82.9 of litellm on " + index.url() + " (nearby versions: 1.82.6, 1.82.7, 1.82.8)"));
  }
  SECTION("no release matches") {
    ProcessResult r = index.install({"--dry-run", "litellm>=2"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "no release of litellm on " + index.url() +
                              " matches >=2 (newest versions: 1.82.5, 1.82.6, 1.82.7, 1.82.8)"));
  }
  SECTION("several specs: one refused file means nothing is installed") {
    ProcessResult r = index.install({"benign-subprocess-tool==2.0", "litellm", "--", "--target", index.target_dir()});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "pass      benign_subprocess_tool-2.0-py3-none-any.whl"));
    CHECK(contains(r.out, "refuse    litellm-1.82.8-py3-none-any.whl"));
    CHECK(index.target_empty());
  }
}

TEST_CASE("install: usage errors install nothing", "[install]") {
  InstallIndex index;
  auto usage = [&](std::vector<std::string> args, const std::string& message) {
    ProcessResult r = index.install(args);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, message));
    CHECK(r.out.empty());
  };
  usage({}, "nothing to install");
  usage({"litellm", "--", "-r", "requirements.txt"}, "pip option -r names more to install");
  usage({"litellm", "--", "--index-url=https://example.invalid/simple/"},
        "pip option --index-url=https://example.invalid/simple/ names an index");
  usage({"litellm", "--", "--target", index.target_dir(), "requests"},
        "pip argument 'requests' would be something more to install");
  usage({"litellm", "--", "--no-deps-please"}, "pip option --no-deps-please is not passed through");
  usage({"litellm @ https://example.invalid/litellm.whl"}, "is a URL or a path");
  usage({"litellm; python_version < '3'"}, "has an environment marker");
  usage({"litellm>=banana"}, "is not a PEP 440 version");
  usage({"litellm>>1"}, "is not a requirement");
  usage({"litellm", "LiteLLM==1.82.6"}, "name the same project");
  usage({"--python", "python3", "--pip", "pip3", "litellm"}, "excludes");
  CHECK(index.server.hits("/simple/litellm/") == 0);
}

TEST_CASE("install: pip that cannot be run is an error of its own", "[install]") {
  InstallIndex index;
  ProcessResult r = index.install({"--python", "/nonexistent/python3", "litellm==1.82.6"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 4);
  CHECK(contains(r.err, "canary install: error: cannot run /nonexistent/python3"));
}

TEST_CASE("install: the wheel the interpreter ranks best, else the sdist", "[install]") {
  InstallIndex index;
  const std::string cp = interpreter_tag();
  IndexProject project{"tagged-pkg", {}};
  IndexRelease release;
  release.version = "1.0";
  release.files = {built_file("tagged_pkg-1.0-cp27-cp27m-win32.whl"), built_file("tagged_pkg-1.0.tar.gz")};
  project.releases.push_back(release);
  publish(index.server, project);
  IndexProject ranked{"ranked-pkg", {}};
  release.files = {built_file("ranked_pkg-1.0-py3-none-any.whl"), built_file("ranked_pkg-1.0-" + cp + "-none-any.whl"),
                   built_file("ranked_pkg-1.0.tar.gz")};
  ranked.releases.push_back(release);
  publish(index.server, ranked);

  SECTION("a wheel built for this interpreter beats the pure-Python one and the sdist (pip debug's tag order)") {
    ProcessResult r = index.install({"--dry-run", "ranked-pkg"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "/ranked_pkg-1.0-" + cp + "-none-any.whl --hash=sha256:"));
  }
  SECTION("no wheel fits: the sdist, built without fetching build requirements") {
    ProcessResult r = index.install({"--dry-run", "tagged-pkg"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.err, "warning: no wheel fits; installing the sdist tagged_pkg-1.0.tar.gz"));
    CHECK(contains(r.out, "/tagged_pkg-1.0.tar.gz --hash=sha256:"));
    CHECK(contains(r.out, "/requirements.txt --no-build-isolation\n"));
  }
  SECTION("--only wheel and none fits: an error naming each file") {
    ProcessResult r = index.install({"--dry-run", "--only", "wheel", "tagged-pkg"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err,
                   "tagged-pkg 1.0 has no wheel that fits the interpreter (its files: "
                   "tagged_pkg-1.0-cp27-cp27m-win32.whl (does not fit the interpreter), "
                   "tagged_pkg-1.0.tar.gz (--only wheel))"));
  }
}

TEST_CASE("install: --offline installs from what an earlier run cached, and names what is missing", "[install]") {
  InstallIndex index;
  ProcessResult first = index.install({"--dry-run", "litellm==1.82.6"});
  REQUIRE(first.exit_code == 0);
  ProcessResult again = index.install({"--offline", "litellm==1.82.6", "--", "--target", index.target_dir()});
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  CHECK(fs::is_regular_file(index.target.path() / "litellm" / "__init__.py"));
  ProcessResult missing = index.install({"--offline", "benign-subprocess-tool"});
  CHECK(missing.exit_code == 3);
  CHECK(contains(missing.err, "missing from the cache: index page " + index.url() + "benign-subprocess-tool/"));
}
