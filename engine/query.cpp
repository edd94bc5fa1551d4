#include "query.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

#include "byte_io.hpp"
#include "hs_util.hpp"
#include "query_context.hpp"
#include "query_scope.hpp"
#include "regex_literals.hpp"

extern "C" const TSLanguage* tree_sitter_python(void);

namespace canary {

const TSLanguage* python_language() { return tree_sitter_python(); }

struct CompiledQuery::Predicate {
  enum class Kind { Eq, Match, AnyOf } kind = Kind::Eq;
  bool negated = false;
  uint32_t capture = 0;
  bool rhs_capture = false;
  uint32_t rhs = 0;                     // capture id when rhs_capture
  std::vector<std::string> values;      // literal value(s)
  std::shared_ptr<const HsDatabase> regex;  // Kind::Match
};

namespace {

const char* error_name(TSQueryError e) {
  switch (e) {
    case TSQueryErrorSyntax: return "syntax error";
    case TSQueryErrorNodeType: return "unknown node type";
    case TSQueryErrorField: return "unknown field";
    case TSQueryErrorCapture: return "unknown capture";
    case TSQueryErrorStructure: return "impossible pattern structure";
    case TSQueryErrorLanguage: return "grammar version mismatch";
    default: return "error";
  }
}

// The identifier-ish token at `offset`, for messages such as "unknown node type `foo`".
std::string token_at(const std::string& text, uint32_t offset) {
  size_t e = offset;
  while (e < text.size() && (std::isalnum(static_cast<unsigned char>(text[e])) || text[e] == '_' ||
                             text[e] == '.' || text[e] == '-'))
    ++e;
  return text.substr(offset, e - offset);
}

// Where `needle` next occurs at or after `from`, to position predicate errors.
uint32_t find_offset(const std::string& text, const std::string& needle, size_t from = 0) {
  size_t p = text.find(needle, from);
  if (p == std::string::npos) p = text.find(needle);
  return p == std::string::npos ? 0 : static_cast<uint32_t>(p);
}

bool holds(const std::string_view text, const CompiledQuery&, HsScratch& scratch, const std::vector<std::string>& values,
           int kind, const HsDatabase* regex) {
  switch (kind) {
    case 0:  // Eq
      return text == values.front();
    case 1:  // Match
      return hs_matches(*regex, text, scratch);
    default:  // AnyOf
      return std::find(values.begin(), values.end(), text) != values.end();
  }
}

std::string_view node_text(TSNode n, std::string_view src) {
  uint32_t b = ts_node_start_byte(n), e = ts_node_end_byte(n);
  if (b > src.size()) b = static_cast<uint32_t>(src.size());
  if (e > src.size()) e = static_cast<uint32_t>(src.size());
  return src.substr(b, e - b);
}

// A prefilter term whose shortest literal is shorter is used only when its
// pattern has no other term.
constexpr size_t kMinClueBytes = 3;

// The relaxed form of a #match? regex as a prefilter clue, or "" when it has
// none or Hyperscan would refuse it (it must compile alone, and into the
// pack's one database, without matching the empty string). `min_width` is
// the fewest bytes any match of it spans.
std::string usable_relaxed_regex(const std::string& regex, size_t& min_width) {
  min_width = 0;
  std::string relaxed = relaxed_regex(regex);
  if (relaxed.empty()) return {};
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_expression_info(relaxed.c_str(), 0, &info, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    return {};
  }
  min_width = info->min_width;
  std::free(info);  // allocated with Hyperscan's misc allocator, malloc by default
  return min_width == 0 ? std::string() : relaxed;
}

// The minimum width of a regex Hyperscan accepts alone, or 0 when it does
// not accept it or it can match the empty string.
size_t regex_min_width(const std::string& regex) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_expression_info(regex.c_str(), 0, &info, &err) != HS_SUCCESS) {
    hs_free_compile_error(err);
    return 0;
  }
  const size_t w = info->min_width;
  std::free(info);
  return w;
}

bool is_identifier(std::string_view v) {
  if (v.empty() || !(std::isalpha(static_cast<unsigned char>(v[0])) || v[0] == '_')) return false;
  return std::all_of(v.begin(), v.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

// A term's capture text as a piece of regex: its names as an alternation
// (`is_name`), or its relaxed #match? regex inside the identifier it must
// match somewhere in. "" when the term is not written so (literals, values
// that are not identifiers).
std::string capture_piece(const std::vector<PrefilterClue>& term, bool& is_name) {
  is_name = false;
  if (term.size() == 1 && term[0].kind == PrefilterClue::Kind::Regex)
    return "[\\w\\x80-\\xff]*(?:" + term[0].text + ")[\\w\\x80-\\xff]*";
  std::string alt;
  for (const PrefilterClue& c : term) {
    if (c.kind != PrefilterClue::Kind::Name || !is_identifier(c.text)) return {};
    alt += (alt.empty() ? "" : "|") + c.text;
  }
  is_name = true;
  return "(?:" + alt + ")";
}

// Rewrites the terms of one pattern with what surrounds their captures in
// the source (query_context.hpp): a called name gets `G(` after it, an
// attribute's name `.G` before it, a plain name no `.` before it, an
// assigned value `=` or `,` before it and no `(`, `.` or `[` after it
// (kValueEnd), and an attribute's object and name captured together become
// one term, `os G.G system` (G: kPythonGap). Each rewritten clue still matches wherever the
// pattern does, now with less around it: `connect` inside `def connect(self)`,
// `re.compile(` for a plain `compile(` call, or `x = eval(s)` for an alias
// `b = eval` no longer admit a statement.
void add_contexts(std::vector<std::vector<PrefilterClue>>& terms, std::vector<size_t>& strength,
                  const std::vector<std::string>& captures, const PatternContexts& contexts) {
  const std::string gap = kPythonGap;
  std::vector<char> drop(terms.size(), 0);
  auto context_of = [&](const std::string& capture) -> const CaptureContext* {
    auto it = contexts.find(capture);
    return it == contexts.end() || !it->second.known ? nullptr : &it->second;
  };
  auto set_term = [&](size_t t, const std::string& regex, size_t floor) {
    const size_t width = regex_min_width(regex);
    if (width == 0) return false;
    terms[t] = {{PrefilterClue::Kind::Regex, regex}};
    strength[t] = std::max({floor, width >= kMinClueBytes ? width : size_t{0}});
    return true;
  };
  // Pairs first, while both terms are still plain.
  std::vector<char> done(terms.size(), 0);
  for (size_t t = 0; t < terms.size(); ++t) {
    const CaptureContext* c = context_of(captures[t]);
    if (!c || c->object.empty()) continue;
    const CaptureContext* o = context_of(c->object);
    if (!o || o->attribute != captures[t]) continue;
    bool name = false;
    const std::string piece = capture_piece(terms[t], name);
    if (piece.empty()) continue;
    for (size_t u = 0; u < terms.size(); ++u) {
      if (u == t || done[u] || drop[u] || captures[u] != c->object) continue;
      bool object_name = false;
      const std::string object = capture_piece(terms[u], object_name);
      if (object.empty()) continue;
      const std::string regex = (object_name ? "(?:^|[^.\\w])" : "") + object + gap + "[.]" + gap + piece +
                                (c->called ? gap + "[(]" : name ? "\\b" : "");
      if (set_term(t, regex, std::max(strength[t], strength[u]))) {
        done[t] = 1;
        drop[u] = 1;
      }
      break;
    }
  }
  using Before = CaptureContext::Before;
  for (size_t t = 0; t < terms.size(); ++t) {
    if (done[t] || drop[t]) continue;
    const CaptureContext* c = context_of(captures[t]);
    if (!c || (!c->called && !c->whole_value && c->before == Before::Any)) continue;
    bool name = false;
    const std::string piece = capture_piece(terms[t], name);
    if (piece.empty()) continue;
    const std::string prefix = c->before == Before::Dot        ? "[.]" + gap
                               : c->before == Before::NotDot   ? "(?:^|[^.\\w])"
                               : c->before == Before::Assigned ? "[=,]" + gap
                               : name                          ? "\\b"
                                                               : "";
    const std::string suffix = c->called        ? gap + "[(]"
                               : c->whole_value ? std::string(kValueEnd)
                               : name           ? "\\b"
                                                : "";
    set_term(t, prefix + piece + suffix, strength[t]);
  }
  for (size_t t = terms.size(); t-- > 0;)
    if (drop[t]) {
      terms.erase(terms.begin() + static_cast<std::ptrdiff_t>(t));
      strength.erase(strength.begin() + static_cast<std::ptrdiff_t>(t));
    }
}

// Clues deduplicated and sorted, terms as indices into them, terms and
// patterns deduplicated, so that equal queries have equal prefilters.
QueryPrefilter make_prefilter(const std::vector<std::vector<std::vector<PrefilterClue>>>& pattern_terms) {
  QueryPrefilter pf;
  for (const auto& terms : pattern_terms)
    for (const auto& term : terms) pf.clues.insert(pf.clues.end(), term.begin(), term.end());
  std::sort(pf.clues.begin(), pf.clues.end());
  pf.clues.erase(std::unique(pf.clues.begin(), pf.clues.end()), pf.clues.end());
  auto index = [&](const PrefilterClue& c) {
    return static_cast<uint32_t>(std::lower_bound(pf.clues.begin(), pf.clues.end(), c) - pf.clues.begin());
  };
  for (const auto& terms : pattern_terms) {
    std::vector<std::vector<uint32_t>> out;
    for (const auto& term : terms) {
      std::vector<uint32_t> ids;
      for (const PrefilterClue& c : term) ids.push_back(index(c));
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      out.push_back(std::move(ids));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    pf.patterns.push_back(std::move(out));
  }
  std::sort(pf.patterns.begin(), pf.patterns.end());
  pf.patterns.erase(std::unique(pf.patterns.begin(), pf.patterns.end()), pf.patterns.end());
  return pf;
}

}  // namespace

std::string describe(const QueryPrefilter& prefilter) {
  if (prefilter.empty()) return "(none)";
  std::string out;
  for (const auto& terms : prefilter.patterns) {
    if (!out.empty()) out += " | ";
    for (size_t t = 0; t < terms.size(); ++t) {
      if (t) out += " & ";
      if (terms.size() > 1 && terms[t].size() > 1) out += '(';
      for (size_t i = 0; i < terms[t].size(); ++i) {
        if (i) out += ", ";
        const PrefilterClue& c = prefilter.clues[terms[t][i]];
        switch (c.kind) {
          case PrefilterClue::Kind::Name: out += '"' + c.text + '"'; break;
          case PrefilterClue::Kind::Literal: out += "~\"" + c.text + '"'; break;
          case PrefilterClue::Kind::Regex: {
            // The blanks between tokens (kPythonGap) read as {gap}, the
            // end of a whole value (kValueEnd) as {end}.
            std::string text = c.text;
            for (auto [regex, shown] : {std::pair<std::string, std::string>{kPythonGap, "{gap}"},
                                        std::pair<std::string, std::string>{kValueEnd, "{end}"}})
              for (size_t at = text.find(regex); at != std::string::npos; at = text.find(regex, at + shown.size()))
                text.replace(at, regex.size(), shown);
            out += '/' + text + '/';
            break;
          }
        }
      }
      if (terms.size() > 1 && terms[t].size() > 1) out += ')';
    }
  }
  return out;
}

CompiledQuery::~CompiledQuery() {
  if (query_) ts_query_delete(query_);
}

std::unique_ptr<CompiledQuery> CompiledQuery::combine(const std::vector<std::string>& texts, MatchRegexes* regexes) {
  std::string joined;
  std::vector<uint32_t> starts;
  for (const std::string& t : texts) {
    starts.push_back(static_cast<uint32_t>(joined.size()));
    joined += t;
    joined += '\n';
  }
  std::vector<QueryProblem> problems;
  // The combined query is never prefiltered: its members are.
  auto cq = compile_impl(joined, problems, regexes, false);
  if (!cq) return nullptr;
  uint32_t patterns = ts_query_pattern_count(cq->query_);
  cq->member_.resize(patterns);
  for (uint32_t p = 0; p < patterns; ++p) {
    uint32_t at = ts_query_start_byte_for_pattern(cq->query_, p);
    cq->member_[p] = static_cast<int>(std::upper_bound(starts.begin(), starts.end(), at) - starts.begin()) - 1;
  }
  return cq;
}

std::unique_ptr<CompiledQuery> CompiledQuery::compile(const std::string& text, std::vector<QueryProblem>& problems,
                                                      MatchRegexes* regexes) {
  return compile_impl(text, problems, regexes, true);
}

std::unique_ptr<CompiledQuery> CompiledQuery::compile_impl(const std::string& text, std::vector<QueryProblem>& problems,
                                                           MatchRegexes* regexes, bool with_prefilter) {
  uint32_t err_offset = 0;
  TSQueryError err = TSQueryErrorNone;
  TSQuery* q = ts_query_new(python_language(), text.data(), static_cast<uint32_t>(text.size()), &err_offset, &err);
  if (!q) {
    std::string msg = std::string("invalid query: ") + error_name(err);
    std::string tok = token_at(text, err_offset);
    if (!tok.empty() && err != TSQueryErrorSyntax) msg += " `" + tok + "`";
    // An unknown capture can only come from a predicate's argument.
    problems.push_back({err == TSQueryErrorCapture ? "E012" : "E006", msg, err_offset});
    return nullptr;
  }
  std::unique_ptr<CompiledQuery> cq(new CompiledQuery());
  cq->text_ = text;
  cq->query_ = q;
  cq->within_statement_ = query_matches_within_statement(text);
  cq->statement_types_ = query_statement_types(text);
  cq->within_member_ = query_matches_within_member(text);
  const size_t before = problems.size();
  uint32_t captures = ts_query_capture_count(q);
  if (captures == 0) problems.push_back({"E006", "query has no capture: mark the node to report with @match", 0});
  for (uint32_t i = 0; i < captures; ++i) {
    uint32_t len = 0;
    const char* name = ts_query_capture_name_for_id(q, i, &len);
    if (std::string_view(name, len) == "match") cq->match_capture_ = static_cast<int>(i);
  }

  bool always = false;
  std::vector<std::vector<std::vector<PrefilterClue>>> pattern_terms;  // per pattern with terms
  uint32_t patterns = ts_query_pattern_count(q);
  // What surrounds each capture in the source, when the query's text is
  // understood pattern by pattern (else no context: plain clues).
  std::vector<PatternContexts> contexts;
  if (with_prefilter) contexts = capture_contexts(text);
  if (contexts.size() != patterns) contexts.clear();
  cq->predicates_.resize(patterns);
  for (uint32_t p = 0; p < patterns; ++p) {
    uint32_t steps = 0;
    const TSQueryPredicateStep* s = ts_query_predicates_for_pattern(q, p, &steps);
    // Predicates come in source order: search each from after the previous one.
    size_t search_from = ts_query_start_byte_for_pattern(q, p);
    for (uint32_t i = 0; i < steps;) {
      uint32_t j = i;
      while (j < steps && s[j].type != TSQueryPredicateStepTypeDone) ++j;
      // steps [i, j) form one predicate: name, then arguments.
      auto str = [&](uint32_t k) {
        uint32_t len = 0;
        const char* v = ts_query_string_value_for_id(q, s[k].value_id, &len);
        return std::string(v, len);
      };
      if (i == j || s[i].type != TSQueryPredicateStepTypeString) {
        problems.push_back({"E012", "malformed predicate", 0});
        i = j + 1;
        continue;
      }
      std::string name = str(i);
      uint32_t at = find_offset(text, "#" + name, search_from);
      search_from = at + 1;
      Predicate pr;
      std::string base = name;
      if (base.rfind("not-", 0) == 0) {
        pr.negated = true;
        base = base.substr(4);
      }
      uint32_t nargs = j - i - 1;
      if (base == "eq?" || base == "match?" || base == "any-of?") {
        if (nargs < 2 || s[i + 1].type != TSQueryPredicateStepTypeCapture) {
          problems.push_back({"E012", "#" + name + " takes a capture and " + (base == "any-of?" ? "one or more strings" : "one argument"), at});
        } else if (base != "any-of?" && nargs != 2) {
          problems.push_back({"E012", "#" + name + " takes exactly two arguments", at});
        } else {
          pr.capture = s[i + 1].value_id;
          pr.kind = base == "eq?" ? Predicate::Kind::Eq : base == "match?" ? Predicate::Kind::Match : Predicate::Kind::AnyOf;
          bool ok = true;
          for (uint32_t k = i + 2; k < j; ++k) {
            if (s[k].type == TSQueryPredicateStepTypeCapture) {
              if (pr.kind != Predicate::Kind::Eq) {
                problems.push_back({"E012", "#" + name + " compares with strings, not captures", at});
                ok = false;
              }
              pr.rhs_capture = true;
              pr.rhs = s[k].value_id;
            } else {
              pr.values.push_back(str(k));
            }
          }
          if (ok && pr.kind == Predicate::Kind::Match) {
            const std::string& re = pr.values.front();
            if (regexes)
              if (auto it = regexes->find(re); it != regexes->end()) pr.regex = it->second;
            std::string error;
            int error_offset = -1;
            hs_database_t* db = pr.regex ? nullptr : compile_single(re, 0, error, error_offset);
            if (pr.regex) {
              // compiled before, for this pack
            } else if (!db) {
              problems.push_back({"E012", "invalid regex in #" + name + ": " + error, find_offset(text, re)});
              ok = false;
            } else {
              pr.regex = std::shared_ptr<const HsDatabase>(new HsDatabase(db));
              if (regexes) (*regexes)[re] = pr.regex;
            }
          }
          if (ok) cq->predicates_[p].push_back(std::move(pr));
        }
      } else {
        problems.push_back({"E012", "unsupported predicate #" + name + " (supported: #eq?, #not-eq?, #match?, #not-match?, #any-of?, #not-any-of?)", at});
      }
      i = j + 1;
    }
    // A match of this pattern needs every positive predicate to hold: each
    // gives a term of the pattern's conjunction (QueryPrefilter).
    std::vector<std::vector<PrefilterClue>> terms;
    std::vector<size_t> strength;  // per term: its shortest clue's shortest literal
    std::vector<std::string> term_capture;  // per term: the capture it is about
    for (const Predicate& pr : cq->predicates_[p]) {
      if (!with_prefilter) break;
      if (pr.negated || pr.rhs_capture) continue;
      // An optional capture may be absent, and then the predicate holds vacuously.
      TSQuantifier qn = ts_query_capture_quantifier_for_id(q, p, pr.capture);
      if (qn != TSQuantifierOne && qn != TSQuantifierOneOrMore) continue;
      std::vector<PrefilterClue> term;
      size_t shortest = SIZE_MAX;
      if (pr.kind != Predicate::Kind::Match) {
        for (const std::string& v : pr.values) {
          term.push_back({PrefilterClue::Kind::Name, v});
          shortest = std::min(shortest, v.size());
        }
      } else {
        std::vector<std::string> literals = required_literals(pr.values.front());
        for (const std::string& lit : literals) shortest = std::min(shortest, lit.size());
        size_t min_width = 0;
        if (std::string relaxed = usable_relaxed_regex(pr.values.front(), min_width); !relaxed.empty()) {
          term.push_back({PrefilterClue::Kind::Regex, std::move(relaxed)});
          // A regex clue is as selective as its narrowest match, not as its
          // shortest literal: `\[\s*::\s*-1\s*\]` spans at least 6 bytes
          // although its literals are `::` and `-1`.
          // Only a width that clears the bar counts: `.[wa]` stays as weak as
          // its one-byte literals. One without literals counts only then.
          if (min_width >= kMinClueBytes) shortest = shortest == SIZE_MAX ? min_width : std::max(shortest, min_width);
        } else {
          for (std::string& lit : literals) term.push_back({PrefilterClue::Kind::Literal, std::move(lit)});
        }
      }
      // An empty value (`#eq? @x ""`) is no clue: the term proves nothing.
      if (term.empty() || shortest == 0 || shortest == SIZE_MAX) continue;
      terms.push_back(std::move(term));
      strength.push_back(shortest);
      uint32_t name_len = 0;
      const char* name = ts_query_capture_name_for_id(q, pr.capture, &name_len);
      term_capture.emplace_back(name, name_len);
    }
    if (p < contexts.size()) add_contexts(terms, strength, term_capture, contexts[p]);
    // A clue of one or two bytes (`#match? @mode "^[wa]"`, `"-"`, `os`)
    // occurs all over every file: each occurrence is a Hyperscan callback
    // and a recorded hit, for a term that rules out almost nothing. Such
    // terms are left out, unless the pattern has no other, and then only
    // its strongest term stays.
    std::vector<std::vector<PrefilterClue>> kept;
    for (size_t t = 0; t < terms.size(); ++t)
      if (strength[t] >= kMinClueBytes) kept.push_back(std::move(terms[t]));
    if (kept.empty() && !terms.empty())
      kept.push_back(std::move(terms[std::max_element(strength.begin(), strength.end()) - strength.begin()]));
    if (kept.empty()) always = true;
    else pattern_terms.push_back(std::move(kept));
  }
  if (problems.size() > before) return nullptr;
  if (with_prefilter && !always) cq->prefilter_ = make_prefilter(pattern_terms);
  return cq;
}

const TSQuery* CompiledQuery::tsquery() const {
  std::call_once(built_, [this] {
    if (query_) return;  // compiled, not read
    uint32_t err_offset = 0;
    TSQueryError err = TSQueryErrorNone;
    TSQuery* q = ts_query_new(python_language(), text_.data(), static_cast<uint32_t>(text_.size()), &err_offset, &err);
    if (!q) return;
    // run_members indexes predicates_ and member_ by pattern: they must fit.
    const uint32_t patterns = ts_query_pattern_count(q), captures = ts_query_capture_count(q);
    bool fits = patterns == predicates_.size() && (member_.empty() || member_.size() == patterns) &&
                match_capture_ < static_cast<int>(captures);
    for (const auto& preds : predicates_)
      for (const Predicate& p : preds)
        if (p.capture >= captures || (p.rhs_capture && p.rhs >= captures)) fits = false;
    if (!fits) {
      ts_query_delete(q);
      return;
    }
    query_ = q;
  });
  return query_;
}

void CompiledQuery::write(ByteWriter& w) const {
  w.str(text_);
  w.i32(match_capture_);
  w.u64(member_.size());
  for (int m : member_) w.i32(m);
  w.u64(prefilter_.clues.size());
  for (const PrefilterClue& c : prefilter_.clues) {
    w.u8(static_cast<uint8_t>(c.kind));
    w.str(c.text);
  }
  w.u64(prefilter_.patterns.size());
  for (const auto& terms : prefilter_.patterns) {
    w.u64(terms.size());
    for (const auto& term : terms) {
      w.u64(term.size());
      for (uint32_t c : term) w.u32(c);
    }
  }
  w.u64(predicates_.size());
  for (const auto& preds : predicates_) {
    w.u64(preds.size());
    for (const Predicate& p : preds) {
      w.u8(static_cast<uint8_t>(p.kind));
      w.boolean(p.negated);
      w.u32(p.capture);
      w.boolean(p.rhs_capture);
      w.u32(p.rhs);
      w.u64(p.values.size());
      for (const std::string& v : p.values) w.str(v);
      w.str(p.regex ? serialize_database(*p.regex) : std::string());
    }
  }
}

std::unique_ptr<CompiledQuery> CompiledQuery::read(ByteReader& r, size_t members) {
  std::unique_ptr<CompiledQuery> cq(new CompiledQuery());
  cq->text_ = r.str();
  cq->within_statement_ = query_matches_within_statement(cq->text_);
  cq->statement_types_ = query_statement_types(cq->text_);
  cq->within_member_ = query_matches_within_member(cq->text_);
  cq->match_capture_ = r.i32();
  cq->member_.resize(r.count(4));
  for (int& m : cq->member_) {
    m = r.i32();
    if (m < 0 || static_cast<size_t>(m) >= members) r.fail();
  }
  QueryPrefilter& pf = cq->prefilter_;
  pf.clues.resize(r.count(9));
  for (PrefilterClue& c : pf.clues) {
    const uint8_t kind = r.u8();
    if (kind > static_cast<uint8_t>(PrefilterClue::Kind::Regex)) r.fail();
    c.kind = static_cast<PrefilterClue::Kind>(kind);
    c.text = r.str();
    if (c.text.empty()) r.fail();
  }
  // Every pattern has a term, every term a clue, every index a clue: the
  // scanner relies on it.
  pf.patterns.resize(r.count(8));
  for (auto& terms : pf.patterns) {
    terms.resize(r.count(8));
    if (terms.empty()) r.fail();
    for (auto& term : terms) {
      term.resize(r.count(4));
      if (term.empty()) r.fail();
      for (uint32_t& c : term)
        if ((c = r.u32()) >= pf.clues.size()) r.fail();
    }
  }
  if (r.failed()) return nullptr;
  cq->predicates_.resize(r.count(8));
  for (auto& preds : cq->predicates_) {
    preds.resize(r.count(8));
    for (Predicate& p : preds) {
      uint8_t kind = r.u8();
      if (kind > static_cast<uint8_t>(Predicate::Kind::AnyOf)) r.fail();
      p.kind = static_cast<Predicate::Kind>(kind);
      p.negated = r.boolean();
      p.capture = r.u32();
      p.rhs_capture = r.boolean();
      p.rhs = r.u32();
      p.values.resize(r.count(8));
      for (std::string& v : p.values) v = r.str();
      std::string_view db = r.view(r.u64());
      if (r.failed()) return nullptr;
      // What run_members relies on: Eq compares with values.front() unless it
      // compares captures, Match has its database.
      if (p.kind == Predicate::Kind::Match) {
        hs_database_t* d = deserialize_database(db);
        if (!d) return nullptr;
        p.regex = std::make_shared<HsDatabase>(d);
      } else if (!db.empty() || (p.kind == Predicate::Kind::Eq && !p.rhs_capture && p.values.empty())) {
        return nullptr;
      }
    }
  }
  if (r.failed() || cq->match_capture_ < -1) return nullptr;
  return cq;
}

std::vector<const HsDatabase*> CompiledQuery::databases() const {
  std::vector<const HsDatabase*> out;
  for (auto& preds : predicates_)
    for (auto& p : preds)
      if (p.regex) out.push_back(p.regex.get());
  return out;
}

bool CompiledQuery::run(TSNode root, std::string_view source, HsScratch& scratch,
                        const std::function<void(uint32_t, uint32_t)>& on_match, uint32_t match_limit,
                        Deadline* deadline) const {
  std::vector<char> all(1, 1);
  auto single = [&](int, uint32_t b, uint32_t e) { on_match(b, e); };
  if (member_.empty()) return run_members(root, source, scratch, all, single, match_limit, deadline);
  return run_members(root, source, scratch, std::vector<char>(member_.back() + 1, 1), single, match_limit, deadline);
}

bool CompiledQuery::run_members(TSNode root, std::string_view source, HsScratch& scratch, const std::vector<char>& wanted,
                                const std::function<void(int, uint32_t, uint32_t)>& on_match,
                                uint32_t match_limit, Deadline* deadline) const {
  const TSQuery* query = tsquery();
  if (!query) return false;
  TSQueryCursor* cursor = ts_query_cursor_new();
  ts_query_cursor_set_match_limit(cursor, std::max<uint32_t>(match_limit, 1));
  ts_query_cursor_exec(cursor, query, root);
  TSQueryMatch m;
  uint32_t seen = 0;
  while (ts_query_cursor_next_match(cursor, &m)) {
    if (deadline && ++seen % kDeadlineStride == 0 && std::chrono::steady_clock::now() >= deadline->at) {
      deadline->reached = true;
      break;
    }
    if (m.capture_count == 0) continue;
    int member = member_.empty() ? 0 : member_[m.pattern_index];
    if (!wanted[member]) continue;
    bool ok = true;
    for (const Predicate& pr : predicates_[m.pattern_index]) {
      for (uint16_t c = 0; c < m.capture_count && ok; ++c) {
        if (m.captures[c].index != pr.capture) continue;
        std::string_view t = node_text(m.captures[c].node, source);
        bool r;
        if (pr.rhs_capture) {
          r = true;
          for (uint16_t d = 0; d < m.capture_count; ++d)
            if (m.captures[d].index == pr.rhs && node_text(m.captures[d].node, source) != t) r = false;
        } else {
          r = holds(t, *this, scratch, pr.values, static_cast<int>(pr.kind), pr.regex.get());
        }
        if (r == pr.negated) ok = false;
      }
      if (!ok) break;
    }
    if (!ok) continue;
    TSNode at = m.captures[0].node;
    if (match_capture_ >= 0)
      for (uint16_t c = 0; c < m.capture_count; ++c)
        if (static_cast<int>(m.captures[c].index) == match_capture_) at = m.captures[c].node;
    on_match(member, ts_node_start_byte(at), ts_node_end_byte(at));
  }
  bool complete = !ts_query_cursor_did_exceed_match_limit(cursor) && !(deadline && deadline->reached);
  ts_query_cursor_delete(cursor);
  return complete;
}

}  // namespace canary
