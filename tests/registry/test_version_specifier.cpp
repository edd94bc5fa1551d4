// PEP 440 specifiers as `canary install NAME>=1,<2` matches them against an
// index's versions (registry/version_specifier.hpp).
#include <catch2/catch.hpp>

#include "registry/version_specifier.hpp"

using canary::registry::VersionSpecifier;

namespace {

VersionSpecifier spec(const std::string& text) {
  VersionSpecifier s;
  std::string error;
  INFO(text << ": " << error);
  REQUIRE(s.parse(text, error));
  return s;
}

std::string parse_error(const std::string& text) {
  VersionSpecifier s;
  std::string error;
  CHECK_FALSE(s.parse(text, error));
  return error;
}

}  // namespace

TEST_CASE("version specifier: comparison clauses and ranges", "[install][specifier]") {
  CHECK(spec("").contains("0.1"));
  CHECK(spec("").empty());
  VersionSpecifier range = spec(">=1.82.5, <1.82.7");
  CHECK_FALSE(range.contains("1.82.4"));
  CHECK(range.contains("1.82.5"));
  CHECK(range.contains("1.82.6"));
  CHECK_FALSE(range.contains("1.82.7"));
  CHECK(spec("==1.0").contains("1.0.0"));  // release segments pad with zeros
  CHECK_FALSE(spec("==1.0").contains("1.0.1"));
  CHECK(spec("!=1.82.8").contains("1.82.6"));
  CHECK_FALSE(spec("!=1.82.8").contains("1.82.8"));
  CHECK(spec("<=2.0").contains("2.0"));
  CHECK(spec(">2.0").contains("2.0.1"));
  CHECK_FALSE(spec(">2.0").contains("2.0"));
}

TEST_CASE("version specifier: wildcards, compatible release and arbitrary equality", "[install][specifier]") {
  CHECK(spec("==1.82.*").contains("1.82.8"));
  CHECK_FALSE(spec("==1.82.*").contains("1.83.0"));
  CHECK(spec("!=1.82.*").contains("1.83.0"));
  CHECK_FALSE(spec("!=1.82.*").contains("1.82.0"));
  // ~=1.4.5 is >=1.4.5, ==1.4.*
  CHECK(spec("~=1.4.5").contains("1.4.9"));
  CHECK_FALSE(spec("~=1.4.5").contains("1.4.4"));
  CHECK_FALSE(spec("~=1.4.5").contains("1.5.0"));
  CHECK(spec("~=1.4").contains("1.9"));
  CHECK_FALSE(spec("~=1.4").contains("2.0"));
  CHECK(spec("===1.0-Custom").contains("1.0-custom"));
  CHECK_FALSE(spec("===1.0").contains("1.0.0"));
}

TEST_CASE("version specifier: pre- and post-releases at the edges", "[install][specifier]") {
  // <2.0 does not let 2.0's own pre-releases in; >1.0 does not let 1.0's post-releases in.
  CHECK_FALSE(spec("<2.0").contains("2.0rc1"));
  CHECK(spec("<2.0").contains("1.9rc1"));
  CHECK(spec("<2.0rc2").contains("2.0rc1"));
  CHECK_FALSE(spec(">1.0").contains("1.0.post1"));
  CHECK(spec(">1.0.post1").contains("1.0.post2"));
  CHECK_FALSE(spec(">=1.0").allows_prereleases());
  CHECK(spec(">=2.0b1").allows_prereleases());
  CHECK_FALSE(spec("!=2.0b1").allows_prereleases());
}

TEST_CASE("version specifier: malformed clauses say what is wrong", "[install][specifier]") {
  CHECK(parse_error("1.0").find("no version operator") != std::string::npos);
  CHECK(parse_error(">=").find("has no version") != std::string::npos);
  CHECK(parse_error(">=1.*").find("wildcard goes only with == and !=") != std::string::npos);
  CHECK(parse_error("~=1").find("at least two numbers") != std::string::npos);
  CHECK(parse_error("==banana").find("not a PEP 440 version") != std::string::npos);
  CHECK(parse_error(">=1,").find("no version operator") != std::string::npos);
}
