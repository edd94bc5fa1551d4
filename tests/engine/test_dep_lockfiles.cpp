// pyproject.toml, poetry.lock, uv.lock, Pipfile.lock and pylock.toml parsers
// on realistic files (tests/deps-files) and on malformed ones, which must name
// FILE:LINE.
#include <catch2/catch.hpp>

#include "engine/dependency_files.hpp"

namespace canary {
namespace {

std::string deps_dir() { return std::string(CANARY_SOURCE_DIR) + "/tests/deps-files"; }

const Dependency& find(const DependencyFile& f, std::string_view normalized, std::string_view group = "*") {
  for (const Dependency& d : f.dependencies)
    if (d.normalized == normalized && (group == "*" || d.group == group)) return d;
  FAIL("no dependency " << normalized);
  throw std::logic_error("unreachable");
}

std::string error_of(const std::string& text, DependencyFormat format, const std::string& path = "f") {
  try {
    parse_dependency_text(path, text, format);
  } catch (const DependencyFileError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST_CASE("pyproject: PEP 621, optional dependencies, dependency groups, build requires and Poetry tables") {
  DependencyFile f = parse_dependency_file(deps_dir() + "/pyproject/pyproject.toml");
  CHECK(f.format == DependencyFormat::Pyproject);
  CHECK_FALSE(f.is_lock);
  CHECK(find(f, "hatchling").group == "build-system");
  const Dependency& httpx = find(f, "httpx");
  CHECK(httpx.specifier == ">=0.25,<1");
  CHECK(httpx.origin.line == 10);
  CHECK(find(f, "pydantic").pinned);
  CHECK(find(f, "tomli").marker == "python_version < \"3.11\"");
  const Dependency& auth = find(f, "internal-auth");
  CHECK(auth.source == SourceKind::Vcs);
  CHECK(auth.vcs_ref == "2f1c9e8");
  const Dependency& psycopg = find(f, "psycopg");
  CHECK(psycopg.group == "extra:postgres");
  CHECK(psycopg.extras == std::vector<std::string>{"binary"});
  CHECK(find(f, "ruff").group == "group:lint");
  CHECK(find(f, "pytest").group == "group:test");  // {include-group} is skipped, not an error
  // Poetry: a bare version is exact, ^ and ~ are ranges, python is not a package.
  CHECK(find(f, "boto3").pinned);
  CHECK(find(f, "boto3").version == "1.29.6");
  CHECK_FALSE(find(f, "requests").pinned);
  CHECK(find(f, "requests").specifier == "^2.31");
  for (const Dependency& d : f.dependencies) CHECK(d.normalized != "python");
  int numpy = 0;
  for (const Dependency& d : f.dependencies) numpy += d.normalized == "numpy";
  CHECK(numpy == 2);
  CHECK(find(f, "legacy-sdk").source == SourceKind::Vcs);
  CHECK(find(f, "legacy-sdk").vcs_ref == "v3.2.0");
  CHECK(find(f, "local-utils").source == SourceKind::LocalPath);
  CHECK(find(f, "local-utils").editable);
  CHECK(find(f, "uvloop").version == "0.19.0");
  CHECK(find(f, "uvloop").marker == "sys_platform != 'win32'");
  CHECK(find(f, "black").group == "group:dev");
  // File order, whatever the tables' key order.
  for (size_t i = 1; i < f.dependencies.size(); ++i) CHECK(f.dependencies[i - 1].origin.line <= f.dependencies[i].origin.line);
}

TEST_CASE("poetry.lock: packages with files, a git source, a secondary index, the 1.1 metadata.files layout") {
  DependencyFile f = parse_dependency_file(deps_dir() + "/poetry/poetry.lock");
  CHECK(f.is_lock);
  REQUIRE(f.dependencies.size() == 5);
  const Dependency& cn = find(f, "charset-normalizer");
  CHECK(cn.pinned);
  CHECK(cn.version == "3.3.2");
  CHECK(cn.files.size() == 3);
  CHECK(cn.hashes.size() == 3);
  CHECK(cn.files[2].name == "charset_normalizer-3.3.2-py3-none-any.whl");
  CHECK(cn.files[2].sha256.size() == 64);
  CHECK(cn.origin.line == 14);  // its [[package]] header
  const Dependency& sdk = find(f, "legacy-sdk");
  CHECK(sdk.source == SourceKind::Vcs);
  CHECK(sdk.url == "git+https://git.example.invalid/vendor/legacy-sdk.git");
  CHECK(sdk.vcs_ref.size() == 40);  // resolved_reference wins over the tag
  CHECK(find(f, "private-metrics").index_url == "https://pkgs.example.invalid/simple");
  CHECK(find(f, "private-metrics").hashes.empty());

  DependencyFile old = parse_dependency_file(deps_dir() + "/poetry/poetry-1.1.lock", DependencyFormat::PoetryLock);
  REQUIRE(old.dependencies.size() == 2);
  CHECK(find(old, "six").files.size() == 2);
  CHECK(find(old, "pytest").group == "group:dev");
  CHECK(find(old, "pytest").hashes.empty());
}

TEST_CASE("uv.lock: registry packages with sdist and wheels, a git source, the project itself skipped") {
  DependencyFile f = parse_dependency_file(deps_dir() + "/uv/uv.lock");
  CHECK(f.format == DependencyFormat::UvLock);
  REQUIRE(f.dependencies.size() == 4);  // anyio, idna, sniffio, vendored-client; not orders-service
  const Dependency& sniffio = find(f, "sniffio");
  CHECK(sniffio.version == "1.3.0");
  CHECK(sniffio.index_url == "https://pypi.org/simple");
  REQUIRE(sniffio.files.size() == 3);
  CHECK(sniffio.files[0].name == "sniffio-1.3.0.tar.gz");
  CHECK(sniffio.files[2].name == "sniffio-1.3.0-cp312-none-win_amd64.whl");
  CHECK(sniffio.origin.line == 35);
  const Dependency& vc = find(f, "vendored-client");
  CHECK(vc.source == SourceKind::Vcs);
  CHECK(vc.url == "git+https://git.example.invalid/vendor/client?rev=main");
  CHECK(vc.vcs_ref.size() == 40);
}

TEST_CASE("Pipfile.lock: default and develop, hashes, markers, a git entry, lines found in the JSON") {
  DependencyFile f = parse_dependency_file(deps_dir() + "/pipenv/Pipfile.lock");
  REQUIRE(f.dependencies.size() == 4);
  const Dependency& flask = find(f, "flask");
  CHECK(flask.pinned);
  CHECK(flask.version == "3.0.0");
  CHECK(flask.hashes.size() == 2);
  CHECK(flask.marker == "python_version >= '3.8'");
  CHECK(flask.origin.line == 19);
  CHECK(f.dependencies[0].normalized == "flask");  // file order, not key order
  const Dependency& lib = find(f, "internal-lib");
  CHECK(lib.source == SourceKind::Vcs);
  CHECK(lib.editable);
  CHECK(lib.pinned);  // a full commit id
  CHECK(find(f, "pytest").group == "group:develop");
  CHECK(find(f, "pytest").hashes.empty());
}

TEST_CASE("pylock.toml: sdist and wheels tables, inline wheels, a VCS commit, an archive") {
  DependencyFile f = parse_dependency_file(deps_dir() + "/pylock/pylock.toml");
  REQUIRE(f.dependencies.size() == 4);
  const Dependency& attrs = find(f, "attrs");
  CHECK(attrs.version == "23.2.0");
  REQUIRE(attrs.files.size() == 2);
  CHECK(attrs.files[1].name == "attrs-23.2.0-py3-none-any.whl");
  CHECK(attrs.files[1].sha256.size() == 64);
  CHECK(find(f, "cattrs").marker == "python_version >= '3.8'");
  const Dependency& toolkit = find(f, "toolkit");
  CHECK(toolkit.source == SourceKind::Vcs);
  CHECK(toolkit.pinned);
  CHECK(toolkit.version.empty());
  const Dependency& blob = find(f, "blob");
  CHECK(blob.source == SourceKind::Url);
  CHECK(blob.hashes.size() == 1);
}

TEST_CASE("lock and pyproject files: malformed input names FILE:LINE") {
  CHECK(error_of("[project]\ndependencies = [\n  \"ok\",\n  \"bad name\",\n]\n", DependencyFormat::Pyproject) ==
        "f:4: expected a version operator (==, >=, <=, ~=, !=, <, >, ===) before 'name'");
  CHECK(error_of("[project]\ndependencies = \"requests\"\n", DependencyFormat::Pyproject) ==
        "f:2: 'dependencies' must be an array, not a string");
  CHECK(error_of("[project\nname = 1\n", DependencyFormat::Pyproject).rfind("f:1: invalid TOML: ", 0) == 0);
  CHECK(error_of("[tool.poetry.dependencies]\nfoo = {optional = true}\n", DependencyFormat::Pyproject) ==
        "f:2: 'foo' has none of version, git, url or path");
  CHECK(error_of("[[package]]\nname = \"x\"\n\n[[package]]\nname = \"y\"\nversion = 1\n", DependencyFormat::PoetryLock) ==
        "f:1: package 'x' has no version");
  CHECK(error_of("[[package]]\nname = \"x\"\nversion = \"1\"\nfiles = [{file = \"x.whl\", hash = \"sha256:12\"}]\n",
                 DependencyFormat::PoetryLock) == "f:4: hash: a sha256 digest has 64 hex digits, got 2");
  CHECK(error_of("[[package]]\nname = \"x\"\nversion = \"1\"\n", DependencyFormat::UvLock).rfind("f:1: no integer `version`", 0) == 0);
  CHECK(error_of("version = 1\n\n[[package]]\nname = \"x\"\nversion = \"1\"\n", DependencyFormat::UvLock) ==
        "f:3: package 'x' has no source");
  CHECK(error_of("version = 1\n[[package]]\nname = \"x\"\nsource = { registry = 5 }\n", DependencyFormat::UvLock) ==
        "f:4: 'registry' must be a string, not an integer");
  CHECK(error_of("{\n  \"_meta\": {},\n  \"default\": {\n    \"x\": {\"version\": \"1.0\"}\n  }\n}\n",
                 DependencyFormat::PipfileLock)
            .rfind("f:4: expected a version operator", 0) == 0);
  CHECK(error_of("{\n  \"_meta\": {},\n  \"default\": {\n    \"x\": {\"version\": \"==1.0\",}\n  }\n}\n",
                 DependencyFormat::PipfileLock)
            .rfind("f:4: invalid JSON", 0) == 0);
  // A number no double holds is nlohmann's out_of_range, not a parse_error:
  // it escaped the parser and ended `canary audit` (found by fuzz_dependency_files).
  CHECK(error_of("{\"_meta\": {\"hash\": 47e52617621}}", DependencyFormat::PipfileLock)
            .rfind("f:1: invalid JSON: number overflow parsing '47e52617621'", 0) == 0);
  CHECK(error_of("{\"default\": {}}", DependencyFormat::PipfileLock) == "f:1: no \"_meta\": not a Pipfile.lock");
  CHECK(error_of("lock-version = \"2.0\"\n", DependencyFormat::Pylock) == "f:1: lock-version 2.0 is not 1.x, the version canary reads");
  CHECK(error_of("lock-version = \"1.0\"\n[[packages]]\nname = \"x\"\nversion = \"1\"\n", DependencyFormat::Pylock) ==
        "f:2: package 'x' has no vcs, directory, archive, sdist or wheels");
  CHECK(error_of("lock-version = \"1.0\"\n[[packages]]\nname = \"x\"\n[packages.vcs]\ntype = \"git\"\nurl = \"u\"\n",
                 DependencyFormat::Pylock) == "f:4: vcs of 'x' has no commit-id (PEP 751 requires one)");
}

TEST_CASE("format from file name") {
  CHECK(format_from_file_name("a/requirements-dev.txt") == DependencyFormat::Requirements);
  CHECK(format_from_file_name("constraints.in") == DependencyFormat::Requirements);
  CHECK(format_from_file_name("x/pyproject.toml") == DependencyFormat::Pyproject);
  CHECK(format_from_file_name("uv.lock") == DependencyFormat::UvLock);
  CHECK(format_from_file_name("pylock.dev.toml") == DependencyFormat::Pylock);
  CHECK(format_from_file_name("Pipfile.lock") == DependencyFormat::PipfileLock);
  CHECK_FALSE(format_from_file_name("setup.cfg").has_value());
  try {
    parse_dependency_file("setup.cfg");
    FAIL("no error");
  } catch (const DependencyFileError& e) {
    CHECK(std::string(e.what()).find("--format") != std::string::npos);
  }
}

}  // namespace
}  // namespace canary
