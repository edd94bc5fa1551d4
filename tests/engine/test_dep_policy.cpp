// Policy findings about dependency files (engine/dep_policy.cpp) on the
// realistic fixtures and on small files aimed at one rule each.
#include <catch2/catch.hpp>

#include "engine/dep_policy.hpp"
#include "engine/dependency_files.hpp"
#include "engine/typosquat.hpp"

namespace canary {
namespace {

std::string deps_dir() { return std::string(CANARY_SOURCE_DIR) + "/tests/deps-files"; }

std::vector<std::string> ids_for(const std::vector<PolicyFinding>& findings, std::string_view package) {
  std::vector<std::string> out;
  for (const PolicyFinding& f : findings)
    if (f.package == package) out.push_back(f.id + ":" + std::string(to_string(f.severity)));
  return out;
}

std::vector<PolicyFinding> policy_of(const std::string& text, DependencyFormat format = DependencyFormat::Requirements,
                                     bool require_hashes = false) {
  PolicyOptions o;
  o.require_hashes = require_hashes;
  o.typosquats = &TyposquatIndex::builtin();
  return check_dependency_policy(parse_dependency_text("f", text, format), o);
}

using V = std::vector<std::string>;

TEST_CASE("policy: the realistic requirements tree") {
  PolicyOptions o;
  o.typosquats = &TyposquatIndex::builtin();
  std::vector<PolicyFinding> f = check_dependency_policy(parse_dependency_file(deps_dir() + "/requirements/requirements.txt"), o);
  // File options: the extra index and the trusted host.
  CHECK(ids_for(f, "") == V{"DEP_EXTRA_INDEX_URL:medium", "DEP_TRUSTED_HOST:medium"});
  // Hash-checking mode (some requirements have --hash): every pinned one without is reported.
  CHECK(ids_for(f, "pyyaml") == V{"DEP_MISSING_HASH:medium"});
  CHECK(ids_for(f, "requests").empty());
  CHECK(ids_for(f, "six") == V{"DEP_UNPINNED:medium", "DEP_MISSING_HASH:medium"});
  CHECK(ids_for(f, "Django") == V{"DEP_RANGE_VERSION:low", "DEP_MISSING_HASH:medium"});
  CHECK(ids_for(f, "celery") == V{"DEP_MISSING_HASH:medium"});  // pinned by constraints.txt, so not unpinned
  CHECK(ids_for(f, "mypkg") == V{"DEP_DIRECT_URL:medium"});
  CHECK(ids_for(f, "internal-tools") == V{"DEP_VCS:medium"});  // a tag can move
  CHECK(ids_for(f, "shared_lib") == V{"DEP_VCS:low"});          // a full commit
  CHECK(ids_for(f, "./local/plugin") == V{"DEP_LOCAL_PATH:info"});
  const std::string legacy = "http://mirror.example.invalid/packages/legacy_pkg-0.9.tar.gz";
  CHECK(ids_for(f, legacy) == V{"DEP_INSECURE_URL:high", "DEP_DIRECT_URL:medium", "DEP_MISSING_HASH:medium"});
  for (const PolicyFinding& p : f) CHECK(p.origin.line > 0);
}

TEST_CASE("policy: typosquats, with the target in the detail") {
  auto f = policy_of("reqeusts==2.31.0\nrequests==2.31.0\n");
  REQUIRE(ids_for(f, "reqeusts") == V{"DEP_TYPOSQUAT:high"});
  CHECK(f[0].detail.find("'requests'") != std::string::npos);
  CHECK(f[0].origin.line == 1);
}

TEST_CASE("policy: hashes required by flag, by the file, or by a lock") {
  CHECK(ids_for(policy_of("six==1.16.0\n"), "six").empty());
  CHECK(ids_for(policy_of("six==1.16.0\n", DependencyFormat::Requirements, true), "six") == V{"DEP_MISSING_HASH:medium"});
  CHECK(ids_for(policy_of("--require-hashes\nsix==1.16.0\n"), "six") == V{"DEP_MISSING_HASH:medium"});
  PolicyOptions o;
  auto lock = check_dependency_policy(parse_dependency_file(deps_dir() + "/poetry/poetry.lock"), o);
  CHECK(ids_for(lock, "private-metrics") == V{"DEP_ALTERNATE_INDEX:info", "DEP_MISSING_HASH:medium"});
  CHECK(ids_for(lock, "legacy-sdk") == V{"DEP_VCS:low"});
  CHECK(ids_for(lock, "requests").empty());
}

TEST_CASE("policy: pyproject ranges are information, insecure index options are high") {
  auto f = policy_of("[project]\ndependencies = [\"httpx>=0.25\", \"rich\"]\n", DependencyFormat::Pyproject);
  CHECK(ids_for(f, "httpx") == V{"DEP_RANGE_VERSION:info"});
  CHECK(ids_for(f, "rich") == V{"DEP_UNPINNED:info"});
  auto g = policy_of("--index-url http://pypi.example.invalid/simple\nsix==1\n");
  CHECK(ids_for(g, "") == V{"DEP_INSECURE_URL:high"});
}

}  // namespace
}  // namespace canary
