// Checker diagnostics through the public load_pack: real rule files in a
// temporary pack, every code of docs/language.md with the position it points
// at (line:column in the rule file), and the "report everything at once"
// promise across files.
#include <catch2/catch.hpp>

#include "engine_test_util.hpp"

using namespace canary;
using namespace canary::enginetest;
using Catch::Matchers::Contains;

namespace {

// A pack of one file "r.canary".
LoadedPack load_one(const std::string& text, bool check_only = false) {
  TempPack tp({{"r.canary", text}});
  return tp.load(check_only);
}

// The minimal well-formed public rule header.
const std::string kMeta = "  meta:\n    title = \"t\"\n    severity = low\n";

}  // namespace

TEST_CASE("a clean pack loads, with or without check_only", "[checker]") {
  const std::string text = "rule A {\n" + kMeta + "  patterns:\n    $a = \"x\"\n  condition:\n    $a\n}\n";
  LoadedPack full = load_one(text);
  INFO(rendered(full));
  CHECK(full.diagnostics.items().empty());
  REQUIRE(full.pack);
  CHECK(full.rule_count == 1);
  LoadedPack check = load_one(text, true);
  CHECK(check.diagnostics.items().empty());
  CHECK(check.pack);
}

TEST_CASE("E002: duplicate rule in one file, with a note at the first", "[checker]") {
  LoadedPack lp = load_one("rule A {\n" + kMeta + "  condition:\n    true\n}\n" +  // lines 1-7
                           "rule A {\n" + kMeta + "  condition:\n    false\n}\n");  // line 8
  CHECK_FALSE(lp.pack);
  CHECK(codes_at(lp) == std::vector<std::string>{"E002@8:6"});
  const dsl::Diagnostic& d = only(lp, "E002");
  CHECK_THAT(d.message, Contains("duplicate rule `A`"));
  REQUIRE(d.notes.size() == 1);
  CHECK(pos_of(lp, d.notes[0].first) == "1:6");
  CHECK(d.notes[0].second == "first declared here");
}

TEST_CASE("E002: the same rule name in two files of the pack", "[checker]") {
  TempPack tp({{"a.canary", "rule SAME {\n" + kMeta + "  condition:\n    true\n}\n"},
               {"b.canary", "// second file\nrule OTHER {\n" + kMeta + "  condition:\n    true\n}\n" +
                                "rule SAME {\n" + kMeta + "  condition:\n    true\n}\n"}});
  LoadedPack lp = tp.load();
  CHECK_FALSE(lp.pack);
  const dsl::Diagnostic& d = only(lp, "E002");
  CHECK(lp.diagnostics.error_count() == 1);
  // Files load in sorted order, so the one in b.canary is the duplicate.
  CHECK(file_of(lp, d.span) == "b.canary");
  CHECK(pos_of(lp, d.span) == "9:6");
  REQUIRE(d.notes.size() == 1);
  CHECK(file_of(lp, d.notes[0].first) == "a.canary");
  CHECK(pos_of(lp, d.notes[0].first) == "1:6");
}

TEST_CASE("E002: duplicate pattern-set name in one file", "[checker]") {
  LoadedPack lp = load_one(
      "patternset S {\n  $a = \"x\"\n}\n"
      "patternset S {\n  $b = \"y\"\n}\n");
  CHECK(codes_at(lp) == std::vector<std::string>{"E002@4:12"});
  const dsl::Diagnostic& d = only(lp, "E002");
  CHECK_THAT(d.message, Contains("pattern set `S`"));
  REQUIRE(d.notes.size() == 1);
  CHECK(pos_of(lp, d.notes[0].first) == "1:12");
}

// A pattern set declared in two pack files, then used by a rule in the second
// file: one E002 and nothing else. The checker keeps the second file's local
// name bound to an index that was never filled (engine/checker.cpp declare():
// the global-duplicate branch `continue`s without erasing unit_sets_[u]), so
// the rule resolves the name to another set or past the end of sets_.
TEST_CASE("E002: duplicate pattern set across files then used in the second file", "[checker][regression]") {
  TempPack tp({{"a.canary", "patternset S {\n  $a = \"aaa\"\n}\n"},
               {"b.canary", "patternset S {\n  $b = \"bbb\"\n}\n"
                            "rule USES_S {\n" + kMeta + "  patterns:\n    $s = S\n  condition:\n    $s\n}\n"}});
  LoadedPack lp = tp.load();
  INFO(rendered(lp));
  CHECK_FALSE(lp.pack);
  CHECK(codes_at(lp) == std::vector<std::string>{"E002@1:12"});
}

// The same slip with another set T declared after the duplicate: the stale
// index of S is T's, so T's own `$t = S` resolves to T and a spurious
// "pattern set `T` includes itself" (E004) is reported.
TEST_CASE("E002: duplicate pattern set across files does not alias the next set", "[checker][regression]") {
  TempPack tp({{"a.canary", "patternset S {\n  $a = \"aaa\"\n}\n"},
               {"b.canary", "patternset S {\n  $b = \"bbb\"\n}\n"
                            "patternset T {\n  $t = S\n}\n"}});
  LoadedPack lp = tp.load();
  INFO(rendered(lp));
  CHECK(codes(lp) == std::vector<std::string>{"E002"});
}

TEST_CASE("E003: unknown pattern in a condition, at the `$name`", "[checker]") {
  LoadedPack lp = load_one("rule A {\n" + kMeta +
                           "  patterns:\n"
                           "    $a = \"x\"\n"
                           "  condition:\n"
                           "    $a and $missing\n"
                           "}\n");
  CHECK(codes_at(lp) == std::vector<std::string>{"E003@8:12"});
  CHECK_THAT(only(lp, "E003").message, Contains("unknown pattern `$missing`"));
  CHECK_FALSE(lp.pack);
}

TEST_CASE("E003: the count and of-list forms of an unknown pattern", "[checker]") {
  LoadedPack lp = load_one("rule A {\n" + kMeta +
                           "  patterns:\n"
                           "    $a = \"x\"\n"
                           "  condition:\n"
                           "    $a and #nope > 1 and any of ($a, $gone) and all of ($z*)\n"
                           "}\n");
  CHECK(codes_at(lp) == std::vector<std::string>{"E003@8:12", "E003@8:38", "E003@8:57"});
}

TEST_CASE("E003: `them` in a rule without patterns", "[checker]") {
  LoadedPack lp = load_one("rule A {\n" + kMeta + "  condition:\n    any of them\n}\n");
  CHECK(codes_at(lp) == std::vector<std::string>{"E003@6:5"});
}

TEST_CASE("E003: duplicate pattern name in a rule, with a note", "[checker]") {
  LoadedPack lp = load_one("rule A {\n" + kMeta +
                           "  patterns:\n"
                           "    $a = \"x\"\n"
                           "    $a = \"y\"\n"
                           "  condition:\n"
                           "    $a\n"
                           "}\n");
  CHECK(lp.diagnostics.error_count() == 1);
  const dsl::Diagnostic& d = only(lp, "E003");
  CHECK(pos_of(lp, d.span) == "7:5");
  CHECK_THAT(d.message, Contains("duplicate pattern `$a`"));
  REQUIRE(d.notes.size() == 1);
  CHECK(pos_of(lp, d.notes[0].first) == "6:5");
}

// The duplicate `$a` also gets "W001 pattern `$a` is not used in the
// condition": the condition's `$a` resolves to the first declaration, so the
// second is never marked used. A follow-on warning on the same token as the
// error, which says nothing new.
TEST_CASE("E003: a duplicate pattern is not also reported as unused", "[checker][regression]") {
  LoadedPack lp = load_one("rule A {\n" + kMeta +
                           "  patterns:\n"
                           "    $a = \"x\"\n"
                           "    $a = \"y\"\n"
                           "  condition:\n"
                           "    $a\n"
                           "}\n");
  INFO(rendered(lp));
  CHECK(codes_at(lp) == std::vector<std::string>{"E003@7:5"});
}

TEST_CASE("E004: unknown identifier, unknown fact (listing the namespace's facts), unknown set", "[checker]") {
  SECTION("a name that is neither a rule nor a fact") {
    LoadedPack lp = load_one("rule A {\n" + kMeta + "  condition:\n    NOT_A_RULE or true\n}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E004@6:5"});
    CHECK_THAT(only(lp, "E004").message, Contains("`NOT_A_RULE`"));
  }
  SECTION("a misspelt fact lists the facts of its namespace") {
    LoadedPack lp = load_one("rule A {\n" + kMeta + "  condition:\n    file.sise > 10\n}\n");
    CHECK(pos_of(lp, only(lp, "E004").span) == "6:5");
    const std::string& m = only(lp, "E004").message;
    CHECK_THAT(m, Contains("unknown fact `file.sise`"));
    for (const char* fact : {"file.path", "file.name", "file.size", "file.depth", "file.kind", "file.unsafe_path",
                             "file.is_symlink", "file.truncated"})
      CHECK_THAT(m, Contains(fact));
    CHECK_THAT(m, !Contains("pth.exec_lines"));
    CHECK_THAT(m, !Contains("artifact.kind"));
  }
  SECTION("pth facts") {
    LoadedPack lp = load_one("rule A {\n" + kMeta + "  condition:\n    pth.lines > 0\n}\n");
    const std::string& m = only(lp, "E004").message;
    CHECK_THAT(m, Contains("pth.exec_lines") && Contains("pth.known_shim") && !Contains("file.path"));
  }
  SECTION("an unknown pattern set") {
    LoadedPack lp = load_one("rule A {\n" + kMeta + "  patterns:\n    $a = no_such_set\n  condition:\n    $a\n}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E004@6:10"});
    CHECK_THAT(only(lp, "E004").message, Contains("unknown pattern set `no_such_set`"));
  }
  SECTION("an unknown rule in an of-list, and a rule wildcard matching nothing") {
    LoadedPack lp = load_one("rule A {\n" + kMeta + "  condition:\n    any of (GHOST, NOBODY_*)\n}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E004@6:13", "E004@6:20"});
  }
}

// `file.sise > 10` also gets "E010 cannot compare a bool with a integer": an
// unresolved name is typed bool instead of a type that silences further type
// errors, so one typo gives two errors (and the second one is wrong: the user
// never wrote a bool).
TEST_CASE("E004: an unknown fact does not cascade into a type error", "[checker][regression]") {
  LoadedPack lp = load_one("rule A {\n" + kMeta + "  condition:\n    file.sise > 10\n}\n");
  INFO(rendered(lp));
  CHECK(codes_at(lp) == std::vector<std::string>{"E004@6:5"});
}

TEST_CASE("E004: a namespace that was not imported", "[checker]") {
  SECTION("as a pattern set") {
    LoadedPack lp = load_one("rule A {\n" + kMeta + "  patterns:\n    $n = python.network_calls\n  condition:\n    $n\n}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E004@6:10"});
    CHECK_THAT(only(lp, "E004").message, Contains("unknown namespace `python`") && Contains("import \"python\""));
  }
  SECTION("as a rule reference") {
    LoadedPack lp = load_one("rule A {\n" + kMeta + "  condition:\n    python.HAS_EXEC\n}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E004@6:5"});
    CHECK_THAT(only(lp, "E004").message, Contains("python.HAS_EXEC"));
  }
  SECTION("an imported namespace without that set") {
    TempPack tp({{"r.canary", "import \"lib\"\nrule A {\n" + kMeta +
                                  "  patterns:\n    $n = lib.nothing\n  condition:\n    $n\n}\n"}},
                {{"lib.canary", "patternset something {\n  $a = \"a\"\n}\n"}});
    LoadedPack lp = tp.load();
    CHECK(codes_at(lp) == std::vector<std::string>{"E004@7:10"});
    CHECK_THAT(only(lp, "E004").message, Contains("`lib` has no pattern set `nothing`"));
  }
}

TEST_CASE("E005: a bad regex is positioned inside the regex, at Hyperscan's index", "[checker]") {
  SECTION("missing close parenthesis: the index is the open parenthesis") {
    LoadedPack lp = load_one("rule A {\n" + kMeta +
                             "  patterns:\n"
                             "    $a = /ab(c/\n"  // line 6; `(` is column 13
                             "  condition:\n"
                             "    $a\n"
                             "}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E005@6:13"});
    CHECK_THAT(only(lp, "E005").message, Contains("Missing close parenthesis") && Contains("index 2"));
  }
  SECTION("unterminated character class, further along a longer line") {
    LoadedPack lp = load_one("rule A {\n" + kMeta +
                             "  patterns:\n"
                             "    $ok = \"fine\"\n"
                             "    $bad = /import\\s+[a-z/i\n"  // `[` is at index 9 of the regex, column 22
                             "  condition:\n"
                             "    $ok or $bad\n"
                             "}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E005@7:22"});
    CHECK_THAT(only(lp, "E005").message, Contains("index 9"));
  }
  SECTION("a regex that matches the empty buffer has no index: the regex is underlined") {
    LoadedPack lp = load_one("rule A {\n" + kMeta + "  patterns:\n    $a = /x?/\n  condition:\n    $a\n}\n");
    const dsl::Diagnostic& d = only(lp, "E005");
    CHECK(pos_of(lp, d.span) == "6:11");
    CHECK(d.span.end - d.span.begin == 2);
  }
  SECTION("a bad regex on the right of `matches`") {
    // `/` is column 23, so the `(` at index 1 is column 25. The exact column
    // is pinned by the hidden test below (off by one today).
    LoadedPack lp = load_one("rule A {\n" + kMeta + "  condition:\n    file.name matches /a(b/\n}\n");
    const dsl::Diagnostic& d = only(lp, "E005");
    CHECK(lp.diagnostics.items().size() == 1);
    CHECK_THAT(d.message, Contains("Missing close parenthesis"));
    dsl::LineCol lc = lp.sources.position(d.span.file, d.span.begin);
    CHECK(lc.line == 6);
    CHECK(lc.column >= 24);  // inside the regex, not at the `matches` expression
    CHECK(lc.column <= 26);
  }
  SECTION("a NUL byte in a regex, which Hyperscan would cut the regex at") {
    // Found in review: `[xy]<NUL>?[ \t]{150}` compiled as `[xy]` while its
    // run gate asked for 150 blanks, so matches were lost. `\x00` is the way.
    LoadedPack lp = load_one("rule A {\n" + kMeta + "  patterns:\n    $a = /[xy]" + std::string(1, '\0') +
                             "?[ \\t]{150}/\n  condition:\n    $a\n}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E005@6:15"});
    CHECK_THAT(only(lp, "E005").message, Contains("NUL byte"));
    LoadedPack escaped = load_one("rule A {\n" + kMeta + "  patterns:\n    $a = /[xy]\\x00?[ \\t]{150}/\n  condition:\n    $a\n}\n");
    CHECK(codes(escaped).empty());
  }
  SECTION("a NUL byte in a `matches` regex") {
    LoadedPack lp = load_one("rule A {\n" + kMeta + "  condition:\n    file.name matches /a" + std::string(1, '\0') + "b/\n}\n");
    CHECK_THAT(only(lp, "E005").message, Contains("NUL byte"));
  }
  SECTION("two bad regexes in one rule are both reported") {
    LoadedPack lp = load_one("rule A {\n" + kMeta +
                             "  patterns:\n    $a = /(/\n    $b = /[/\n  condition:\n    $a or $b\n}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E005@6:11", "E005@7:11"});
  }
}

// The Regex node of `matches` spans the text between the slashes (dsl/
// ast_actions.hpp, action<g::matches_regex>), but the checker adds 1 to
// Hyperscan's index as if the span began at the opening slash
// (engine/checker.cpp, `inner(re.span, error_offset + 1)`): the caret lands
// one byte right of the culprit. Patterns' regexes do it right (E005@6:13 above).
TEST_CASE("E005: a bad regex after `matches` points at Hyperscan's index", "[checker][regression]") {
  LoadedPack lp = load_one("rule A {\n" + kMeta + "  condition:\n    file.name matches /a(b/\n}\n");
  INFO(rendered(lp));
  CHECK(codes_at(lp) == std::vector<std::string>{"E005@6:25"});
}

TEST_CASE("unknown regex flag: a syntax error at the flag", "[checker]") {
  // The parser already rejects the letter (the checker's own E005 for it is
  // a second line of defence the parser never lets through).
  LoadedPack lp = load_one("rule A {\n" + kMeta + "  patterns:\n    $a = /abc/iq\n  condition:\n    $a\n}\n");
  CHECK(codes_at(lp) == std::vector<std::string>{"E001@6:16"});
  CHECK_THAT(only(lp, "E001").message, Contains("unknown regex flag"));
  CHECK_FALSE(lp.pack);

  LoadedPack m = load_one("rule A {\n" + kMeta + "  condition:\n    file.path matches /abc/x\n}\n");
  CHECK(codes_at(m) == std::vector<std::string>{"E001@6:28"});
}

TEST_CASE("E006: a bad query is positioned at the bad node inside the query", "[checker]") {
  SECTION("one line") {
    LoadedPack lp = load_one("rule A {\n" + kMeta +
                             "  patterns:\n"
                             "    $q = ast `(call function: (identifer) @f)`\n"  // `identifer` at column 32
                             "  condition:\n"
                             "    $q\n"
                             "}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E006@6:32"});
    CHECK_THAT(only(lp, "E006").message, Contains("unknown node type") && Contains("identifer"));
  }
  SECTION("a multi-line query: the line and column of the bad node in the rule file") {
    LoadedPack lp = load_one("rule A {\n" + kMeta +
                             "  patterns:\n"
                             "    $q = ast `(call\n"
                             "               function: (attribute\n"
                             "                 object: (identifier) @o\n"
                             "                 attribute: (nosuchnode) @a)) @match`\n"  // line 9, column 30
                             "  condition:\n"
                             "    $q\n"
                             "}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E006@9:30"});
    CHECK_THAT(only(lp, "E006").message, Contains("nosuchnode"));
  }
  SECTION("an unknown field on a later line") {
    LoadedPack lp = load_one("rule A {\n" + kMeta +
                             "  patterns:\n"
                             "    $q = ast `(call\n"
                             "        functon: (identifier) @f)`\n"  // line 7, column 9
                             "  condition:\n"
                             "    $q\n"
                             "}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E006@7:9"});
    CHECK_THAT(only(lp, "E006").message, Contains("unknown field") && Contains("functon"));
  }
  SECTION("a query without any capture") {
    LoadedPack lp = load_one("rule A {\n" + kMeta + "  patterns:\n    $q = ast `(call)`\n  condition:\n    $q\n}\n");
    CHECK(codes(lp) == std::vector<std::string>{"E006"});
    CHECK_THAT(only(lp, "E006").message, Contains("no capture"));
  }
}

TEST_CASE("E012: unsupported predicate, positioned at the predicate", "[checker]") {
  LoadedPack lp = load_one("rule A {\n" + kMeta +
                           "  patterns:\n"
                           "    $q = ast `((identifier) @f (#lua-match? @f \"^ex\"))`\n"  // `#` at column 33
                           "  condition:\n"
                           "    $q\n"
                           "}\n");
  CHECK(codes_at(lp) == std::vector<std::string>{"E012@6:33"});
  CHECK_THAT(only(lp, "E012").message, Contains("unsupported predicate #lua-match?"));
}

TEST_CASE("E012: a bad #match? regex and wrong predicate arity", "[checker]") {
  LoadedPack lp = load_one("rule A {\n" + kMeta +
                           "  patterns:\n"
                           "    $q = ast `((identifier) @f (#match? @f \"ex(\"))`\n"
                           "    $r = ast `((identifier) @f (#eq? @f))`\n"
                           "  condition:\n"
                           "    $q or $r\n"
                           "}\n");
  CHECK(codes(lp) == std::vector<std::string>{"E012", "E012"});
}

// docs/language.md: "E012 | unsupported query predicate or unknown capture in
// a predicate". tree-sitter rejects an unknown capture itself and the query
// compiler maps every ts_query_new failure to E006.
TEST_CASE("E012: unknown capture in a predicate", "[checker][regression]") {
  LoadedPack lp = load_one("rule A {\n" + kMeta +
                           "  patterns:\n"
                           "    $q = ast `((identifier) @f (#eq? @g \"exec\"))`\n"
                           "  condition:\n"
                           "    $q\n"
                           "}\n");
  INFO(rendered(lp));
  CHECK(codes(lp) == std::vector<std::string>{"E012"});
}

TEST_CASE("E007: title and severity are required on public rules only", "[checker]") {
  SECTION("public rule without meta: both keys reported at the rule name") {
    LoadedPack lp = load_one("rule BARE {\n  condition:\n    true\n}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E007@1:6", "E007@1:6"});
    std::string all = rendered(lp);
    CHECK_THAT(all, Contains("no meta `title`") && Contains("no meta `severity`"));
  }
  SECTION("public rule with a title only") {
    LoadedPack lp = load_one("rule T {\n  meta:\n    title = \"x\"\n  condition:\n    true\n}\n");
    CHECK(codes(lp) == std::vector<std::string>{"E007"});
    CHECK_THAT(only(lp, "E007").message, Contains("severity"));
  }
  SECTION("private rule without meta is fine") {
    LoadedPack lp = load_one("private rule HELPER {\n  condition:\n    true\n}\n");
    CHECK(lp.diagnostics.items().empty());
    CHECK(lp.pack);
  }
  SECTION("a title that is not a string, at the value") {
    LoadedPack lp = load_one("rule T {\n  meta:\n    title = 42\n    severity = low\n  condition:\n    true\n}\n");
    bool at_value = false;
    for (const dsl::Diagnostic& d : lp.diagnostics.items())
      if (d.code == "E007" && pos_of(lp, d.span) == "3:13" && d.message.find("must be a string") != std::string::npos)
        at_value = true;
    CHECK(at_value);
    CHECK_FALSE(lp.pack);
  }
  SECTION("other string keys") {
    LoadedPack lp = load_one("rule T {\n" + kMeta + "    description = true\n    references = 7\n  condition:\n    true\n}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E007@5:19", "E007@6:18"});
  }
}

// `title = 42` gives "meta `title` must be a string" and also "rule `T` has
// no meta `title`": compile_meta records the title as present only when it
// is a valid string (severity, by contrast, counts as present even when
// invalid). The rule does have a title; the second message is wrong.
TEST_CASE("E007: a title of the wrong type is not also reported as missing", "[checker][regression]") {
  LoadedPack lp = load_one("rule T {\n  meta:\n    title = 42\n    severity = low\n  condition:\n    true\n}\n");
  INFO(rendered(lp));
  CHECK(codes_at(lp) == std::vector<std::string>{"E007@3:13"});
}

TEST_CASE("E008: invalid severity, at the value", "[checker]") {
  LoadedPack lp = load_one("rule S {\n  meta:\n    title = \"x\"\n    severity = severe\n  condition:\n    true\n}\n");
  CHECK(codes_at(lp) == std::vector<std::string>{"E008@4:16"});
  CHECK_THAT(only(lp, "E008").message, Contains("`severe`"));

  LoadedPack num = load_one("rule S {\n  meta:\n    title = \"x\"\n    severity = 3\n  condition:\n    true\n}\n");
  CHECK(codes_at(num) == std::vector<std::string>{"E008@4:16"});

  // Every documented level is accepted, as an identifier or a string.
  for (const char* sev : {"info", "low", "medium", "high", "critical", "\"high\""}) {
    LoadedPack ok = load_one("rule S {\n  meta:\n    title = \"x\"\n    severity = " + std::string(sev) +
                             "\n  condition:\n    true\n}\n");
    INFO(sev << "\n" << rendered(ok));
    CHECK(ok.diagnostics.items().empty());
  }
}

TEST_CASE("E009: import not found, at the import name", "[checker]") {
  LoadedPack lp = load_one("import \"nowhere\"\nrule A {\n" + kMeta + "  condition:\n    true\n}\n");
  CHECK(codes_at(lp) == std::vector<std::string>{"E009@1:8"});
  CHECK_THAT(only(lp, "E009").message, Contains("nowhere.canary"));
  CHECK_FALSE(lp.pack);
}

TEST_CASE("E009: import cycle", "[checker]") {
  SECTION("through two stdlib files") {
    TempPack tp({{"main.canary", "import \"a\"\nrule A {\n" + kMeta + "  condition:\n    true\n}\n"}},
                {{"a.canary", "import \"b\"\n"}, {"b.canary", "// b imports a back\nimport \"a\"\n"}});
    LoadedPack lp = tp.load();
    const dsl::Diagnostic& d = only(lp, "E009");
    CHECK(lp.diagnostics.error_count() == 1);
    CHECK(file_of(lp, d.span) == "b.canary");
    CHECK(pos_of(lp, d.span) == "2:8");
    CHECK_THAT(d.message, Contains("cycle"));
  }
  SECTION("a file importing itself") {
    TempPack tp({{"main.canary", "import \"selfish\"\n"}}, {{"selfish.canary", "import \"selfish\"\n"}});
    LoadedPack lp = tp.load();
    const dsl::Diagnostic& d = only(lp, "E009");
    CHECK(file_of(lp, d.span) == "selfish.canary");
  }
  SECTION("a diamond is not a cycle") {
    TempPack tp({{"main.canary", "import \"a\"\nimport \"b\"\n"}},
                {{"a.canary", "import \"c\"\n"}, {"b.canary", "import \"c\"\n"}, {"c.canary", ""}});
    LoadedPack lp = tp.load();
    INFO(rendered(lp));
    CHECK(lp.diagnostics.items().empty());
    CHECK(lp.pack);
  }
}

TEST_CASE("E010: type errors in conditions", "[checker]") {
  auto cond = [](const std::string& c) {
    return load_one("rule A {\n" + kMeta + "  patterns:\n    $a = \"x\"\n  condition:\n    $a and " + c + "\n}\n");
  };
  SECTION("integer fact compared with a string") {
    LoadedPack lp = cond("file.size == \"x\"");
    CHECK(codes_at(lp) == std::vector<std::string>{"E010@8:12"});
    CHECK_THAT(only(lp, "E010").message, Contains("integer") && Contains("string"));
  }
  SECTION("a pattern match used as an integer") {
    LoadedPack lp = cond("$a + 1 > 0");
    CHECK(codes_at(lp) == std::vector<std::string>{"E010@8:12"});
    CHECK_THAT(only(lp, "E010").message, Contains("expected a integer") || Contains("expected an integer"));
  }
  SECTION("ordering a string against an integer") {
    LoadedPack lp = cond("file.path > 3");
    CHECK(codes_at(lp) == std::vector<std::string>{"E010@8:12"});
  }
  SECTION("ordering two strings") {
    LoadedPack lp = cond("file.path > \"a\"");
    CHECK(codes_at(lp) == std::vector<std::string>{"E010@8:12"});
    CHECK_THAT(only(lp, "E010").message, Contains("compares integers"));
  }
  SECTION("an integer where a boolean is expected") {
    LoadedPack lp = cond("file.size");
    CHECK(codes_at(lp) == std::vector<std::string>{"E010@8:12"});
  }
  SECTION("a string operator on an integer") {
    LoadedPack lp = cond("file.depth contains \"a\"");
    CHECK(codes_at(lp) == std::vector<std::string>{"E010@8:12"});
  }
  SECTION("N of more items than the list holds") {
    LoadedPack lp = load_one("rule A {\n" + kMeta +
                             "  patterns:\n    $a = \"x\"\n    $b = \"y\"\n  condition:\n    3 of ($a, $b)\n}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E010@9:5"});
    CHECK_THAT(only(lp, "E010").message, Contains("can never be true"));
  }
  SECTION("well-typed comparisons are accepted") {
    LoadedPack lp = cond("#a + 2 - 1 >= file.depth and file.kind == \"python\" and file.is_symlink == false");
    INFO(rendered(lp));
    CHECK(lp.diagnostics.items().empty());
  }
}

TEST_CASE("E011: scope problems", "[checker]") {
  auto scoped = [](const std::string& scope) {
    return load_one("rule A {\n" + kMeta + "  scope:\n" + scope + "  condition:\n    true\n}\n");
  };
  SECTION("unknown scope key") {
    LoadedPack lp = scoped("    colour = \"red\"\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E011@6:5"});
    CHECK_THAT(only(lp, "E011").message, Contains("unknown scope key `colour`"));
  }
  SECTION("unknown file kind in a list, at that kind") {
    LoadedPack lp = scoped("    kind = [python, sourcecode]\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E011@6:21"});
    CHECK_THAT(only(lp, "E011").message, Contains("`sourcecode`") && Contains("setup_py"));
  }
  SECTION("bad glob, at that glob") {
    LoadedPack lp = scoped("    path = [\"*.py\", \"[abc\"]\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E011@6:21"});
    CHECK_THAT(only(lp, "E011").message, Contains("invalid glob"));
  }
  SECTION("identifiers where globs belong") {
    LoadedPack lp = scoped("    exclude = tests\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E011@6:5"});
  }
  SECTION("bad glob in a path pattern") {
    LoadedPack lp = load_one("rule A {\n" + kMeta + "  patterns:\n    $p = path \"[x\"\n  condition:\n    $p\n}\n");
    CHECK(codes(lp) == std::vector<std::string>{"E011"});
  }
}

TEST_CASE("E013: rule reference cycles", "[checker]") {
  SECTION("two rules") {
    LoadedPack lp = load_one("rule PING {\n" + kMeta + "  condition:\n    PONG\n}\n" +  // lines 1-7
                             "rule PONG {\n" + kMeta + "  condition:\n    PING\n}\n");
    CHECK(codes(lp) == std::vector<std::string>{"E013"});
    CHECK_THAT(only(lp, "E013").message, Contains("depends on itself"));
    CHECK_FALSE(lp.pack);
  }
  SECTION("a rule naming itself") {
    LoadedPack lp = load_one("rule SELF {\n" + kMeta + "  condition:\n    SELF or true\n}\n");
    CHECK(codes_at(lp) == std::vector<std::string>{"E013@1:6"});
  }
  SECTION("through a rule wildcard that includes the rule itself") {
    LoadedPack lp = load_one("private rule P_ONE {\n  condition:\n    true\n}\n"
                             "rule P_ALL {\n" + kMeta + "  condition:\n    all of (P_*)\n}\n");
    CHECK(codes(lp) == std::vector<std::string>{"E013"});
  }
  SECTION("a chain without a cycle is fine") {
    LoadedPack lp = load_one("private rule C1 {\n  condition:\n    true\n}\n"
                             "private rule C2 {\n  condition:\n    C1\n}\n"
                             "rule C3 {\n" + kMeta + "  condition:\n    C2 and C1\n}\n");
    INFO(rendered(lp));
    CHECK(lp.diagnostics.items().empty());
  }
}

TEST_CASE("W001: an unused pattern warns, and the pack still loads", "[checker]") {
  LoadedPack lp = load_one("rule A {\n" + kMeta +
                           "  patterns:\n"
                           "    $used = \"x\"\n"
                           "    $spare = \"y\"\n"
                           "  condition:\n"
                           "    $used\n"
                           "}\n");
  CHECK(codes_at(lp) == std::vector<std::string>{"W001@7:5"});
  CHECK(lp.diagnostics.items()[0].level == dsl::Level::Warning);
  CHECK(lp.diagnostics.error_count() == 0);
  CHECK(lp.pack);
  // A use through `them`, a wildcard or a count counts as a use.
  LoadedPack used = load_one("rule A {\n" + kMeta +
                             "  patterns:\n    $x1 = \"x\"\n    $x2 = \"y\"\n    $c = \"z\"\n    $t = \"w\"\n"
                             "  condition:\n    any of ($x*) and #c > 0\n}\n"
                             "rule B {\n" + kMeta + "  patterns:\n    $t = \"w\"\n  condition:\n    any of them\n}\n");
  INFO(rendered(used));
  CHECK(codes(used) == std::vector<std::string>{"W001"});  // only A's $t
}

TEST_CASE("a syntax error in one file and a semantic error in another are both reported", "[checker]") {
  TempPack tp({{"a_broken.canary", "rule BROKEN {\n  meta:\n    title = \"x\n}\n"},
               {"b_semantic.canary", "rule B {\n" + kMeta + "  condition:\n    $nothing\n}\n"}});
  LoadedPack lp = tp.load();
  INFO(rendered(lp));
  CHECK_FALSE(lp.pack);
  std::vector<std::string> where;
  for (const dsl::Diagnostic& d : lp.diagnostics.items()) where.push_back(file_of(lp, d.span) + " " + d.code);
  CHECK(where == std::vector<std::string>{"a_broken.canary E001", "b_semantic.canary E003"});
}

TEST_CASE("a rule file with three distinct mistakes gives exactly three diagnostics", "[checker]") {
  LoadedPack lp = load_one("rule THREE {\n" + kMeta +
                           "  patterns:\n"
                           "    $re = /evil(/\n"                           // line 6: E005 at the `(`, column 16
                           "    $q = ast `(call function: (identifer) @f)`\n"  // line 7: E006 at `identifer`, column 32
                           "  condition:\n"
                           "    $re and $q and $typo\n"                    // line 9: E003 at `$typo`, column 20
                           "}\n");
  INFO(rendered(lp));
  CHECK(codes_at(lp) == std::vector<std::string>{"E005@6:16", "E006@7:32", "E003@9:20"});
  CHECK_FALSE(lp.pack);
}

TEST_CASE("errors in an imported file are reported in that file", "[checker]") {
  TempPack tp({{"r.canary", "import \"lib\"\nrule A {\n" + kMeta + "  patterns:\n    $s = lib.S\n  condition:\n    $s\n}\n"}},
              {{"lib.canary", "patternset S {\n  $bad = /x(/\n}\n"}});
  LoadedPack lp = tp.load();
  const dsl::Diagnostic& d = only(lp, "E005");
  CHECK(file_of(lp, d.span) == "lib.canary");
  CHECK(pos_of(lp, d.span) == "2:12");
  CHECK(lp.diagnostics.error_count() == 1);  // reported once, not once per user
}

TEST_CASE("missing rule paths and empty packs are reported", "[checker]") {
  test::TempDir dir;
  LoadedPack missing = load_pack(PackSource{{dir / "nope"}, {}});
  CHECK(codes(missing) == std::vector<std::string>{"E009"});
  CHECK_THAT(missing.diagnostics.items()[0].message, Contains("not found"));
  CHECK_FALSE(missing.pack);
  LoadedPack empty = load_pack(PackSource{{dir.path()}, {}});
  CHECK(codes(empty) == std::vector<std::string>{"E009"});
  CHECK_FALSE(empty.pack);
}

// Predicate errors are positioned at the first occurrence of `#name` in the
// query text (engine/query.cpp, find_offset(text, "#" + name)), so a bad
// second `#eq?` is reported at the first, valid one.
TEST_CASE("E012: the second of two same-named predicates is the one pointed at", "[checker][regression]") {
  LoadedPack lp = load_one("rule A {\n" + kMeta +
                           "  patterns:\n"
                           "    $q = ast `((identifier) @f (#eq? @f \"a\") (#eq? @f))`\n"  // bad one at column 47
                           "  condition:\n"
                           "    $q\n"
                           "}\n");
  INFO(rendered(lp));
  CHECK(codes_at(lp) == std::vector<std::string>{"E012@6:47"});
}

// An import whose name is a fact namespace (`import "file"`) would make
// `file.HELPER` ambiguous: the import is refused (E009) at the import itself.
TEST_CASE("an import named like a fact namespace: its rules are usable or the import is refused", "[checker][regression]") {
  TempPack tp({{"r.canary", "import \"file\"\n" +
                                std::string("rule A {\n") + kMeta + "  condition:\n    file.HELPER\n}\n"}},
              {{"file.canary", "private rule HELPER {\n  condition:\n    true\n}\n"}});
  LoadedPack lp = tp.load();
  INFO(rendered(lp));
  const bool usable = lp.diagnostics.items().empty() && lp.pack;
  const auto codes = codes_at(lp);
  const bool refused_at_import = !lp.pack && !codes.empty() && codes.front() == "E009@1:8";
  CHECK((usable || refused_at_import));
}
