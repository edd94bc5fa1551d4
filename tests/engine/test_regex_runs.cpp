// run_gate / required_run / has_run: the byte runs a regex cannot match
// without, which let the scanner skip a deferred expression on a file. A
// wrong answer hides matches, so beside the expected answers for the regexes
// rules write, random regexes are checked against Hyperscan itself: every
// match it reports must hold the run the reader promised.
#include <catch2/catch.hpp>

#include <hs.h>

#include <random>
#include <string>
#include <vector>

#include "engine/hs_util.hpp"
#include "engine/regex_literals.hpp"
#include "engine/regex_runs.hpp"
#include "support/byte_run_reference.hpp"

using canary::ByteSet;
using canary::RunGate;
using canary::describe;
using canary::has_run;
using canary::required_run;
using canary::run_gate;
using canary::test::run_within;

namespace {

ByteSet set_of(std::string_view bytes) {
  ByteSet s;
  for (char c : bytes) s.add(static_cast<unsigned char>(c));
  return s;
}

ByteSet all_but_newline() {
  ByteSet s = set_of("\n").complement();
  return s;
}

}  // namespace

TEST_CASE("run gates of the regexes the default pack defers", "[regex_runs]") {
  // CODE_HIDDEN_OFF_SCREEN: 120 blanks in a row, not the longer line.
  auto padded = run_gate("\\S[ \\t]{120,}(;|import\\s|from\\s+\\w|exec\\s*\\(|\\w+(\\.\\w+)*\\s*\\()", 0);
  REQUIRE(padded);
  CHECK(padded->bytes == set_of(" \t"));
  CHECK(padded->length == 120);
  CHECK(describe(*padded) == "120 bytes of [\\t ] in a row");
  // LARGE_ENCODED_BLOB: the blob's own class.
  auto blob = run_gate("[\"'][A-Za-z0-9+\\/]{2000}", 0);
  REQUIRE(blob);
  CHECK(blob->length == 2000);
  CHECK(blob->bytes.count() == 64);
  // HOMOGLYPH_IDENTIFIER: one Cyrillic lead byte, on either side of a Latin letter.
  auto homoglyph = run_gate("[A-Za-z][\\xD0-\\xD3][\\x80-\\xBF]|[\\xD0-\\xD3][\\x80-\\xBF][A-Za-z]", 0);
  REQUIRE(homoglyph);
  CHECK(homoglyph->length == 1);
  CHECK(describe(*homoglyph) == "1 byte of [\\xD0-\\xD3]");
  // A long line: any byte but the newline.
  auto line = run_gate("^[^\\n]{300}", HS_FLAG_MULTILINE);
  REQUIRE(line);
  CHECK(line->bytes == all_but_newline());
  CHECK(describe(*line) == "300 bytes of [^\\x0A] in a row");
}

TEST_CASE("no gate for a regex whose runs are common or that the reader does not follow", "[regex_runs]") {
  CHECK_FALSE(run_gate("\\bexec\\s*\\(", 0));          // short runs only
  CHECK_FALSE(run_gate("[ \\t]{98}x", 0));             // 99 bytes of a line, under kMinGateRun
  CHECK_FALSE(run_gate("[\\s\\S]{500}", 0));           // the run may cross lines: every byte
  CHECK_FALSE(run_gate(".{500}", HS_FLAG_DOTALL));     // so may `.` with DOTALL
  CHECK_FALSE(run_gate("(?i)[ ]{200}", 0));            // inline flags
  CHECK_FALSE(run_gate("(?=x)[ ]{200}", 0));           // lookaround
  CHECK_FALSE(run_gate("(a)\\1[ ]{200}", 0));          // backreference
  CHECK_FALSE(run_gate("[[:space:]]{200}", 0));        // POSIX class
  CHECK_FALSE(run_gate("[ ]{200}", HS_FLAG_UTF8));     // UTF-8 mode
  CHECK_FALSE(run_gate("\\x{e9}", 0));                 // \x{...}
  CHECK_FALSE(run_gate("a{2,x}[ ]{200}", 0));          // a brace that is not a quantifier
  CHECK_FALSE(run_gate("[ ]{200", 0));
  CHECK_FALSE(run_gate("([ ]{200}", 0));
  CHECK_FALSE(run_gate("[ ]{200})", 0));
  // Hyperscan would read only `[xy]` (the checker refuses a NUL anyway).
  CHECK_FALSE(run_gate(std::string("[xy]\0?[ \t]{150}", 15), 0));
  // An optional or alternative-free long run is no requirement.
  CHECK_FALSE(run_gate("x([ ]{200})?", 0));
  CHECK_FALSE(run_gate("[ ]{200}|x", 0));
}

TEST_CASE("required runs through sequences, alternatives, repeats and flags", "[regex_runs]") {
  const ByteSet ab = set_of("ab");
  CHECK(required_run("a{3}b{2}", 0, ab) == 5);
  CHECK(required_run("a{3}cb{2}", 0, ab) == 3);
  CHECK(required_run("x?[ab]{3}", 0, ab) == 3);
  CHECK(required_run("a*b", 0, ab) == 1);
  CHECK(required_run("(ab|aab){2}", 0, ab) == 4);
  CHECK(required_run("(ab|c){2}", 0, ab) == 0);
  CHECK(required_run("(abc){3}", 0, ab) == 2);      // a copy's "ab", never two joined
  CHECK(required_run("(cab){2}", 0, ab) == 2);
  CHECK(required_run("(bac){2}", 0, ab) == 2);      // "ba" in each copy, a "c" between them
  CHECK(required_run("((ab){2}){3}", 0, ab) == 12);
  CHECK(required_run("^a\\bb$", 0, ab) == 2);       // assertions take no bytes
  CHECK(required_run("a(?:b|a)a", 0, ab) == 3);
  CHECK(required_run("a{2,5}?b", 0, ab) == 3);      // lazy
  CHECK(required_run("a{2000000}", 0, ab) == 1u << 20);  // counted up to a bound
  // Caseless: `a` is [aA], inside {a, A} but not {A}.
  CHECK(required_run("a{4}", HS_FLAG_CASELESS, set_of("A")) == 0);
  CHECK(required_run("a{4}", HS_FLAG_CASELESS, set_of("aA")) == 4);
  CHECK(required_run("[^b]{4}", HS_FLAG_CASELESS, set_of("B").complement()) == 4);
  // `.` is any byte but the newline, unless DOTALL.
  CHECK(required_run(".{10}", 0, all_but_newline()) == 10);
  CHECK(required_run(".{10}", HS_FLAG_DOTALL, all_but_newline()) == 0);
  // Escapes: \s may be a newline; \S \w \d \h cannot.
  CHECK(required_run("\\s{5}", 0, all_but_newline()) == 0);
  CHECK(required_run("\\S\\w\\d\\h{2}", 0, all_but_newline()) == 5);
  CHECK(required_run("[\\]\\-x]{3}", 0, set_of("]-x")) == 3);
  CHECK(required_run("[]x]{3}", 0, set_of("]x")) == 3);
  CHECK(required_run("[a-]{3}", 0, set_of("a-")) == 3);
}

TEST_CASE("has_run finds exactly the runs a byte-by-byte look finds", "[regex_runs]") {
  std::mt19937 rng(20261203);
  const std::string alphabet = std::string("ab \t\n") + "\xd0\xe2\x80";
  // Every byte but one (all_but_newline, [^a]) takes has_run's memrchr path.
  const std::vector<ByteSet> sets = {set_of(" \t"), set_of("ab"), all_but_newline(), set_of("\xd0"),
                                     set_of("\xd0\x80"), set_of("a"), set_of("a").complement(),
                                     set_of("\n ").complement()};
  for (int round = 0; round < 4000; ++round) {
    std::string text(rng() % 300, ' ');
    const size_t width = 1 + rng() % alphabet.size();
    for (char& c : text) c = alphabet[rng() % width];
    const ByteSet& set = sets[rng() % sets.size()];
    const RunGate gate{set, static_cast<uint32_t>(1 + rng() % 40)};
    INFO("text of " << text.size() << " bytes, gate " << describe(gate));
    const bool expected = run_within(text, 0, text.size(), set, gate.length);
    CHECK(has_run(text, gate) == expected);
    CHECK(has_run(text, gate, canary::first_non_ascii(text)) == expected);
  }
  CHECK(canary::first_non_ascii("abc\x80x") == 3);
  CHECK(canary::first_non_ascii("0123456789abcdef0123\xff") == 20);
  CHECK(canary::first_non_ascii("plain") == 5);
}

namespace {

// A random regex over a small alphabet, with every construct the reader
// follows: classes, escapes, groups, alternatives, repeats and assertions.
std::string random_regex(std::mt19937& rng, int depth) {
  static const char* atoms[] = {"a", "b", " ", "\\t", "[ab]", "[^a\\n]", ".", "\\s", "\\S", "\\w", "[a \\t]",
                                "\\x62", "\\n", "[\\x80-\\xff]", "\\xd0"};
  static const char* quants[] = {"", "", "", "?", "*", "+", "{2}", "{3,}", "{1,4}", "{0,2}"};
  std::string out;
  const int items = 1 + static_cast<int>(rng() % 4);
  for (int i = 0; i < items; ++i) {
    const unsigned pick = rng() % 12;
    if (pick == 0) out += "^";
    else if (pick == 1) out += "\\b";
    else if (pick < 4 && depth < 3) {
      std::string inner = random_regex(rng, depth + 1);
      if (rng() % 2) inner += "|" + random_regex(rng, depth + 1);
      out += (rng() % 2 ? "(" : "(?:") + inner + ")" + quants[rng() % 10];
    } else {
      out += std::string(atoms[rng() % (sizeof atoms / sizeof *atoms)]) + quants[rng() % 10];
    }
  }
  return out;
}

}  // namespace

TEST_CASE("every match Hyperscan reports holds the run the reader requires", "[regex_runs]") {
  std::mt19937 rng(7);
  const std::vector<ByteSet> sets = {set_of(" \t"), set_of("ab"), all_but_newline(), set_of("\xd0"),
                                     set_of("ab \t")};
  const std::string alphabet = std::string("aab  b\t\n") + "\xd0";
  canary::HsScratch scratch;
  int checked_matches = 0, nonzero = 0;
  for (int round = 0; round < 400; ++round) {
    const std::string re = random_regex(rng, 0);
    const unsigned flags = (rng() % 3 == 0 ? HS_FLAG_CASELESS : 0) | (rng() % 4 == 0 ? HS_FLAG_DOTALL : 0) |
                           HS_FLAG_SOM_LEFTMOST | HS_FLAG_ALLOWEMPTY;
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    if (hs_compile(re.c_str(), flags, HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
      hs_free_compile_error(err);  // e.g. a pattern Hyperscan finds too big with SOM
      continue;
    }
    canary::HsDatabase owned(db);
    REQUIRE(scratch.reserve_for(db));
    for (const ByteSet& set : sets) {
      const uint32_t len = required_run(re, flags & ~HS_FLAG_SOM_LEFTMOST, set);
      if (len == 0) continue;
      ++nonzero;
      for (int t = 0; t < 20; ++t) {
        std::string text(rng() % 60, ' ');
        for (char& c : text) c = alphabet[rng() % alphabet.size()];
        struct Ctx {
          const std::string* text;
          const ByteSet* set;
          uint32_t len;
          int matches = 0, bad = 0;
        } ctx{&text, &set, len};
        auto on_match = [](unsigned, unsigned long long from, unsigned long long to, unsigned, void* p) -> int {
          auto* c = static_cast<Ctx*>(p);
          ++c->matches;
          if (!run_within(*c->text, from, to, *c->set, c->len)) ++c->bad;
          return 0;
        };
        hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch.get(), on_match, &ctx);
        INFO("regex /" << re << "/ flags " << flags << ", run of " << len << " over " << text.size() << " bytes");
        CHECK(ctx.bad == 0);
        checked_matches += ctx.matches;
      }
    }
  }
  // The check above must have had matches to look at.
  CHECK(nonzero > 100);
  CHECK(checked_matches > 1000);
}

TEST_CASE("regexes nested deeper than the readers follow get no gate and no literal, without a crash", "[regex_runs]") {
  // Found in review: 200,000 nested groups overflowed the stack of
  // required_literals, which the checker now calls on every regex pattern.
  const std::string deep = std::string(200000, '(') + "[ ]{150}" + std::string(200000, ')');
  CHECK_FALSE(run_gate(deep, 0));
  CHECK(canary::required_literals(deep + "abcdef").empty());
  // Shallow nesting is still followed.
  const std::string shallow = std::string(100, '(') + "[ ]{150}" + std::string(100, ')');
  REQUIRE(run_gate(shallow, 0));
  CHECK(run_gate(shallow, 0)->length == 150);
  CHECK(canary::required_literals(std::string(100, '(') + "abcdef" + std::string(100, ')')) ==
        std::vector<std::string>{"abcdef"});
}
