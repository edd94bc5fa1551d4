#include "rules_list.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "diagnostics_output.hpp"
#include "engine/compiled_pack.hpp"
#include "exit_status.hpp"
#include "terminal.hpp"

namespace canary::cli {

bool load_pack_for_tooling(const char* command, const std::vector<std::string>& rule_paths,
                           const std::vector<std::string>& stdlib_dirs, LoadedPackSet& out) {
  // check_only: nothing is scanned, so the scan-time compilation is not needed.
  return load_pack_set(command, PackSetArgs{rule_paths, stdlib_dirs, {}}, /*check_only=*/true, /*quiet=*/true,
                       ColorMode::Auto, out) == kExitOk;
}

namespace {

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string s;
  for (const std::string& item : items) {
    if (!s.empty()) s += sep;
    s += item;
  }
  return s;
}

// Terminal columns taken by `s`: UTF-8 continuation bytes take none.
size_t display_width(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// A rule as listed: its pack's name qualifies its id.
struct Listed {
  const CompiledRule* rule;
  std::string id;    // "pack:ID", or the bare id of an anonymous pack
  std::string pack;
};

void print_table(const std::vector<Listed>& rules, size_t private_count, std::ostream& out) {
  struct Row {
    std::string id, severity, tags, title;
  };
  std::vector<Row> rows;
  rows.push_back({"ID", "SEVERITY", "TAGS", "TITLE"});
  for (const Listed& l : rules) {
    const CompiledRule* r = l.rule;
    rows.push_back({escape_for_terminal(l.id) + (r->is_private ? " (private)" : ""),
                    std::string(to_string(r->severity)), escape_for_terminal(join(r->tags, ",")),
                    escape_for_terminal(r->title)});
  }
  size_t w_id = 0, w_sev = 0, w_tags = 0;
  for (const Row& row : rows) {
    w_id = std::max(w_id, display_width(row.id));
    w_sev = std::max(w_sev, display_width(row.severity));
    w_tags = std::max(w_tags, display_width(row.tags));
  }
  auto pad = [](const std::string& s, size_t width) { return s + std::string(width - display_width(s) + 2, ' '); };
  for (const Row& row : rows) {
    std::string line = pad(row.id, w_id) + pad(row.severity, w_sev) + pad(row.tags, w_tags) + row.title;
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << '\n';
  }
  out << count_noun(rules.size(), "rule", "rules");
  if (private_count > 0) out << " (" << private_count << " private)";
  out << '\n';
}

void print_json(const std::vector<Listed>& rules, std::ostream& out) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Listed& l : rules) {
    const CompiledRule* r = l.rule;
    list.push_back({{"id", l.id},
                    {"pack", l.pack},
                    {"severity", to_string(r->severity)},
                    {"tags", r->tags},
                    {"title", r->title},
                    {"private", r->is_private},
                    {"file", r->source_file},
                    {"line", r->source_line}});
  }
  out << list.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace

int run_rules_list(const RulesListArgs& args) {
  LoadedPackSet set;
  if (!load_pack_for_tooling("canary rules list", args.rule_paths, args.stdlib_dirs, set)) return kExitUsage;

  std::vector<Listed> rules;
  size_t private_count = 0;
  for (const LoadedPack& lp : set.packs) {
    for (const CompiledRule& r : lp.pack->rules) {
      if (r.is_private && !args.all) continue;
      if (r.is_private) ++private_count;
      rules.push_back({&r, lp.name.empty() ? r.id : lp.name + ":" + r.id, lp.name});
    }
  }
  std::sort(rules.begin(), rules.end(), [](const Listed& a, const Listed& b) { return a.id < b.id; });

  if (args.json) print_json(rules, std::cout);
  else print_table(rules, private_count, std::cout);
  std::cout << std::flush;
  return kExitOk;
}

}  // namespace canary::cli
