// Helpers for the DSL tests: parse a text, print expressions as compact
// S-expressions so tests can state an exact tree shape in one line, and find
// byte offsets of snippets for span checks.
#pragma once
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "dsl/ast.hpp"
#include "dsl/diagnostics.hpp"
#include "dsl/parser.hpp"

namespace canary::dsl::test {

struct Parsed {
  SourceMap sources;
  RuleFile file;
  Diagnostics diags;
  bool ok = false;
  uint32_t id = 0;
  const std::string& text() const { return sources.file(id).text; }
  std::string rendered() const { return render_text(diags, sources); }
};

inline Parsed parse_text(std::string text, std::string path = "t.canary") {
  Parsed p;
  p.id = p.sources.add(std::move(path), std::move(text));
  p.ok = parse_rule_file(p.sources, p.id, p.file, p.diags);
  return p;
}

// Parses text that must be valid; fails the test with the diagnostics otherwise.
inline Parsed parse_ok(std::string text) {
  Parsed p = parse_text(std::move(text));
  INFO(p.rendered());
  REQUIRE(p.ok);
  REQUIRE(p.diags.items().empty());
  return p;
}

// A rule whose condition is `condition`, returned parsed.
inline Parsed parse_condition(const std::string& condition) {
  return parse_ok("rule R {\n  condition:\n    " + condition + "\n}\n");
}

// Offset of the n-th (0-based) occurrence of `needle` in `text`.
inline uint32_t offset_of(std::string_view text, std::string_view needle, int nth = 0) {
  size_t pos = text.find(needle);
  while (nth-- > 0 && pos != std::string_view::npos) pos = text.find(needle, pos + 1);
  REQUIRE(pos != std::string_view::npos);
  return static_cast<uint32_t>(pos);
}

inline std::string_view span_text(const Parsed& p, const Span& s) {
  return std::string_view(p.text()).substr(s.begin, s.end - s.begin);
}

inline std::string sexpr(const Expr& e) {
  auto list = [&](std::string head) {
    std::string s = "(" + head;
    for (const auto& c : e.children) s += " " + sexpr(c);
    return s + ")";
  };
  switch (e.kind) {
    case ExprKind::Bool: return e.boolean ? "true" : "false";
    case ExprKind::Int: return std::to_string(e.number);
    case ExprKind::String: return "\"" + e.text + "\"";
    case ExprKind::Regex: return "/" + e.text + "/" + e.flags;
    case ExprKind::PatternMatch: return "$" + e.text;
    case ExprKind::PatternCount: return "#" + e.text;
    case ExprKind::Name: return e.text;
    case ExprKind::Not: return list("not");
    case ExprKind::And: return list("and");
    case ExprKind::Or: return list("or");
    case ExprKind::Compare:
    case ExprKind::Add: return list(e.op);
    case ExprKind::Of: {
      std::string q;
      switch (e.quantifier) {
        case Quantifier::Any: q = "any"; break;
        case Quantifier::All: q = "all"; break;
        case Quantifier::None: q = "none"; break;
        case Quantifier::AtLeast: q = std::to_string(e.quantity); break;
      }
      std::string s = "(of " + q;
      if (e.of_them) s += " them";
      for (const auto& i : e.of_items) s += std::string(" ") + (i.is_pattern ? "$" : "") + i.name + (i.wildcard ? "*" : "");
      return s + ")";
    }
  }
  return "?";
}

inline std::string condition_sexpr(const std::string& condition) {
  Parsed p = parse_condition(condition);
  REQUIRE(p.file.rules.size() == 1);
  return sexpr(p.file.rules[0].condition);
}

}  // namespace canary::dsl::test
