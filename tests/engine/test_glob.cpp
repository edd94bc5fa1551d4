#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "engine/glob.hpp"

using canary::Glob;
using canary::glob_match;

static bool m(const char* glob, const char* path) {
  Glob g;
  std::string err;
  REQUIRE(Glob::compile(glob, g, err));
  return g.matches(path);
}

TEST_CASE("glob without a slash matches the file name at any depth", "[glob]") {
  CHECK(m("*.pth", "litellm_init.pth"));
  CHECK(m("*.pth", "site-packages/deep/x.pth"));
  CHECK_FALSE(m("*.pth", "x.pth.txt"));
  CHECK(m("setup.py", "setup.py"));
  CHECK(m("setup.py", "vendor/pkg/setup.py"));
  CHECK_FALSE(m("setup.py", "mysetup.py"));
}

TEST_CASE("glob with a slash matches the whole path, leading slash anchors", "[glob]") {
  CHECK(m("/setup.py", "setup.py"));
  CHECK_FALSE(m("/setup.py", "sub/setup.py"));
  CHECK(m("pkg/*.py", "pkg/a.py"));
  CHECK_FALSE(m("pkg/*.py", "pkg/sub/a.py"));
  CHECK(m("**/__init__.py", "__init__.py"));
  CHECK(m("**/__init__.py", "a/b/c/__init__.py"));
  CHECK(m("tests/**", "tests/a/b.py"));
  CHECK_FALSE(m("tests/**", "src/tests_x.py"));
  CHECK(m("a/**/z.py", "a/z.py"));
  CHECK(m("a/**/z.py", "a/b/c/z.py"));
}

TEST_CASE("glob classes and single characters", "[glob]") {
  CHECK(m("[st]etup.py", "setup.py"));
  CHECK_FALSE(m("[!s]etup.py", "setup.py"));
  CHECK(m("file?.py", "file1.py"));
  CHECK_FALSE(m("file?.py", "file12.py"));
  CHECK(m("x[a-c].txt", "xb.txt"));
}

TEST_CASE("malformed globs are rejected with a message", "[glob]") {
  Glob g;
  std::string err;
  CHECK_FALSE(Glob::compile("[abc", g, err));
  CHECK(err.find("unclosed") != std::string::npos);
  CHECK_FALSE(Glob::compile("", g, err));
}

TEST_CASE("pathological globs terminate", "[glob]") {
  std::string pat(40, '*');
  pat += "x";
  std::string path(5000, 'a');
  Glob g;
  std::string err;
  REQUIRE(Glob::compile(pat, g, err));
  CHECK_FALSE(g.matches(path));
}

TEST_CASE("very long paths still match: no length cap to hide behind", "[glob]") {
  std::string deep;
  for (int i = 0; i < 3000; ++i) deep += "d/";
  deep += "evil.pth";
  CHECK(m("*.pth", deep.c_str()));
  CHECK(m("**/evil.pth", deep.c_str()));
  CHECK(m("d/**/*.pth", deep.c_str()));
  CHECK_FALSE(m("/evil.pth", deep.c_str()));
}

TEST_CASE("escaped glob characters match literally", "[glob]") {
  CHECK(m("a\\*b", "a*b"));
  CHECK_FALSE(m("a\\*b", "axb"));
}

// Glob::matches decides most pairs from the literal text a glob starts and
// ends with; it must agree with the full match everywhere, `**/` matching
// zero directories and escapes included.
TEST_CASE("the literal-ends shortcut agrees with the full match", "[glob]") {
  const std::vector<std::string> pieces{"a", "b", ".py", "/", "*", "**", "**/", "?", "[ab]", "[!a]", "\\*", "x"};
  const std::vector<std::string> path_pieces{"a", "b", ".py", "/", "x", "*", "ab/", "setup.py"};
  std::mt19937 rng(20261202);
  auto pick = [&](const std::vector<std::string>& from, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += from[rng() % from.size()];
    return out;
  };
  int matched = 0;
  for (int g = 0; g < 400; ++g) {
    std::string text = pick(pieces, 1 + static_cast<int>(rng() % 4));
    if (rng() % 4 == 0) text = "/" + text;
    Glob glob;
    std::string error;
    if (!Glob::compile(text, glob, error)) continue;
    const bool anchored = text.front() == '/';
    const std::string body = anchored ? text.substr(1) : text;
    const bool name_only = text.find('/') == std::string::npos;
    for (int p = 0; p < 40; ++p) {
      const std::string path = pick(path_pieces, static_cast<int>(rng() % 5));
      std::string_view s = path;
      if (name_only && path.rfind('/') != std::string::npos) s = s.substr(path.rfind('/') + 1);
      const bool expected = glob_match(body, s);
      INFO("glob " << text << " path " << path);
      CHECK(glob.matches(path) == expected);
      matched += expected;
    }
  }
  CHECK(matched > 100);  // the generator does produce matches, not only misses
}

TEST_CASE("a directory anywhere (**/DIR/**) agrees with the full match", "[glob]") {
  const std::vector<std::string> path_pieces{"tests", "test", "/", "a", "xtests", "tests_", ".py", "//"};
  std::mt19937 rng(20261203);
  int matched = 0;
  for (const std::string text : {"**/tests/**", "**/a/**", "/**/tests/**", "**/.py/**"}) {
    Glob glob;
    std::string error;
    REQUIRE(Glob::compile(text, glob, error));
    const std::string body = text.front() == '/' ? text.substr(1) : text;
    for (int p = 0; p < 3000; ++p) {
      std::string path;
      for (int i = static_cast<int>(rng() % 7); i > 0; --i) path += path_pieces[rng() % path_pieces.size()];
      INFO("glob " << text << " path " << path);
      const bool expected = glob_match(body, path);
      CHECK(glob.matches(path) == expected);
      matched += expected;
    }
  }
  CHECK(matched > 200);  // the generator does produce matches
  Glob g;
  std::string error;
  REQUIRE(Glob::compile("**/tests/**", g, error));
  CHECK(g.matches("tests/test_x.py"));
  CHECK(g.matches("pkg/tests/sub/test_x.py"));
  CHECK_FALSE(g.matches("pkg/tests"));
  CHECK_FALSE(g.matches("pkg/xtests/a.py"));
  CHECK_FALSE(g.matches("pkg/tests_x/a.py"));
  // `**/` stands for whole directories: a name ending in "tests" is not one
  // (this once matched, so `contests/` escaped rules excluding tests).
  CHECK_FALSE(g.matches("pkg/contests/a.py"));
  CHECK_FALSE(glob_match("**/tests/**", "pkg/contests/a.py"));
  CHECK_FALSE(glob_match("a/**/b.py", "a/xb.py"));
  CHECK(glob_match("a/**/b.py", "a/b.py"));
  CHECK(glob_match("a/**/b.py", "a/x/y/b.py"));
  CHECK(glob_match("**/b.py", "b.py"));
  CHECK_FALSE(glob_match("**/b.py", "ab.py"));
}
