// required_literals: the prefilter literals of #match? predicates. Each
// answer is checked against the rule every answer must obey: every string the
// regex matches (here: samples it must match) contains one of the literals.
#include <catch2/catch.hpp>

#include "engine/hs_util.hpp"
#include "engine/regex_literals.hpp"

using canary::relaxed_regex;
using canary::required_literals;
using Strings = std::vector<std::string>;

namespace {

bool contains_one(const std::string& text, const Strings& literals) {
  for (const std::string& l : literals)
    if (text.find(l) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("required literals of the regexes rules write", "[regex_literals]") {
  CHECK(required_literals("^(system|popen|Popen|run)$") == Strings{"Popen", "popen", "run", "system"});
  CHECK(required_literals("\\b(b64decode|unhexlify|fromhex)\\s*[(]") == Strings{"b64decode", "fromhex", "unhexlify"});
  // The best of several required parts: the one whose shortest literal is longest.
  CHECK(required_literals("^(sys[.]argv\\[0\\]|__file__|sys[.]executable)$") ==
        Strings{"__file__", "argv[0]", "executable"});
  CHECK(required_literals("SetValueEx?\\s*[(]|schtasks[^\\n]{0,20}/create") == Strings{"SetValueE", "schtasks"});
  CHECK(required_literals("(?:exec|eval)\\(") == Strings{"eval", "exec"});
  CHECK(required_literals("ab+c") == Strings{"ab"});
  CHECK(required_literals("x{2,}yz") == Strings{"yz"});
  // \xHH is one byte; a class of at most 8 bytes requires one of them.
  CHECK(required_literals("\\xEF\\xBC[\\xA1-\\xBA]|\\xEF\\xBD[\\x81-\\x9A]") == Strings{"\xEF\xBC", "\xEF\xBD"});
  CHECK(required_literals("[A-Za-z][\\xD0-\\xD3][\\x80-\\xBF]") == Strings{"\xD0", "\xD1", "\xD2", "\xD3"});
  CHECK(required_literals("^[aw]") == Strings{"a", "w"});
  CHECK(required_literals("[^a]bc") == Strings{"bc"});  // a negated class requires nothing
  CHECK(required_literals("\\x41BC") == Strings{"ABC"});
}

TEST_CASE("no literals when a match can do without them", "[regex_literals]") {
  CHECK(required_literals("^[a-z]").empty());           // classes of more than 8 bytes only
  CHECK(required_literals("(foo)?[0-9]+").empty());     // the literal is optional
  CHECK(required_literals("foo|[0-9]").empty());        // one alternative has none
  CHECK(required_literals("(foo|)bar") == Strings{"bar"});
  CHECK(required_literals("(?i)exec").empty());         // an inline flag changes case
  CHECK(required_literals("(?=exec)e").empty());        // lookaround: not followed
  CHECK(required_literals("\\Qabc\\E").empty());        // escapes it does not read
  CHECK(required_literals("\\x{41}BC").empty());
  CHECK(required_literals("a{x}").empty());             // a '{' that is no quantifier
  CHECK(required_literals("(abc").empty());             // unbalanced
  CHECK(required_literals("abc)").empty());
  CHECK(required_literals("").empty());
}

TEST_CASE("every sample match holds one of the required literals", "[regex_literals]") {
  struct Case {
    const char* regex;
    std::vector<const char*> matches;  // strings the regex matches
  };
  std::vector<Case> cases{
      {"^(system|popen)$", {"system", "popen"}},
      {"\\b(b64decode|unhexlify)\\s*[(]", {"b64decode (", "unhexlify("}},
      {"ab?c", {"ac", "abc"}},
      {"ab*c", {"ac", "abbbc"}},
      {"ab+c", {"abc", "abbbbc"}},
      {"(ab)+c", {"abc", "ababc"}},
      {"(ab){0,2}cd", {"cd", "abcd"}},
      {"x(yz|w)", {"xyz", "xw"}},
      {"sys[.]argv\\[0\\]", {"sys.argv[0]"}},
      {"\\.(exe|dll)[\"']", {".exe\"", ".dll'"}},
      {"[\\xD0-\\xD1][\\x80-\\xBF]", {"\xD0\x80", "\xD1\xBF"}},
      {"[(]x", {"(x"}},
  };
  for (const Case& c : cases) {
    Strings lits = required_literals(c.regex);
    INFO(c.regex);
    REQUIRE(!lits.empty());
    for (const char* m : c.matches) CHECK(contains_one(m, lits));
  }
}

TEST_CASE("relaxed regexes drop anchors and word boundaries, nothing else", "[regex_literals][relaxed]") {
  CHECK(relaxed_regex("^(system|popen)$") == "(system|popen)");
  CHECK(relaxed_regex("\\b(b64decode|unhexlify)\\s*[(]") == "(b64decode|unhexlify)\\s*[(]");
  CHECK(relaxed_regex("(^|[^.\\w])(exec|eval)\\s*[(]") == "(|[^.\\w])(exec|eval)\\s*[(]");
  CHECK(relaxed_regex("\\Bfoo\\Z|\\Abar\\z") == "foo|bar");
  // Inside a class ^, $ and \b are members, not assertions; escapes stay.
  CHECK(relaxed_regex("[\\^$]x[^a]\\$y\\^") == "[\\^$]x[^a]\\$y\\^");
  CHECK(relaxed_regex("[]^]ab") == "[]^]ab");
  CHECK(relaxed_regex("^f?[\"'](https?|ftp)://") == "f?[\"'](https?|ftp)://");
  // Regexes the literal reader does not follow get none: the literals (or
  // nothing) are the prefilter then.
  CHECK(relaxed_regex("(?i)exec").empty());
  CHECK(relaxed_regex("^[a-z]+$").empty());
  CHECK(relaxed_regex("").empty());
}

// The promise prefilters rest on: wherever the regex matches a capture's
// text taken alone, the relaxed regex matches inside that text within any
// surrounding file.
TEST_CASE("a relaxed regex matches every capture text the regex matches, in any context", "[regex_literals][relaxed]") {
  struct Case {
    const char* regex;
    std::vector<const char*> captures;  // texts the regex matches
  };
  const std::vector<Case> cases{
      {"^(system|popen)$", {"system", "popen"}},
      {"\\b(b64decode|unhexlify)\\s*[(]", {"b64decode (", "unhexlify("}},
      {"(^|[^.\\w])(exec|eval)\\s*[(]", {"exec(x)", " eval (x)", "(exec(x))"}},
      {"^f?[\"'](https?|ftp)://", {"\"https://example.invalid\"", "f'ftp://h'"}},
      {"url(open|retrieve)$|^build_opener$", {"urlopen", "_uurlretrieve", "build_opener"}},
      {"\\bsubprocess[.]Popen\\b", {"subprocess.Popen"}},
  };
  canary::HsScratch scratch;
  for (const Case& c : cases) {
    INFO(c.regex);
    std::string error;
    int at = -1;
    hs_database_t* original = canary::compile_single(c.regex, 0, error, at);
    REQUIRE(original);
    canary::HsDatabase orig(original);
    const std::string relaxed = relaxed_regex(c.regex);
    REQUIRE(!relaxed.empty());
    hs_database_t* r = canary::compile_single(relaxed, 0, error, at);
    REQUIRE(r);
    canary::HsDatabase rel(r);
    REQUIRE(scratch.reserve_for(orig.get()));
    REQUIRE(scratch.reserve_for(rel.get()));
    for (const char* text : c.captures) {
      INFO(text);
      REQUIRE(canary::hs_matches(orig, text, scratch));
      for (const char* before : {"", "a", "x.", "\n  "})
        for (const char* after : {"", "_b", "z", "\n"})
          CHECK(canary::hs_matches(rel, std::string(before) + text + after, scratch));
    }
  }
}
