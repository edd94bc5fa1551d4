// Valid rule text and the exact syntax tree the parser builds for it.
#include "dsl_test_util.hpp"

using namespace canary::dsl;
using namespace canary::dsl::test;

TEST_CASE("the example rule from the language spec parses", "[dsl][parser]") {
  const std::string text = R"(import "python"          // stdlib-rules/python.canary, names used as python.X

rule PTH_EXEC_DECODE : pth obfuscation {
  meta:
    title       = ".pth file decodes and executes data at interpreter start-up"
    severity    = critical
    description = "Python runs `import` lines of every .pth file in site-packages on every start."
    references  = ["https://docs.python.org/3/library/site.html"]
  scope:
    kind = pth
  patterns:
    $decode = python.decode_calls
    $exec   = ast `(call function: (identifier) @f (#any-of? @f "exec" "eval"))`
  condition:
    pth.exec_lines > 0 and $decode and $exec
}
)";
  Parsed p = parse_ok(text);
  REQUIRE(p.file.imports.size() == 1);
  CHECK(p.file.imports[0].name == "python");
  CHECK(span_text(p, p.file.imports[0].span) == "import \"python\"");
  CHECK(span_text(p, p.file.imports[0].name_span) == "\"python\"");

  REQUIRE(p.file.rules.size() == 1);
  const Rule& r = p.file.rules[0];
  CHECK(r.name == "PTH_EXEC_DECODE");
  CHECK(span_text(p, r.name_span) == "PTH_EXEC_DECODE");
  CHECK_FALSE(r.is_private);
  CHECK(r.tags == std::vector<std::string>{"pth", "obfuscation"});
  CHECK(r.span.begin == offset_of(text, "rule PTH"));
  CHECK(r.span.end == text.size() - 1);  // through the closing brace, not the final newline
  REQUIRE(r.meta.size() == 4);
  CHECK(r.meta[1].key == "severity");
  CHECK(r.meta[1].value.kind == MetaValue::Kind::Ident);
  CHECK(r.meta[1].value.text == "critical");
  CHECK(r.meta[3].value.kind == MetaValue::Kind::List);
  CHECK(r.meta[3].value.items == std::vector<std::string>{"https://docs.python.org/3/library/site.html"});
  REQUIRE(r.scope.size() == 1);
  CHECK(r.scope[0].key == "kind");
  CHECK(r.scope[0].values == std::vector<std::string>{"pth"});
  CHECK(r.scope[0].values_are_identifiers);
  REQUIRE(r.patterns.size() == 2);
  CHECK(r.patterns[0].kind == PatternKind::SetRef);
  CHECK(r.patterns[0].text == "python.decode_calls");
  CHECK(r.patterns[1].kind == PatternKind::Query);
  CHECK(r.patterns[1].text == R"((call function: (identifier) @f (#any-of? @f "exec" "eval")))");
  CHECK(sexpr(r.condition) == "(and (> pth.exec_lines 0) $decode $exec)");
}

TEST_CASE("literal patterns: escapes, modifiers and spans", "[dsl][parser][patterns]") {
  const std::string text =
      "rule R {\n"
      "  patterns:\n"
      "    $plain = \"exec(\"\n"
      "    $esc   = \"a\\\"b\\\\c\\n\\r\\t\\0\\x41\\xfF\"\n"
      "    $both  = \"Popen\" nocase fullword\n"
      "    $rev   = \"x\" fullword nocase\n"
      "    $one   = \"y\" nocase\n"
      "  condition:\n"
      "    any of them\n"
      "}\n";
  Parsed p = parse_ok(text);
  const auto& ps = p.file.rules.at(0).patterns;
  REQUIRE(ps.size() == 5);
  CHECK(ps[0].name == "plain");
  CHECK(ps[0].kind == PatternKind::Literal);
  CHECK(ps[0].text == "exec(");
  CHECK(span_text(p, ps[0].name_span) == "$plain");
  CHECK(span_text(p, ps[0].text_span) == "\"exec(\"");
  CHECK(span_text(p, ps[0].span) == "$plain = \"exec(\"");
  CHECK_FALSE(ps[0].nocase);
  CHECK_FALSE(ps[0].fullword);

  CHECK(ps[1].text == std::string("a\"b\\c\n\r\t\0A\xff", 11));

  CHECK(ps[2].nocase);
  CHECK(ps[2].fullword);
  CHECK(span_text(p, ps[2].span) == "$both  = \"Popen\" nocase fullword");
  CHECK(ps[3].nocase);
  CHECK(ps[3].fullword);
  CHECK(ps[4].nocase);
  CHECK_FALSE(ps[4].fullword);
}

TEST_CASE("regex patterns: text_span starts after the opening slash", "[dsl][parser][patterns]") {
  const std::string text =
      "rule R {\n"
      "  patterns:\n"
      "    $a = /ab(c/\n"
      "    $b = /https?:\\/\\/[a-z]+\\/x/is\n"
      "    $c = /^import\\s/m\n"
      "  condition:\n"
      "    $a or $b or $c\n"
      "}\n";
  Parsed p = parse_ok(text);
  const auto& ps = p.file.rules.at(0).patterns;
  REQUIRE(ps.size() == 3);
  CHECK(ps[0].kind == PatternKind::Regex);
  CHECK(ps[0].text == "ab(c");
  CHECK(ps[0].flags.empty());
  // A Hyperscan error at index 2 of "ab(c" is the '(' in the rule file.
  CHECK(ps[0].text_span.begin == offset_of(text, "ab(c"));
  CHECK(p.text()[ps[0].text_span.begin + 2] == '(');
  CHECK(span_text(p, ps[0].text_span) == "ab(c");
  CHECK(span_text(p, ps[0].span) == "$a = /ab(c/");

  CHECK(ps[1].text == "https?:\\/\\/[a-z]+\\/x");  // `\/` kept verbatim, does not end the regex
  CHECK(ps[1].flags == "is");
  CHECK(span_text(p, ps[1].text_span) == ps[1].text);
  CHECK(ps[2].flags == "m");
}

TEST_CASE("ast query patterns: raw text spanning lines, text_span after the backtick", "[dsl][parser][patterns]") {
  const std::string text =
      "rule R {\n"
      "  patterns:\n"
      "    $q = ast `(call\n"
      "      function: (identifier) @f\n"
      "      (#eq? @f \"exec\")) @match`\n"
      "  condition:\n"
      "    $q\n"
      "}\n";
  Parsed p = parse_ok(text);
  const Pattern& q = p.file.rules.at(0).patterns.at(0);
  CHECK(q.kind == PatternKind::Query);
  CHECK(q.text == "(call\n      function: (identifier) @f\n      (#eq? @f \"exec\")) @match");
  CHECK(q.text_span.begin == offset_of(text, "(call"));
  CHECK(span_text(p, q.text_span) == q.text);
  // tree-sitter reports errors as offsets into the query; they map straight back.
  uint32_t k = static_cast<uint32_t>(q.text.find("@f"));
  CHECK(p.text().substr(q.text_span.begin + k, 2) == "@f");
  CHECK(span_text(p, q.span) == "$q = ast `" + q.text + "`");
}

TEST_CASE("path and set-reference patterns", "[dsl][parser][patterns]") {
  const std::string text =
      "rule R {\n"
      "  patterns:\n"
      "    $p = path \"**/*.pth\"\n"
      "    $s = network_calls\n"
      "    $n = python.network_calls\n"
      "  condition:\n"
      "    all of them\n"
      "}\n";
  Parsed p = parse_ok(text);
  const auto& ps = p.file.rules.at(0).patterns;
  REQUIRE(ps.size() == 3);
  CHECK(ps[0].kind == PatternKind::Path);
  CHECK(ps[0].text == "**/*.pth");
  CHECK(span_text(p, ps[0].text_span) == "\"**/*.pth\"");
  CHECK(ps[1].kind == PatternKind::SetRef);
  CHECK(ps[1].text == "network_calls");
  CHECK(ps[2].kind == PatternKind::SetRef);
  CHECK(ps[2].text == "python.network_calls");
  CHECK(span_text(p, ps[2].text_span) == "python.network_calls");
}

TEST_CASE("pattern sets and imports", "[dsl][parser]") {
  const std::string text =
      "import \"python\"\n"
      "import \"net\"\n"
      "patternset decode_calls {\n"
      "  $b64 = \"b64decode\"\n"
      "  $hex = /bytes\\.fromhex/\n"
      "}\n"
      "patternset empty_set { }\n";
  Parsed p = parse_ok(text);
  REQUIRE(p.file.imports.size() == 2);
  CHECK(p.file.imports[1].name == "net");
  REQUIRE(p.file.pattern_sets.size() == 2);
  const PatternSet& s = p.file.pattern_sets[0];
  CHECK(s.name == "decode_calls");
  CHECK(span_text(p, s.name_span) == "decode_calls");
  CHECK(span_text(p, s.span).substr(0, 10) == "patternset");
  CHECK(p.text()[s.span.end - 1] == '}');
  REQUIRE(s.patterns.size() == 2);
  CHECK(s.patterns[0].name == "b64");
  CHECK(s.patterns[1].kind == PatternKind::Regex);
  CHECK(s.patterns[1].text == "bytes\\.fromhex");
  CHECK(p.file.pattern_sets[1].patterns.empty());
  CHECK(p.file.rules.empty());
}

TEST_CASE("meta values of every kind, lists with trailing comma", "[dsl][parser][meta]") {
  const std::string text =
      "rule R {\n"
      "  meta:\n"
      "    title = \"T \\\"q\\\"\"\n"
      "    severity = high\n"
      "    weight = 0x10\n"
      "    limit = 2MB\n"
      "    enabled = true\n"
      "    disabled = false\n"
      "    references = [\"a\", \"b\",]\n"
      "    empty = []\n"
      "    path = \"meta keys may be keywords other than section names\"\n"
      "  condition:\n"
      "    true\n"
      "}\n";
  Parsed p = parse_ok(text);
  const auto& m = p.file.rules.at(0).meta;
  REQUIRE(m.size() == 9);
  CHECK(m[0].key == "title");
  CHECK(span_text(p, m[0].key_span) == "title");
  CHECK(m[0].value.kind == MetaValue::Kind::String);
  CHECK(m[0].value.text == "T \"q\"");
  CHECK(span_text(p, m[0].value.span) == "\"T \\\"q\\\"\"");
  CHECK(m[1].value.kind == MetaValue::Kind::Ident);
  CHECK(m[1].value.text == "high");
  CHECK(m[2].value.kind == MetaValue::Kind::Int);
  CHECK(m[2].value.number == 16);
  CHECK(m[3].value.number == 2 * 1024 * 1024);
  CHECK(m[4].value.kind == MetaValue::Kind::Bool);
  CHECK(m[4].value.boolean);
  CHECK(m[5].value.kind == MetaValue::Kind::Bool);
  CHECK_FALSE(m[5].value.boolean);
  CHECK(m[6].value.kind == MetaValue::Kind::List);
  CHECK(m[6].value.items == std::vector<std::string>{"a", "b"});
  CHECK(span_text(p, m[6].value.span) == "[\"a\", \"b\",]");
  CHECK(m[7].value.kind == MetaValue::Kind::List);
  CHECK(m[7].value.items.empty());
  CHECK(m[8].key == "path");
}

TEST_CASE("scope entries: string, identifier, lists of either", "[dsl][parser][scope]") {
  const std::string text =
      "rule R {\n"
      "  scope:\n"
      "    path = \"*.pth\"\n"
      "    exclude = [\"tests/**\", \"docs/**\",]\n"
      "    kind = [python, setup_py]\n"
      "  condition:\n"
      "    true\n"
      "}\n";
  Parsed p = parse_ok(text);
  const auto& s = p.file.rules.at(0).scope;
  REQUIRE(s.size() == 3);
  CHECK(s[0].key == "path");
  CHECK(s[0].values == std::vector<std::string>{"*.pth"});
  CHECK_FALSE(s[0].values_are_identifiers);
  REQUIRE(s[0].value_spans.size() == 1);
  CHECK(span_text(p, s[0].value_spans[0]) == "\"*.pth\"");
  CHECK(s[1].values == std::vector<std::string>{"tests/**", "docs/**"});
  CHECK(s[1].value_spans.size() == 2);
  CHECK(s[2].key == "kind");
  CHECK(s[2].values == std::vector<std::string>{"python", "setup_py"});
  CHECK(s[2].values_are_identifiers);
  CHECK(span_text(p, s[2].value_spans[1]) == "setup_py");
}

TEST_CASE("private rules, tags, all sections optional but condition", "[dsl][parser]") {
  const std::string text =
      "private rule is_setup {\n  condition: file.name == \"setup.py\"\n}\n"
      "rule TAGGED : a b c { condition: is_setup }\n"
      "rule android { condition: false }\n";
  Parsed p = parse_ok(text);
  REQUIRE(p.file.rules.size() == 3);
  CHECK(p.file.rules[0].is_private);
  CHECK(p.file.rules[0].name == "is_setup");
  CHECK(span_text(p, p.file.rules[0].span).substr(0, 12) == "private rule");
  CHECK(p.file.rules[1].tags == std::vector<std::string>{"a", "b", "c"});
  CHECK(sexpr(p.file.rules[1].condition) == "is_setup");
  CHECK(p.file.rules[2].name == "android");
}

TEST_CASE("identifiers that start with a keyword are identifiers", "[dsl][parser]") {
  CHECK(condition_sexpr("anything and order or notice") == "(or (and anything order) notice)");
  CHECK(condition_sexpr("android and ruler and imports and pathological") ==
        "(and android ruler imports pathological)");
  CHECK(condition_sexpr("not nothing") == "(not nothing)");
  CHECK(condition_sexpr("truely or falsey") == "(or truely falsey)");
  CHECK(condition_sexpr("them_all") == "them_all");
}

TEST_CASE("boolean operators: precedence not > and > or, chains flattened", "[dsl][parser][expr]") {
  CHECK(condition_sexpr("$a or $b and $c") == "(or $a (and $b $c))");
  CHECK(condition_sexpr("$a and $b or $c") == "(or (and $a $b) $c)");
  CHECK(condition_sexpr("$a and $b and $c and $d") == "(and $a $b $c $d)");
  CHECK(condition_sexpr("$a or $b or $c") == "(or $a $b $c)");
  CHECK(condition_sexpr("not $a and $b") == "(and (not $a) $b)");
  CHECK(condition_sexpr("not not $a") == "(not (not $a))");
  CHECK(condition_sexpr("($a or $b) and $c") == "(and (or $a $b) $c)");
  // Parentheses keep their own node: an explicit group is not merged into the chain.
  CHECK(condition_sexpr("($a and $b) and $c") == "(and (and $a $b) $c)");
  CHECK(condition_sexpr("$a and ($b or $c or $d) and not ($e)") == "(and $a (or $b $c $d) (not $e))");
  CHECK(condition_sexpr("((($a)))") == "$a");
}

TEST_CASE("comparisons and arithmetic", "[dsl][parser][expr]") {
  CHECK(condition_sexpr("#a == 2") == "(== #a 2)");
  CHECK(condition_sexpr("#a != 2") == "(!= #a 2)");
  CHECK(condition_sexpr("#a<2") == "(< #a 2)");
  CHECK(condition_sexpr("#a <= 2") == "(<= #a 2)");
  CHECK(condition_sexpr("#a > 2") == "(> #a 2)");
  CHECK(condition_sexpr("#a >= 2") == "(>= #a 2)");
  CHECK(condition_sexpr("#a + #b - 1 > 3") == "(> (- (+ #a #b) 1) 3)");
  CHECK(condition_sexpr("file.size > 10KB") == "(> file.size 10240)");
  CHECK(condition_sexpr("file.size < 0x1F") == "(< file.size 31)");
  CHECK(condition_sexpr("file.size < 1MB") == "(< file.size 1048576)");
  CHECK(condition_sexpr("file.path contains \"/.\"") == "(contains file.path \"/.\")");
  CHECK(condition_sexpr("file.name icontains \"SETUP\"") == "(icontains file.name \"SETUP\")");
  CHECK(condition_sexpr("file.path startswith \"src/\"") == "(startswith file.path \"src/\")");
  CHECK(condition_sexpr("file.name endswith \".pth\"") == "(endswith file.name \".pth\")");
  CHECK(condition_sexpr("artifact.kind == \"wheel\"") == "(== artifact.kind \"wheel\")");
  CHECK(condition_sexpr("file.path matches /^[a-z]+\\/x/i") == "(matches file.path /^[a-z]+\\/x/i)");
  CHECK(condition_sexpr("not file.size > 1 and $a") == "(and (not (> file.size 1)) $a)");
  CHECK(condition_sexpr("true or false") == "(or true false)");
}

TEST_CASE("`of` expressions", "[dsl][parser][expr]") {
  CHECK(condition_sexpr("any of them") == "(of any them)");
  CHECK(condition_sexpr("all of them") == "(of all them)");
  CHECK(condition_sexpr("none of ($a, $b)") == "(of none $a $b)");
  CHECK(condition_sexpr("2 of ($a*, $b, SOME_RULE, ns.other, PREFIX_*)") ==
        "(of 2 $a* $b SOME_RULE ns.other PREFIX_*)");
  CHECK(condition_sexpr("any of ($x) and 2 of them") == "(and (of any $x) (of 2 them))");
  CHECK(condition_sexpr("3 == 3") == "(== 3 3)");  // an integer not followed by `of`

  Parsed p = parse_condition("2 of ($dec*, RULE_X)");
  const Expr& e = p.file.rules.at(0).condition;
  REQUIRE(e.kind == ExprKind::Of);
  CHECK(e.quantifier == Quantifier::AtLeast);
  CHECK(e.quantity == 2);
  CHECK_FALSE(e.of_them);
  REQUIRE(e.of_items.size() == 2);
  CHECK(e.of_items[0].is_pattern);
  CHECK(e.of_items[0].wildcard);
  CHECK(e.of_items[0].name == "dec");
  CHECK(span_text(p, e.of_items[0].span) == "$dec*");
  CHECK_FALSE(e.of_items[1].is_pattern);
  CHECK(e.of_items[1].name == "RULE_X");
  CHECK(span_text(p, e.span) == "2 of ($dec*, RULE_X)");
}

TEST_CASE("expression spans", "[dsl][parser][expr][spans]") {
  const std::string cond = "not $a and (#b + 1 >= 2 or file.path matches /x\\/y/s)";
  Parsed p = parse_condition(cond);
  const Expr& e = p.file.rules.at(0).condition;
  REQUIRE(sexpr(e) == "(and (not $a) (or (>= (+ #b 1) 2) (matches file.path /x\\/y/s)))");
  CHECK(span_text(p, e.span) == cond);
  const Expr& n = e.children[0];
  CHECK(span_text(p, n.span) == "not $a");
  CHECK(span_text(p, n.children[0].span) == "$a");
  const Expr& group = e.children[1];
  CHECK(span_text(p, group.span) == "(#b + 1 >= 2 or file.path matches /x\\/y/s)");
  const Expr& cmp = group.children[0];
  CHECK(span_text(p, cmp.span) == "#b + 1 >= 2");
  CHECK(span_text(p, cmp.children[0].span) == "#b + 1");
  CHECK(span_text(p, cmp.children[0].children[0].span) == "#b");
  CHECK(span_text(p, cmp.children[1].span) == "2");
  const Expr& m = group.children[1];
  CHECK(span_text(p, m.span) == "file.path matches /x\\/y/s");
  CHECK(span_text(p, m.children[0].span) == "file.path");
  // The regex node's span is the text between the slashes (like Pattern::text_span).
  const Expr& re = m.children[1];
  CHECK(re.kind == ExprKind::Regex);
  CHECK(re.text == "x\\/y");
  CHECK(re.flags == "s");
  CHECK(re.span.begin == offset_of(p.text(), "x\\/y/s"));
  CHECK(span_text(p, re.span) == "x\\/y");
}

TEST_CASE("comments and whitespace anywhere between tokens", "[dsl][parser]") {
  const std::string text =
      "// leading comment\n"
      "/* block\n   comment */ rule /* here */ R // there\n"
      "{ condition: /* inside */ $a // and\n"
      "  and /**/ #a > 1 }\n"
      "/* trailing */";
  Parsed p = parse_ok(text);
  REQUIRE(p.file.rules.size() == 1);
  CHECK(sexpr(p.file.rules[0].condition) == "(and $a (> #a 1))");
}

TEST_CASE("CRLF line endings and a byte order mark are accepted", "[dsl][parser]") {
  Parsed p = parse_ok("\xEF\xBB\xBFrule R {\r\n  condition:\r\n    true // c\r\n}\r\n");
  REQUIRE(p.file.rules.size() == 1);
  CHECK(p.file.rules[0].span.begin == 3);
}

TEST_CASE("an empty file or only comments is valid", "[dsl][parser]") {
  CHECK(parse_ok("").file.rules.empty());
  CHECK(parse_ok("  // nothing\n/* here */\n").file.rules.empty());
}

TEST_CASE("ten thousand small rules parse", "[dsl][parser][scale]") {
  std::string text;
  for (int i = 0; i < 10000; ++i)
    text += "rule R" + std::to_string(i) + " { patterns: $a = \"x" + std::to_string(i) +
            "\" condition: $a and #a > 1 }\n";
  Parsed p = parse_ok(text);
  REQUIRE(p.file.rules.size() == 10000);
  CHECK(p.file.rules[9999].name == "R9999");
  CHECK(p.file.rules[9999].patterns.at(0).text == "x9999");
  CHECK(p.sources.position(p.id, p.file.rules[9999].span.begin).line == 10000);
}

TEST_CASE("nesting up to the limit is accepted", "[dsl][parser][scale]") {
  const int depth = 256;
  Parsed p = parse_condition(std::string(depth, '(') + "$a" + std::string(depth, ')'));
  CHECK(sexpr(p.file.rules.at(0).condition) == "$a");
  std::string nots;
  for (int i = 0; i < depth; ++i) nots += "not ";
  Parsed q = parse_condition(nots + "$a");
  const Expr* e = &q.file.rules.at(0).condition;
  int count = 0;
  while (e->kind == ExprKind::Not) {
    ++count;
    e = &e->children.at(0);
  }
  CHECK(count == depth);
}

TEST_CASE("pattern names may be keywords, delimiters inside other tokens are plain text", "[dsl][parser][patterns]") {
  const std::string text =
      "rule R {\n"
      "  patterns:\n"
      "    $and  = \"a /* not a comment */ // nor this `x`\"\n"
      "    $path = /a\\\\/\n"
      "    $q    = ast `(string) @s (#match? @s \"^https?://\")`\n"
      "  condition:\n"
      "    $and and #path > 0 and $q // trailing \"comment\"\n"
      "}\n";
  Parsed p = parse_ok(text);
  const auto& ps = p.file.rules.at(0).patterns;
  REQUIRE(ps.size() == 3);
  CHECK(ps[0].name == "and");
  CHECK(ps[0].text == "a /* not a comment */ // nor this `x`");
  CHECK(ps[1].name == "path");
  CHECK(ps[1].text == "a\\\\");  // an escaped backslash, then the closing slash
  CHECK(ps[2].text == "(string) @s (#match? @s \"^https?://\")");
  CHECK(sexpr(p.file.rules[0].condition) == "(and $and (> #path 0) $q)");
}
