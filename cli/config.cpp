#include "config.hpp"

#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <system_error>
#include <toml++/toml.h>

#include "engine/rule_names.hpp"
#include "scan_limits.hpp"

namespace canary::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* kCanaryToml = "canary.toml";
constexpr const char* kPyproject = "pyproject.toml";

std::string position(const std::string& display, const toml::source_region& where) {
  return display + ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column);
}

bool read_text(const fs::path& path, std::string& text, std::string& error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    error = "is a directory";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  text = buf.str();
  return true;
}

// Reads and parses one TOML file; a syntax error becomes "FILE:LINE:COL: ...".
std::optional<toml::table> parse_toml(const fs::path& path, const std::string& display,
                                      std::vector<std::string>& errors) {
  std::string text, error;
  if (!read_text(path, text, error)) {
    errors.push_back(display + ": cannot read the config file: " + error);
    return std::nullopt;
  }
  try {
    return toml::parse(text, display);
  } catch (const toml::parse_error& e) {
    errors.push_back(position(display, e.source()) + ": invalid TOML: " + std::string(e.description()));
    return std::nullopt;
  }
}

// The [tool.canary] table of a pyproject.toml; null when there is none.
const toml::table* tool_canary(const toml::table& doc) {
  const toml::table* tool = doc["tool"].as_table();
  return tool != nullptr ? (*tool)["canary"].as_table() : nullptr;
}

std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date or time";
  }
}

std::string in_quotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

bool is_hex_digest(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// Checks one config table and fills a ConfigFile. Every problem is recorded;
// checking goes on so that one run shows them all.
class ConfigReader {
 public:
  ConfigReader(std::string display, std::vector<std::string>& errors) : display_(std::move(display)), errors_(errors) {
    // Relative paths in the file are relative to the file, and the file's
    // display name is relative to the current directory: joining the two
    // gives a path that works from here and reads naturally in messages.
    base_ = fs::path(display_).parent_path();
  }

  void read(const toml::table& top, ConfigFile& out) {
    for (auto&& [key, node] : top) {
      const std::string name(key.str());
      if (name == "fail-on") read_fail_on(key, node, out);
      else if (name == "rules") read_rules(key, node, out);
      else if (name == "rules-sha256") read_pins(key, node, out);
      else if (name == "no-cache") read_no_cache(key, node, out);
      else if (name == "hashfeeds") read_paths("hashfeeds", key, node, out.hashfeeds);
      else if (name == "osv") read_paths("osv", key, node, out.osv);
      else if (name == "thresholds") read_thresholds(key, node, out);
      else if (name == "rules-policy") read_policy(key, node, out);
      else if (name == "severity") read_severity(key, node, out);
      else if (name == "limits") read_limits(key, node, out);
      else unknown_key(key, "", {"fail-on", "rules", "rules-sha256", "no-cache", "hashfeeds", "osv", "thresholds",
                                 "rules-policy", "severity", "limits"});
    }
    check_threshold_order(out);
    check_pins_name_rules(out);
  }

 private:
  std::string origin(const toml::key& key) const { return position(display_, key.source()); }

  void error(const toml::source_region& where, const std::string& message) {
    errors_.push_back(position(display_, where) + ": " + message);
  }

  void wrong_type(const std::string& what, const toml::node& node, const std::string& expected) {
    error(node.source(), what + ": expected " + expected + ", got " + type_name(node));
  }

  void unknown_key(const toml::key& key, const std::string& table, const std::vector<std::string>& known) {
    const std::string name(key.str());
    std::string message = "unknown key `" + (table.empty() ? name : table + "." + name) + "`";
    std::vector<std::string> close = close_rule_ids(name, known);
    if (!close.empty()) {
      message += "; did you mean `" + close.front() + "`?";
    } else {
      message += " (known keys" + (table.empty() ? std::string() : " of [" + table + "]") + ":";
      for (size_t i = 0; i < known.size(); ++i) message += (i ? ", " : " ") + known[i];
      message += ")";
    }
    error(key.source(), message);
  }

  std::string resolve_path(const std::string& p) const {
    fs::path path(p);
    if (path.is_absolute() || base_.empty()) return path.lexically_normal().string();
    return (base_ / path).lexically_normal().string();
  }

  // A non-empty array of non-empty strings, or nullopt after reporting why not.
  std::optional<std::vector<std::pair<std::string, toml::source_region>>> string_array(const std::string& what,
                                                                                      const toml::node& node) {
    const toml::array* array = node.as_array();
    if (array == nullptr) {
      wrong_type(what, node, "an array of strings");
      return std::nullopt;
    }
    std::vector<std::pair<std::string, toml::source_region>> items;
    bool ok = true;
    for (const toml::node& item : *array) {
      const toml::value<std::string>* s = item.as_string();
      if (s == nullptr) {
        wrong_type(what, item, "a string");
        ok = false;
      } else if (s->get().empty()) {
        error(item.source(), what + ": empty string");
        ok = false;
      } else {
        items.emplace_back(s->get(), item.source());
      }
    }
    if (!ok) return std::nullopt;
    return items;
  }

  void read_fail_on(const toml::key& key, const toml::node& node, ConfigFile& out) {
    const toml::value<std::string>* s = node.as_string();
    if (s == nullptr) return wrong_type("fail-on", node, "a string");
    Verdict v;
    if (s->get() == "none") out.fail_on = Setting<std::optional<Verdict>>{std::nullopt, origin(key)};
    else if (parse_verdict(s->get(), v)) out.fail_on = Setting<std::optional<Verdict>>{v, origin(key)};
    else error(node.source(), "fail-on: expected SAFE, LOW_RISK, HIGH_RISK, MALICIOUS or \"none\", got " + in_quotes(s->get()));
  }

  void read_rules(const toml::key& key, const toml::node& node, ConfigFile& out) {
    auto items = string_array("rules", node);
    if (!items) return;
    if (items->empty()) return error(node.source(), "rules: empty list (leave the key out to use the default pack)");
    Setting<std::vector<std::string>> rules{{}, origin(key)};
    for (const auto& [path, where] : *items) rules.value.push_back(resolve_path(path));
    out.rules = std::move(rules);
    rules_where_ = node.source();
  }

  // A list of paths, each resolved against the config file's directory.
  // `hashfeeds` (added to the default feeds, like --hashfeed) and `osv`
  // (like --osv): the files are read, and their errors reported, by the
  // commands that load them (scan_setup.hpp, osv_feeds.hpp).
  void read_paths(const char* name, const toml::key& key, const toml::node& node,
                  std::optional<Setting<std::vector<std::string>>>& out) {
    auto items = string_array(name, node);
    if (!items) return;
    Setting<std::vector<std::string>> paths{{}, origin(key)};
    for (const auto& [path, where] : *items) paths.value.push_back(resolve_path(path));
    out = std::move(paths);
  }

  void read_pins(const toml::key&, const toml::node& node, ConfigFile& out) {
    const toml::table* table = node.as_table();
    if (table == nullptr) return wrong_type("rules-sha256", node, "a table of \"PATH\" = \"SHA256\"");
    for (auto&& [path, digest] : *table) {
      const toml::value<std::string>* s = digest.as_string();
      if (s == nullptr) {
        wrong_type("rules-sha256", digest, "a string of 64 hex digits");
        continue;
      }
      std::string hex = s->get();
      if (hex.rfind("sha256:", 0) == 0) hex.erase(0, 7);  // as `canary pack build` prints it
      if (!is_hex_digest(hex)) {
        error(digest.source(), "rules-sha256: expected 64 hex digits (optionally after \"sha256:\"), got " +
                                   in_quotes(s->get()));
        continue;
      }
      for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.rules_sha256.push_back(PackPin{resolve_path(std::string(path.str())), hex, origin(path)});
      pin_where_.push_back(path.source());
    }
  }

  void read_no_cache(const toml::key& key, const toml::node& node, ConfigFile& out) {
    const toml::value<bool>* b = node.as_boolean();
    if (b == nullptr) return wrong_type("no-cache", node, "true or false");
    out.no_cache = Setting<bool>{b->get(), origin(key)};
  }

  // [limits]: each key a limit of scan_limits.hpp, each value a whole number
  // or (for sizes) a string such as "64M".
  void read_limits(const toml::key&, const toml::node& node, ConfigFile& out) {
    const toml::table* table = node.as_table();
    if (table == nullptr) return wrong_type("limits", node, "a table");
    const std::vector<LimitSpec>& specs = limit_specs();
    for (auto&& [key, value] : *table) {
      const std::string name(key.str());
      size_t i = 0;
      while (i < specs.size() && specs[i].name != name) ++i;
      if (i == specs.size()) {
        std::vector<std::string> known;
        for (const LimitSpec& s : specs) known.emplace_back(s.name);
        unknown_key(key, "limits", known);
        continue;
      }
      uint64_t v = 0;
      std::string problem;
      if (const auto* n = value.as_integer()) {
        if (n->get() < 0) problem = "limits." + name + ": expected a number >= 0, got " + std::to_string(n->get());
        else problem = check_limit(specs[i], v = uint64_t(n->get()), "limits." + name);
      } else if (const auto* s = value.as_string()) {
        problem = parse_limit(specs[i], s->get(), "limits." + name, v);
      } else {
        wrong_type("limits." + name, value, "a whole number or a size string such as \"64M\"");
        continue;
      }
      if (!problem.empty()) error(value.source(), problem);
      else out.limits.emplace_back(i, Setting<uint64_t>{v, origin(key)});
    }
  }

  void read_thresholds(const toml::key&, const toml::node& node, ConfigFile& out) {
    const toml::table* table = node.as_table();
    if (table == nullptr) return wrong_type("thresholds", node, "a table");
    for (auto&& [key, value] : *table) {
      const std::string name(key.str());
      std::optional<Setting<double>>* slot = name == "low-risk"    ? &out.low_risk
                                             : name == "high-risk" ? &out.high_risk
                                             : name == "malicious" ? &out.malicious
                                                                   : nullptr;
      if (slot == nullptr) {
        unknown_key(key, "thresholds", {"low-risk", "high-risk", "malicious"});
        continue;
      }
      std::optional<double> number;
      if (const auto* f = value.as_floating_point()) number = f->get();
      else if (const auto* i = value.as_integer()) number = static_cast<double>(i->get());
      if (!number) {
        wrong_type("thresholds." + name, value, "a number");
        continue;
      }
      if (!std::isfinite(*number) || *number < 0) {
        error(value.source(), "thresholds." + name + ": expected a finite number >= 0");
        continue;
      }
      *slot = Setting<double>{*number, origin(key)};
      threshold_where_[name] = value.source();
    }
  }

  void read_policy(const toml::key&, const toml::node& node, ConfigFile& out) {
    const toml::table* table = node.as_table();
    if (table == nullptr) return wrong_type("rules-policy", node, "a table");
    for (auto&& [key, value] : *table) {
      const std::string name(key.str());
      std::vector<RuleSelector>* list = name == "disable"  ? &out.policy.disable
                                        : name == "enable" ? &out.policy.enable
                                                           : nullptr;
      if (list == nullptr) {
        unknown_key(key, "rules-policy", {"disable", "enable"});
        continue;
      }
      auto items = string_array("rules-policy." + name, value);
      if (!items) continue;
      for (const auto& [text, where] : *items) {
        if (text == "tag:") {
          error(where, "rules-policy." + name + ": \"tag:\" needs a tag name (\"tag:NAME\")");
          continue;
        }
        list->push_back(RuleSelector{text, position(display_, where)});
      }
    }
  }

  void read_severity(const toml::key&, const toml::node& node, ConfigFile& out) {
    const toml::table* table = node.as_table();
    if (table == nullptr) return wrong_type("severity", node, "a table of \"RULE\" = \"SEVERITY\"");
    for (auto&& [key, value] : *table) {
      const toml::value<std::string>* s = value.as_string();
      if (s == nullptr) {
        wrong_type("severity", value, "a string");
        continue;
      }
      Severity severity;
      if (!parse_severity(s->get(), severity)) {
        error(value.source(), "severity: expected info, low, medium, high or critical, got " + in_quotes(s->get()));
        continue;
      }
      out.policy.severity.emplace_back(RuleSelector{std::string(key.str()), origin(key)}, severity);
    }
  }

  // The thresholds this file sets, completed by the defaults, must be in
  // order; the error points at a threshold the file sets.
  void check_threshold_order(const ConfigFile& out) {
    const VerdictThresholds defaults;
    struct Entry {
      const char* name;
      double value;
      bool set;
    };
    const Entry order[] = {
        {"low-risk", out.low_risk ? out.low_risk->value : defaults.low_risk, out.low_risk.has_value()},
        {"high-risk", out.high_risk ? out.high_risk->value : defaults.high_risk, out.high_risk.has_value()},
        {"malicious", out.malicious ? out.malicious->value : defaults.malicious, out.malicious.has_value()},
    };
    for (size_t i = 0; i + 1 < 3; ++i) {
      const Entry& lo = order[i];
      const Entry& hi = order[i + 1];
      if (lo.value <= hi.value) continue;
      const Entry& blamed = hi.set ? hi : lo;
      auto describe = [](const Entry& e) {
        std::ostringstream s;
        s << e.name << " = " << e.value << (e.set ? "" : " (default)");
        return s.str();
      };
      error(threshold_where_[blamed.name], std::string("thresholds: need low-risk <= high-risk <= malicious, but ") +
                                               describe(lo) + " > " + describe(hi));
      return;
    }
  }

  // When the file lists its rules, a pin for anything else is a typo.
  void check_pins_name_rules(const ConfigFile& out) {
    if (!out.rules) return;
    for (size_t i = 0; i < out.rules_sha256.size(); ++i) {
      const PackPin& pin = out.rules_sha256[i];
      bool listed = false;
      for (const std::string& r : out.rules->value) listed = listed || r == pin.path;
      if (!listed)
        error(pin_where_[i], "rules-sha256: `" + pin.path + "` is not one of the `rules` of this file");
    }
  }

  std::string display_;
  fs::path base_;
  std::vector<std::string>& errors_;
  toml::source_region rules_where_;
  std::vector<toml::source_region> pin_where_;
  std::map<std::string, toml::source_region> threshold_where_;
};

std::string display_name(const fs::path& found, const fs::path& cwd) {
  fs::path rel = found.lexically_relative(cwd);
  return rel.empty() ? found.string() : rel.string();
}

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

bool path_exists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

}  // namespace

bool load_config(const ConfigRequest& request, ConfigFile& out, std::vector<std::string>& errors) {
  out = ConfigFile{};
  if (request.ignore) return true;
  const size_t errors_before = errors.size();

  std::optional<toml::table> doc;
  const toml::table* settings = nullptr;
  if (!request.explicit_path.empty()) {
    out.path = request.explicit_path;
    out.display = request.explicit_path;
    if (!path_exists(out.path)) {
      errors.push_back(out.display + ": config file not found");
      return false;
    }
    doc = parse_toml(out.path, out.display, errors);
    if (!doc) return false;
    settings = &*doc;
    if (out.path.filename() == kPyproject) {
      settings = tool_canary(*doc);
      if (settings == nullptr) {
        errors.push_back(out.display + ": no [tool.canary] table");
        return false;
      }
    }
  } else {
    std::error_code ec;
    const fs::path start = fs::absolute(request.start, ec).lexically_normal();
    for (fs::path dir = start;; dir = dir.parent_path()) {
      if (is_file(dir / kCanaryToml)) {
        out.path = dir / kCanaryToml;
        out.display = display_name(out.path, start);
        doc = parse_toml(out.path, out.display, errors);
        if (!doc) return false;
        settings = &*doc;
        break;
      }
      if (is_file(dir / kPyproject)) {
        // Another tool's file: it only counts when it has our table, but it
        // must parse for us to know, and a broken one is worth hearing about.
        const std::string display = display_name(dir / kPyproject, start);
        doc = parse_toml(dir / kPyproject, display, errors);
        if (!doc) return false;
        if ((settings = tool_canary(*doc)) != nullptr) {
          out.path = dir / kPyproject;
          out.display = display;
          break;
        }
      }
      // The repository's root is as far as a project's settings reach.
      if (path_exists(dir / ".git") || dir == dir.parent_path() || dir.empty()) return true;
    }
  }

  ConfigReader(out.display, errors).read(*settings, out);
  return errors.size() == errors_before;
}

}  // namespace canary::cli
