// Typosquatting (engine/typosquat.cpp): each kind of near miss against the
// shipped list, popular names never flagging each other, the allow-list, and
// the bounded distance itself.
#include <catch2/catch.hpp>
#include <chrono>
#include <iostream>

#include "engine/typosquat.hpp"

namespace canary {
namespace {

std::string match_of(std::string_view name) {
  auto m = TyposquatIndex::builtin().check(name);
  return m ? m->kind + ":" + m->target : "-";
}

TEST_CASE("typosquat: the shipped list is loaded in popularity order") {
  const TyposquatIndex& index = TyposquatIndex::builtin();
  CHECK(index.size() > 900);
  CHECK(index.is_popular("requests"));
  CHECK(index.is_popular("python-dateutil"));
  CHECK_FALSE(index.is_popular("reqeusts"));
}

TEST_CASE("typosquat: each kind of near miss names its target") {
  CHECK(match_of("reqeusts") == "swap:requests");
  CHECK(match_of("pythondateutil") == "separator:python-dateutil");
  CHECK(match_of("python_date.util") == "separator:python-dateutil");
  CHECK(match_of("nurnpy") == "homoglyph:numpy");
  CHECK(match_of("c0lorama") == "homoglyph:colorama");
  CHECK(match_of("requests-python") == "affix:requests");
  CHECK(match_of("python-requests") == "affix:requests");
  CHECK(match_of("pyrequests") == "affix:requests");
  CHECK(match_of("dateutil") == "affix:python-dateutil");
  CHECK(match_of("requestss") == "edit:requests");
  CHECK(match_of("beautifulsoup") == "edit:beautifulsoup4");
  CHECK(match_of("cryptograpy") == "edit:cryptography");
  CHECK(match_of("cryptogrophy") == "edit:cryptography");  // one letter changed
  CHECK(match_of("crytpograhpy") == "edit:cryptography");  // two transpositions
  auto m = TyposquatIndex::builtin().check("crytpograhpy");
  REQUIRE(m);
  CHECK(m->distance == 2);
  CHECK(m->rank > 0);
}

TEST_CASE("typosquat: popular names, their spellings, short and unrelated names are not reported") {
  for (const char* name : {"requests", "Requests", "typing_extensions", "Typing.Extensions", "boto3", "botocore",
                           "s3fs", "six", "sic", "idea", "rsa", "orders-service", "my-internal-tool", "flask-login",
                           "pytest-cov", "pytest-mock", "numpy", "scipy", "pydantic-core", "grpcio-tools"})
    CHECK(match_of(name) == "-");
  CHECK(match_of("") == "-");
}

TEST_CASE("typosquat: allow-listed pairs are not reported") {
  CHECK(match_of("docker-py") == "-");
  CHECK(match_of("msgpack-python") == "-");
  TyposquatIndex own({"requests", "urllib3"}, {{"request", "requests"}});
  CHECK_FALSE(own.check("request").has_value());
  CHECK(own.check("requets").has_value());
}

TEST_CASE("typosquat: bounded Damerau-Levenshtein") {
  CHECK(bounded_damerau_levenshtein("requests", "requests", 2) == 0);
  CHECK(bounded_damerau_levenshtein("requests", "reqeusts", 2) == 1);
  CHECK(bounded_damerau_levenshtein("requests", "requets", 2) == 1);
  CHECK(bounded_damerau_levenshtein("abc", "xyz", 2) == 3);  // over the bound: bound + 1
  CHECK(bounded_damerau_levenshtein("a", "abcdef", 2) == 3);
  CHECK(bounded_damerau_levenshtein("ca", "abc", 3) == 3);   // optimal string alignment, not full DL
}

// Not run by ctest (hidden tag): `build/tests/test_engine "[.bench]"` prints
// the cost of one check over names that are not popular, near misses included.
TEST_CASE("typosquat: cost of a check", "[.bench]") {
  const TyposquatIndex& index = TyposquatIndex::builtin();
  std::vector<std::string> names;
  for (const char* base : {"reqeusts", "nurnpy", "pythondateutil", "orders-service", "my-internal-tool-kit",
                           "cryptograpy", "beautifulsoup", "flask-login-extra", "zz", "aws-cdk-lib-extra"})
    for (int i = 0; i < 100; ++i) names.push_back(std::string(base) + (i % 2 ? "" : "x"));
  size_t hits = 0;
  auto start = std::chrono::steady_clock::now();
  for (const std::string& n : names) hits += index.check(n).has_value();
  std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
  std::cout << "typosquat: " << names.size() << " checks against " << index.size() << " names in " << took.count()
            << " us (" << took.count() / names.size() << " us per check, " << hits << " matches)\n";
  CHECK(hits > 0);
}

}  // namespace
}  // namespace canary
