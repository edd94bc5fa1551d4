// pip requirements files (engine/dep_requirements.cpp) on the realistic tree in
// tests/deps-files/requirements: includes two levels deep, a constraints file,
// hashes continued over lines, markers, extras, URLs, VCS and editables; and
// malformed files, which must name FILE:LINE.
#include <catch2/catch.hpp>

#include "engine/dependency_files.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"
#include "cli/cli_test_util.hpp"

namespace canary {
namespace {

std::string deps_dir() { return std::string(CANARY_SOURCE_DIR) + "/tests/deps-files"; }

const Dependency& find(const DependencyFile& f, std::string_view normalized) {
  for (const Dependency& d : f.dependencies)
    if (d.normalized == normalized) return d;
  FAIL("no dependency " << normalized);
  throw std::logic_error("unreachable");
}

std::string error_of(const std::string& path, const std::string& text, DependencyFormat format = DependencyFormat::Requirements) {
  try {
    parse_dependency_text(path, text, format);
  } catch (const DependencyFileError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST_CASE("requirements: a realistic tree with includes, constraints, hashes, markers, URLs and VCS") {
  std::string top = deps_dir() + "/requirements/requirements.txt";
  DependencyFile f = parse_dependency_file(top);
  REQUIRE(f.format == DependencyFormat::Requirements);
  REQUIRE(f.included.size() == 4);  // requirements, base, common/shared, constraints
  CHECK(f.included[1] == deps_dir() + "/requirements/base.txt");
  CHECK(f.included[2] == deps_dir() + "/requirements/common/shared.txt");

  // Includes appear where their -r line is, two levels deep, each with its own FILE:LINE.
  const Dependency& pyyaml = find(f, "pyyaml");
  CHECK(pyyaml.origin.str() == deps_dir() + "/requirements/common/shared.txt:1");
  CHECK(pyyaml.pinned);
  CHECK(pyyaml.version == "6.0.1");
  CHECK(find(f, "certifi").version == "2023.7.22");  // the trailing comment is not part of it
  CHECK(find(f, "attrs").origin.line == 3);
  CHECK_FALSE(find(f, "six").pinned);
  CHECK(f.dependencies.front().normalized == "pyyaml");

  const Dependency& celery_pin = *std::find_if(f.dependencies.begin(), f.dependencies.end(),
                                               [](const Dependency& d) { return d.normalized == "celery" && d.constraint; });
  CHECK(celery_pin.version == "5.3.4");

  // A requirement continued over three lines: one logical line, the first line's number, both hashes.
  const Dependency& requests = find(f, "requests");
  CHECK(requests.origin.line == 10);
  CHECK(requests.extras == std::vector<std::string>{"socks", "security"});
  CHECK(requests.pinned);
  CHECK(requests.version == "2.31.0");
  REQUIRE(requests.hashes.size() == 2);
  CHECK(requests.hashes[0].rfind("sha256:49c27f94", 0) == 0);
  CHECK(find(f, "urllib3").hashes.size() == 1);

  const Dependency& django = find(f, "django");
  CHECK(django.name == "Django");
  CHECK(django.specifier == ">=4.2,<5.0");
  CHECK_FALSE(django.pinned);
  CHECK(find(f, "tomli").marker == "python_version < \"3.11\"");  // quotes kept
  CHECK(find(f, "pywin32").marker == "sys_platform == \"win32\"");
  CHECK(find(f, "uvicorn").version == "0.23.2");  // the parenthesised form

  const Dependency& mypkg = find(f, "mypkg");
  CHECK(mypkg.source == SourceKind::Url);
  CHECK(mypkg.hashes.size() == 1);  // from #sha256=
  const Dependency& tools = find(f, "internal-tools");
  CHECK(tools.source == SourceKind::Vcs);
  CHECK(tools.vcs_ref == "v1.4");
  const Dependency& shared = find(f, "shared-lib");
  CHECK(shared.editable);
  CHECK(shared.source == SourceKind::Vcs);
  CHECK(shared.vcs_ref.size() == 40);  // git@host is the user part, not a revision
  const Dependency& plugin = f.dependencies[f.dependencies.size() - 2];
  CHECK(plugin.source == SourceKind::LocalPath);
  CHECK(plugin.editable);
  CHECK(plugin.name.empty());
  const Dependency& legacy = f.dependencies.back();
  CHECK(legacy.source == SourceKind::Url);
  CHECK(legacy.url.rfind("http://", 0) == 0);

  REQUIRE(f.options.size() == 3);
  CHECK(f.options[0].name == "--index-url");
  CHECK(f.options[1].name == "--extra-index-url");
  CHECK(f.options[1].value == "https://pkgs.example.invalid/simple");
  CHECK(f.options[2].origin.line == 5);
}

TEST_CASE("requirements: an include cycle is refused with the chain and the -r line") {
  std::string a = deps_dir() + "/requirements/cycle/a.txt";
  try {
    parse_dependency_file(a);
    FAIL("no error");
  } catch (const DependencyFileError& e) {
    std::string what = e.what();
    CHECK(what.rfind(deps_dir() + "/requirements/cycle/b.txt:2: include cycle: ", 0) == 0);
    CHECK(what.find("a.txt -> ") != std::string::npos);
  }
}

TEST_CASE("requirements: a missing include names the including line") {
  test::TempDir dir;
  test::write_file(dir / "req.txt", "six==1.16.0\n\n-r missing.txt\n");
  try {
    parse_dependency_file((dir / "req.txt").string());
    FAIL("no error");
  } catch (const DependencyFileError& e) {
    CHECK(e.where().line == 3);
    CHECK(std::string(e.what()).find("cannot read included file") != std::string::npos);
  }
}

TEST_CASE("requirements: malformed lines give FILE:LINE and a reason") {
  CHECK(error_of("r.txt", "six\nrequests=2.0\n") ==
        "r.txt:2: expected a version operator (==, >=, <=, ~=, !=, <, >, ===) before '=2.0'");
  CHECK(error_of("r.txt", "a\nb\nflask --frobnicate\n") ==
        "r.txt:3: unknown option '--frobnicate' (pip refuses it in a requirements file too)");
  CHECK(error_of("r.txt", "six==1 --hash=sha256:abc\n") == "r.txt:1: --hash: a sha256 digest has 64 hex digits, got 3");
  CHECK(error_of("r.txt", "six==1 --hash=md5:abc\n") ==
        "r.txt:1: --hash: unsupported hash algorithm 'md5' (pip accepts sha256, sha384, sha512)");
  CHECK(error_of("r.txt", "requests[socks\n") == "r.txt:1: unclosed '[' in the extras of 'requests'");
  CHECK(error_of("r.txt", "--index-url\n") == "r.txt:1: option '--index-url' needs a value");
  CHECK(error_of("r.txt", "six==1.0 --index-url x\n") == "r.txt:1: '--index-url' belongs on a line of its own");
  CHECK(error_of("r.txt", "six ;\n") == "r.txt:1: empty environment marker after ';'");
  CHECK(error_of("r.txt", "-r https://example.invalid/r.txt\n").find("r.txt:1: include of a URL") == 0);
  CHECK(error_of("r.txt", "\n\n# c\nsix==1 \\\n  --hash=sha256:zz\n").find("r.txt:4: --hash:") == 0);
  CHECK(error_of("r.txt", "-e\n") == "r.txt:1: option '-e' needs a value");
  CHECK(error_of("r.txt", "_bad==1\n").find("r.txt:1: invalid project name '_bad'") == 0);
}

TEST_CASE("requirements: option spellings, continuation at EOF, CRLF, === and wildcards") {
  DependencyFile f = parse_dependency_text(
      "r.txt",
      "--require-hashes\r\n-i https://pypi.org/simple\r\nfoo===1.0+local\r\nbar==1.*\r\nbaz~=1.4\r\n"
      "qux==2.0 --hash sha256:" + std::string(64, 'a') + " \\\r\n",
      DependencyFormat::Requirements);
  REQUIRE(f.dependencies.size() == 4);
  CHECK(f.options[0].name == "--require-hashes");
  CHECK(f.options[1].name == "--index-url");
  CHECK(f.dependencies[0].pinned);
  CHECK(f.dependencies[0].version == "1.0+local");
  CHECK_FALSE(f.dependencies[1].pinned);  // a wildcard is a range
  CHECK_FALSE(f.dependencies[2].pinned);
  CHECK(f.dependencies[3].hashes.size() == 1);
  CHECK(f.dependencies[3].origin.line == 6);
}

}  // namespace
}  // namespace canary
