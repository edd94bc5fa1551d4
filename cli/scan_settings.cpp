#include "scan_settings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>
#include <tuple>

#include "engine/artifact.hpp"
#include "engine/pack_cache.hpp"
#include "pack_location.hpp"
#include "scan_limits.hpp"
#include "terminal.hpp"

namespace canary::cli {

namespace fs = std::filesystem;

namespace {

using Json = nlohmann::ordered_json;

bool given(const ScanArgs& args, std::string_view option) {
  return std::find(args.given.begin(), args.given.end(), option) != args.given.end();
}

template <class T>
void merge(Setting<T>& into, const std::optional<Setting<T>>& from_config) {
  if (from_config) into = *from_config;
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec1, ec2;
  fs::path ca = fs::weakly_canonical(a, ec1), cb = fs::weakly_canonical(b, ec2);
  if (ec1 || ec2) return fs::path(a).lexically_normal() == fs::path(b).lexically_normal();
  return ca == cb;
}

std::string number(double v) {
  std::ostringstream s;
  s << v;
  std::string text = s.str();
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

std::string describe(const char* name, const Setting<double>& s) {
  return std::string(name) + " " + number(s.value) + " (" + s.origin + ")";
}

// The default pack and stdlib directories, with the variable that chose them.
Setting<std::string> default_dir(std::string_view name, const char* env_var) {
  DefaultDir found = find_default_dir(name, env_var);
  const char* env = std::getenv(env_var);
  std::string origin = env != nullptr && *env != '\0' ? std::string("$") + env_var : "default";
  if (!found.error.empty()) return {"(" + found.error + ")", origin};
  if (found.path.empty()) return {"(not found)", origin};
  return {found.path.string(), origin};
}

// Where compiled packs are cached, and the variable that decided it (the
// order of default_cache_dir()).
Setting<std::string> cache_dir() {
  std::string origin = "default";
  for (const char* var : {"CANARY_CACHE_DIR", "XDG_CACHE_HOME", "HOME"}) {
    const char* v = std::getenv(var);
    // A relative XDG_CACHE_HOME is ignored, as the XDG spec says.
    if (v != nullptr && *v != '\0' && (std::string_view(var) != "XDG_CACHE_HOME" || *v == '/')) {
      origin = std::string("$") + var;
      break;
    }
  }
  fs::path dir = default_cache_dir();
  return {dir.empty() ? "(none: nothing is cached)" : dir.string(), origin};
}

struct Row {
  std::string name, value, origin;
};

std::vector<Row> rows_of(const ScanSettings& s) {
  std::vector<Row> rows;
  rows.push_back({"config", s.config.value.empty() ? "(none)" : s.config.value, s.config.origin});
  if (s.rules.value.empty()) {
    Setting<std::string> d = default_dir("rules", "CANARY_RULES_DIR");
    rows.push_back({"rules", d.value, d.origin});
  }
  for (const std::string& r : s.rules.value) rows.push_back({"rules", r, s.rules.origin});
  if (s.rules_sha256.empty()) rows.push_back({"rules-sha256", "(none)", "default"});
  for (const PackPin& p : s.rules_sha256)
    rows.push_back({"rules-sha256", (p.path.empty() ? "(the pack)" : p.path) + " = " + p.sha256, p.origin});
  for (const std::string& d : s.stdlib.value) rows.push_back({"stdlib", d, s.stdlib.origin});
  Setting<std::string> std_dir = default_dir("stdlib-rules", "CANARY_STDLIB_DIR");
  rows.push_back({"stdlib", std_dir.value, std_dir.origin});
  rows.push_back({"fail-on", s.fail_on.value ? std::string(to_string(*s.fail_on.value)) : "none", s.fail_on.origin});
  rows.push_back({"thresholds.low-risk", number(s.low_risk.value), s.low_risk.origin});
  rows.push_back({"thresholds.high-risk", number(s.high_risk.value), s.high_risk.origin});
  rows.push_back({"thresholds.malicious", number(s.malicious.value), s.malicious.origin});
  rows.push_back({"no-cache", s.no_cache.value ? "true" : "false", s.no_cache.origin});
  if (s.hashfeeds.empty()) rows.push_back({"hashfeeds", "(none beside the default feeds)", "default"});
  for (const Setting<std::string>& f : s.hashfeeds) rows.push_back({"hashfeeds", f.value, f.origin});
  if (s.osv.empty()) rows.push_back({"osv", "(none beside hashfeeds/osv/)", "default"});
  for (const Setting<std::string>& f : s.osv) rows.push_back({"osv", f.value, f.origin});
  Setting<std::string> cache = cache_dir();
  rows.push_back({"cache-dir", cache.value, cache.origin});
  for (size_t i = 0; i < s.limits.size(); ++i)
    rows.push_back({"limits." + std::string(limit_specs()[i].name), std::to_string(s.limits[i].value), s.limits[i].origin});
  if (s.policy.disable.empty()) rows.push_back({"rules-policy.disable", "(none)", "default"});
  for (const RuleSelector& r : s.policy.disable) rows.push_back({"rules-policy.disable", r.text, r.origin});
  if (s.policy.enable.empty()) rows.push_back({"rules-policy.enable", "(none)", "default"});
  for (const RuleSelector& r : s.policy.enable) rows.push_back({"rules-policy.enable", r.text, r.origin});
  if (s.policy.severity.empty()) rows.push_back({"severity", "(none)", "default"});
  for (const auto& [r, sev] : s.policy.severity)
    rows.push_back({"severity." + r.text, std::string(to_string(sev)), r.origin});
  return rows;
}

Json with_origin(Json value, const std::string& origin) { return Json{{"value", std::move(value)}, {"origin", origin}}; }

Json to_json(const ScanSettings& s) {
  Json j = Json::object();
  j["config"] = with_origin(s.config.value.empty() ? Json(nullptr) : Json(s.config.value), s.config.origin);
  Json rules = Json::array();
  if (s.rules.value.empty()) {
    Setting<std::string> d = default_dir("rules", "CANARY_RULES_DIR");
    rules.push_back(with_origin(d.value, d.origin));
  }
  for (const std::string& r : s.rules.value) rules.push_back(with_origin(r, s.rules.origin));
  j["rules"] = rules;
  Json pins = Json::array();
  for (const PackPin& p : s.rules_sha256) pins.push_back({{"path", p.path.empty() ? Json(nullptr) : Json(p.path)}, {"sha256", p.sha256}, {"origin", p.origin}});
  j["rules-sha256"] = pins;
  Json stdlib = Json::array();
  for (const std::string& d : s.stdlib.value) stdlib.push_back(with_origin(d, s.stdlib.origin));
  Setting<std::string> std_dir = default_dir("stdlib-rules", "CANARY_STDLIB_DIR");
  stdlib.push_back(with_origin(std_dir.value, std_dir.origin));
  j["stdlib"] = stdlib;
  j["fail-on"] = with_origin(s.fail_on.value ? std::string(to_string(*s.fail_on.value)) : "none", s.fail_on.origin);
  j["thresholds"] = {{"low-risk", with_origin(s.low_risk.value, s.low_risk.origin)},
                     {"high-risk", with_origin(s.high_risk.value, s.high_risk.origin)},
                     {"malicious", with_origin(s.malicious.value, s.malicious.origin)}};
  j["no-cache"] = with_origin(s.no_cache.value, s.no_cache.origin);
  Json feeds = Json::array();
  for (const Setting<std::string>& f : s.hashfeeds) feeds.push_back(with_origin(f.value, f.origin));
  j["hashfeeds"] = feeds;
  Json osv = Json::array();
  for (const Setting<std::string>& f : s.osv) osv.push_back(with_origin(f.value, f.origin));
  j["osv"] = osv;
  Setting<std::string> cache = cache_dir();
  j["cache-dir"] = with_origin(cache.value, cache.origin);
  Json limits = Json::object();
  for (size_t i = 0; i < s.limits.size(); ++i) {
    Json one = with_origin(s.limits[i].value, s.limits[i].origin);
    // Kept at the top level too: it was there before [limits] existed.
    if (limit_specs()[i].name == "max-file-size") j["max-file-size"] = one;
    limits[std::string(limit_specs()[i].name)] = std::move(one);
  }
  j["limits"] = std::move(limits);
  auto selectors = [](const std::vector<RuleSelector>& list) {
    Json a = Json::array();
    for (const RuleSelector& r : list) a.push_back(with_origin(r.text, r.origin));
    return a;
  };
  j["rules-policy"] = {{"disable", selectors(s.policy.disable)}, {"enable", selectors(s.policy.enable)}};
  Json severity = Json::object();
  for (const auto& [r, sev] : s.policy.severity) severity[r.text] = with_origin(std::string(to_string(sev)), r.origin);
  j["severity"] = severity;
  return j;
}

// Defaults, then the config's [limits], then the command line. Values of the
// older options with fields of their own are checked in scan_setup.cpp.
bool resolve_limits(const ScanArgs& args, const ConfigFile& config, ScanSettings& out, std::vector<std::string>& errors) {
  const std::vector<LimitSpec>& specs = limit_specs();
  const ScanOptions defaults;
  out.limits.clear();
  for (const LimitSpec& spec : specs) out.limits.push_back({spec.get(defaults), "default"});
  for (const auto& [i, setting] : config.limits) out.limits[i] = setting;
  bool ok = true;
  for (size_t i = 0; i < specs.size(); ++i) {
    const std::string option = "--" + std::string(specs[i].name);
    if (!specs[i].own_option || !given(args, option)) continue;
    uint64_t v = specs[i].name == "max-file-size"      ? args.max_file_size.value_or(0)
                 : specs[i].name == "max-decode-depth" ? uint64_t(std::max(args.max_decode_depth, 0))
                                                       : args.max_decoded_bytes;
    out.limits[i] = {v, option};
  }
  for (const auto& [name, text] : args.limit_options) {
    size_t i = 0;
    while (i < specs.size() && specs[i].name != name) ++i;
    if (i == specs.size()) continue;  // CLI11 registers only names of the table
    uint64_t v = 0;
    std::string problem = parse_limit(specs[i], text, "--" + name, v);
    if (!problem.empty()) {
      errors.push_back(problem);
      ok = false;
      continue;
    }
    out.limits[i] = {v, "--" + name};
  }
  return ok;
}

}  // namespace

void ScanSettings::apply_limits(ScanOptions& opts) const {
  for (size_t i = 0; i < limits.size() && i < limit_specs().size(); ++i) limit_specs()[i].set(opts, limits[i].value);
}

bool resolve_scan_settings(const ScanArgs& args, ScanSettings& out, std::vector<std::string>& errors) {
  out = ScanSettings{};
  ConfigFile config;
  std::error_code ec;
  ConfigRequest request{args.config_path, args.no_config, fs::current_path(ec)};
  if (!load_config(request, config, errors)) return false;

  if (args.no_config) out.config = {"", "--no-config"};
  else if (!args.config_path.empty()) out.config = {config.display, "--config"};
  else if (!config.path.empty()) out.config = {config.display, "found from the current directory"};

  merge(out.fail_on, config.fail_on);
  merge(out.low_risk, config.low_risk);
  merge(out.high_risk, config.high_risk);
  merge(out.malicious, config.malicious);
  merge(out.rules, config.rules);
  merge(out.no_cache, config.no_cache);
  if (config.hashfeeds)
    for (const std::string& f : config.hashfeeds->value) out.hashfeeds.push_back({f, config.hashfeeds->origin});
  for (const std::string& f : args.hashfeeds) out.hashfeeds.push_back({f, "--hashfeed"});
  if (config.osv)
    for (const std::string& f : config.osv->value) out.osv.push_back({f, config.osv->origin});
  out.rules_sha256 = config.rules_sha256;
  out.policy = config.policy;

  if (given(args, "--fail-on")) out.fail_on = {args.fail_on, "--fail-on"};
  if (given(args, "--threshold-low")) out.low_risk = {args.thresholds.low_risk, "--threshold-low"};
  if (given(args, "--threshold-high")) out.high_risk = {args.thresholds.high_risk, "--threshold-high"};
  if (given(args, "--threshold-malicious")) out.malicious = {args.thresholds.malicious, "--threshold-malicious"};
  if (given(args, "--no-cache")) out.no_cache = {true, "--no-cache"};
  if (given(args, "--stdlib")) out.stdlib = {args.stdlib_dirs, "--stdlib"};
  if (!resolve_limits(args, config, out, errors)) return false;
  if (given(args, "--rules")) {
    out.rules = {args.rule_paths, "--rules"};
    // The command line's packs replace the config's, and with them its pins,
    // except for a pack named in both: a pin must not be lost by spelling
    // the same path differently.
    std::vector<PackPin> kept;
    for (PackPin pin : out.rules_sha256) {
      for (const std::string& r : args.rule_paths) {
        if (!same_file(r, pin.path)) continue;
        pin.path = r;
        kept.push_back(pin);
        break;
      }
    }
    out.rules_sha256 = std::move(kept);
  }
  // --rules-sha256: "HEX" pins the only pack, "PATH=HEX" the pack PATH; a
  // command-line pin replaces the config's pin of the same pack. Values are
  // checked where the packs are loaded (pack_set.cpp).
  for (const std::string& value : args.rules_sha256) {
    const size_t eq = value.rfind('=');
    PackPin pin{"", value, "--rules-sha256"};
    if (eq != std::string::npos) {
      pin.path = value.substr(0, eq);
      pin.sha256 = value.substr(eq + 1);
    } else if (out.rules.value.size() == 1) {
      pin.path = out.rules.value.front();
    }
    std::erase_if(out.rules_sha256, [&](const PackPin& p) {
      return eq == std::string::npos ? out.rules.value.size() <= 1 : same_file(p.path, pin.path);
    });
    out.rules_sha256.push_back(std::move(pin));
  }

  const bool ordered = out.low_risk.value >= 0 && out.low_risk.value <= out.high_risk.value &&
                       out.high_risk.value <= out.malicious.value && std::isfinite(out.malicious.value);
  if (!ordered) {
    errors.push_back("thresholds must satisfy 0 <= low-risk <= high-risk <= malicious; got " +
                     describe("low-risk", out.low_risk) + ", " + describe("high-risk", out.high_risk) + ", " +
                     describe("malicious", out.malicious));
    return false;
  }
  return true;
}

void print_scan_settings(const ScanSettings& settings, bool json, std::ostream& out) {
  if (json) {
    out << to_json(settings).dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
    return;
  }
  std::vector<Row> rows = rows_of(settings);
  for (Row& r : rows) {
    r.name = escape_for_terminal(r.name);
    r.value = escape_for_terminal(r.value);
    r.origin = escape_for_terminal(r.origin);
  }
  size_t name_width = 7, value_width = 5;  // "SETTING", "VALUE"
  for (const Row& r : rows) {
    name_width = std::max(name_width, r.name.size());
    value_width = std::max(value_width, r.value.size());
  }
  auto line = [&](const std::string& name, const std::string& value, const std::string& origin) {
    out << name << std::string(name_width - name.size() + 2, ' ') << value
        << std::string(value_width - value.size() + 2, ' ') << origin << '\n';
  };
  line("SETTING", "VALUE", "ORIGIN");
  for (const Row& r : rows) line(r.name, r.value, r.origin);
}

}  // namespace canary::cli
