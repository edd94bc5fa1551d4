// `<artifact>.expect.toml`: toml++ is slow to compile, so it lives in its own
// file.
#include <toml++/toml.h>

#include "rule_test.hpp"

namespace canary::ruletest {

namespace {

uint32_t line_of(const toml::node& n) { return static_cast<uint32_t>(n.source().begin.line); }
uint32_t column_of(const toml::node& n) { return static_cast<uint32_t>(n.source().begin.column); }

InputError error_at(const std::string& file, const toml::node& n, std::string message) {
  return {file, line_of(n), std::move(message), column_of(n)};
}

// A list of ids; every problem is reported with the element's position.
void read_ids(const std::string& file, std::string_view key, const toml::node& node, std::vector<NamedId>& out,
              std::vector<InputError>& errors) {
  const toml::array* arr = node.as_array();
  if (!arr) {
    errors.push_back(error_at(file, node, std::string(key) + " must be an array of rule ids"));
    return;
  }
  for (const toml::node& el : *arr) {
    std::optional<std::string_view> id = el.value<std::string_view>();
    if (!id) {
      errors.push_back(error_at(file, el, std::string(key) + ": every element must be a string (a rule id)"));
    } else if (!is_valid_id(*id)) {
      errors.push_back(error_at(file, el, std::string(key) + ": '" + std::string(*id) + "' is not a rule id"));
    } else {
      out.push_back({std::string(*id), line_of(el)});
    }
  }
}

bool read_verdict(const std::string& file, std::string_view key, const toml::node& node, std::optional<Verdict>& out,
                  uint32_t& line, std::vector<InputError>& errors) {
  line = line_of(node);
  std::optional<std::string_view> s = node.value<std::string_view>();
  Verdict v;
  if (!s || !parse_verdict(*s, v)) {
    errors.push_back(
        error_at(file, node, std::string(key) + " must be one of \"SAFE\", \"LOW_RISK\", \"HIGH_RISK\", \"MALICIOUS\""));
    return false;
  }
  out = v;
  return true;
}

}  // namespace

bool parse_corpus_expect(const std::string& file, std::string_view text, CorpusExpect& out,
                         std::vector<InputError>& errors) {
  const size_t errors_before = errors.size();
  out = CorpusExpect{};
  out.file = file;
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    errors.push_back({file, static_cast<uint32_t>(e.source().begin.line), std::string(e.description()),
                      static_cast<uint32_t>(e.source().begin.column)});
    return false;
  }
  for (const auto& [key, node] : root) {
    const std::string_view k = key.str();
    if (k == "must-fire") {
      read_ids(file, k, node, out.must_fire, errors);
    } else if (k == "must-not-fire") {
      read_ids(file, k, node, out.must_not_fire, errors);
    } else if (k == "min-verdict") {
      read_verdict(file, k, node, out.min_verdict, out.min_line, errors);
    } else if (k == "max-verdict") {
      read_verdict(file, k, node, out.max_verdict, out.max_line, errors);
    } else if (k == "artifact") {
      std::optional<std::string_view> s = node.value<std::string_view>();
      if (!s || s->empty()) errors.push_back(error_at(file, node, "artifact must be a non-empty string (a path)"));
      else out.artifact = std::string(*s);
    } else {
      errors.push_back({file, static_cast<uint32_t>(key.source().begin.line),
                        "unknown key '" + std::string(k) +
                            "' (known: must-fire, must-not-fire, min-verdict, max-verdict, artifact)",
                        static_cast<uint32_t>(key.source().begin.column)});
    }
  }
  if (out.min_verdict && out.max_verdict && *out.min_verdict > *out.max_verdict)
    errors.push_back({file, out.max_line, "max-verdict is below min-verdict"});
  for (const NamedId& a : out.must_fire)
    for (const NamedId& b : out.must_not_fire)
      if (a.id == b.id) errors.push_back({file, b.line, "'" + b.id + "' is both in must-fire and must-not-fire"});
  return errors.size() == errors_before;
}

}  // namespace canary::ruletest
