// A file is parsed only if a rule that can still change a finding needs an
// AST pattern (engine/evaluate_bound.cpp): rules already false whatever the
// queries find do not make the scanner parse, and findings stay what a full
// evaluation gives.
#include <catch2/catch.hpp>

#include "engine_test_util.hpp"

using namespace canary;
using namespace canary::enginetest;

namespace {

const std::string kOpenQuery = "ast `(call function: (identifier) @f (#eq? @f \"open\")) @match`";

ArtifactReport scan_files(const LoadedPack& lp, std::vector<MemoryEntry> files, const ScanOptions& opts = {}) {
  REQUIRE(lp.pack);
  auto reader = make_memory_reader(ArtifactKind::Wheel, std::move(files));
  return scan_reader({lp.pack.get()}, *reader, "<memory>", opts);
}

}  // namespace

TEST_CASE("bounds: a rule false without its AST pattern does not make the file parsed", "[scan][bounds]") {
  TempPack tp({{"r.canary", rule("OPEN_AND_NEEDLE", "  patterns:\n    $o = " + kOpenQuery +
                                                        "\n    $n = \"needle-4c1e\"\n  condition:\n    $o and $n\n")}});
  LoadedPack lp = load_ok(tp);
  // Both files hold the prefilter literal "open"; only b.py can satisfy $n.
  ArtifactReport r = scan_files(lp, {{"a.py", "open('x')\n"}, {"b.py", "s = 'needle-4c1e'\nopen('y')\n"}});
  INFO(describe(r));
  CHECK(r.files_parsed == 1);
  CHECK(files_hit(r, "OPEN_AND_NEEDLE") == std::vector<std::string>{"b.py"});
  CHECK(findings_of(r, "OPEN_AND_NEEDLE")[0].lines == std::vector<uint32_t>{1, 2});
}

TEST_CASE("bounds: not, or, counts and quantifiers keep the file parsed when they can change", "[scan][bounds]") {
  TempPack tp({{"r.canary",
                rule("NOT_OPEN", "  patterns:\n    $o = " + kOpenQuery + "\n  condition:\n    not $o\n") +
                    rule("MANY_OPEN", "  patterns:\n    $o = " + kOpenQuery + "\n  condition:\n    #o >= 2\n") +
                    rule("TWO_OF", "  patterns:\n    $o = " + kOpenQuery +
                                       "\n    $a = \"alpha\"\n    $b = \"beta\"\n  condition:\n    2 of them\n")}});
  LoadedPack lp = load_ok(tp);
  ArtifactReport r = scan_files(lp, {{"a.py", "open(1)\nopen(2)\n"}, {"b.py", "open(1)\n# alpha\n"}, {"c.py", "x = 1\n"}});
  INFO(describe(r));
  CHECK(r.files_parsed == 2);  // c.py has no "open": nothing to parse
  CHECK(files_hit(r, "NOT_OPEN") == std::vector<std::string>{"c.py"});
  CHECK(files_hit(r, "MANY_OPEN") == std::vector<std::string>{"a.py"});
  CHECK(files_hit(r, "TWO_OF") == std::vector<std::string>{"b.py"});
}

TEST_CASE("bounds: a private rule is parsed for only when a public rule that reads it can hold", "[scan][bounds]") {
  TempPack tp({{"r.canary", "private rule OPENS {\n  patterns:\n    $o = " + kOpenQuery + "\n  condition:\n    $o\n}\n" +
                                rule("OPENS_WITH_NEEDLE", "  patterns:\n    $n = \"needle-4c1e\"\n  condition:\n    OPENS and $n\n")}});
  LoadedPack lp = load_ok(tp);
  std::vector<MemoryEntry> files{{"a.py", "open('x')\n"}, {"b.py", "open('y')  # needle-4c1e\n"}};
  ArtifactReport r = scan_files(lp, files);
  INFO(describe(r));
  CHECK(r.files_parsed == 1);
  CHECK(files_hit(r, "OPENS_WITH_NEEDLE") == std::vector<std::string>{"b.py"});
  // Rule tests report private rules: there every query in scope runs.
  ScanOptions test_mode;
  test_mode.include_private = true;
  ArtifactReport t = scan_files(lp, files, test_mode);
  INFO(describe(t));
  CHECK(t.files_parsed == 2);
  CHECK(files_hit(t, "OPENS") == std::vector<std::string>{"a.py", "b.py"});
}
