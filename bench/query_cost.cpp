// canary-query-cost: where the "query" stage of a scan goes. Parses every
// Python file of the given artifacts once, then times, on the same trees, the
// pack's combined query (what the scanner runs) and each member query alone,
// and prints the members slowest first with the rule that uses them and
// whether they have a prefilter literal. A diagnostic for
// docs/performance.md: a member that costs much alone usually costs much
// inside the combined query too.
//
//   canary-query-cost [--rules DIR] [--prefilters] ARTIFACT...   (default: the source tree's rules/)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <tree_sitter/api.h>

#include "bench/bench_pack.hpp"
#include "engine/compiled_pack.hpp"
#include "engine/hs_util.hpp"
#include "engine/query.hpp"
#include "engine/scanner.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

bool is_python(const std::string& path) {
  return path.size() > 3 && path.compare(path.size() - 3, 3, ".py") == 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::filesystem::path rules = std::filesystem::path(CANARY_SOURCE_DIR) / "rules";
  std::vector<std::string> artifacts;
  bool show_prefilters = false, usage = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rules" && i + 1 < argc) rules = argv[++i];
    else if (a == "--prefilters") show_prefilters = true;
    else if (a.size() > 1 && a[0] == '-') usage = true;  // --help, or an option this tool does not have
    else artifacts.push_back(a);
  }
  if (usage || artifacts.empty()) {
    std::cerr << "usage: canary-query-cost [--rules DIR] [--prefilters] ARTIFACT...\n";
    return 2;
  }
  canary::LoadedPack lp = canary::bench::load_source_pack(rules);
  if (!lp.pack) {
    std::cerr << "canary-query-cost: the rules do not compile (run `canary rules check`)\n";
    return 2;
  }
  const canary::CompiledPack& pack = *lp.pack;

  // Which rule uses each query, for the report.
  const std::vector<std::string> user = canary::bench::query_users(pack);

  if (show_prefilters) {
    // Each query's prefilter (query.hpp): a statement is parsed for it only
    // if the prefilter admits it.
    for (size_t q = 0; q < pack.queries.size(); ++q) {
      const canary::QueryPrefilter& pf = pack.queries[q]->prefilter();
      std::printf("%-50s %s\n", user[q].c_str(),
                  pf.empty() ? "(none: every Python file)" : canary::describe(pf).c_str());
    }
  }

  canary::HsScratch scratch;
  for (const auto& q : pack.queries)
    for (const canary::HsDatabase* db : q->databases()) scratch.reserve_for(db->get());
  for (const canary::HsDatabase* db : pack.all_queries->databases()) scratch.reserve_for(db->get());
  TSParser* parser = ts_parser_new();
  ts_parser_set_language(parser, canary::python_language());

  std::vector<double> member_s(pack.queries.size());
  std::vector<uint64_t> member_matches(pack.queries.size());
  double parse_s = 0, combined_s = 0;
  uint64_t files = 0, bytes = 0;
  std::vector<char> all(pack.queries.size(), 1);
  const canary::ReadLimits limits;
  for (const std::string& path : artifacts) {
    std::string error;
    auto reader = canary::open_artifact(path, limits, error);
    if (!reader) {
      std::cerr << "canary-query-cost: " << error << "\n";
      continue;
    }
    std::vector<std::string> errors;
    reader->read(
        [&](const canary::Entry& e, std::string_view text) {
          if (!is_python(e.path)) return;
          ++files;
          bytes += text.size();
          auto t0 = Clock::now();
          TSTree* tree = ts_parser_parse_string(parser, nullptr, text.data(), static_cast<uint32_t>(text.size()));
          parse_s += seconds_since(t0);
          if (!tree) return;
          TSNode root = ts_tree_root_node(tree);
          t0 = Clock::now();
          pack.all_queries->run_members(root, text, scratch, all, [](int, uint32_t, uint32_t) {});
          combined_s += seconds_since(t0);
          for (size_t q = 0; q < pack.queries.size(); ++q) {
            t0 = Clock::now();
            pack.queries[q]->run(root, text, scratch, [&](uint32_t, uint32_t) { ++member_matches[q]; });
            member_s[q] += seconds_since(t0);
          }
          ts_tree_delete(tree);
        },
        errors);
  }
  ts_parser_delete(parser);

  if (files == 0) {
    std::cerr << "canary-query-cost: no Python files in the given artifacts\n";
    return 1;
  }
  double members_total = 0;
  for (double s : member_s) members_total += s;
  std::printf("%llu Python files, %.1f MB: parse %.2f s, combined query %.2f s, members one by one %.2f s\n",
              (unsigned long long)files, bytes / 1e6, parse_s, combined_s, members_total);
  std::vector<size_t> order(pack.queries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return member_s[a] > member_s[b]; });
  std::printf("%10s %6s %8s  %s\n", "alone", "share", "matches", "query (rule pattern; * = no prefilter, runs on every parsed file)");
  for (size_t i = 0; i < order.size() && i < 30; ++i) {
    size_t q = order[i];
    std::printf("%8.3f s %5.1f%% %8llu  %s%s\n", member_s[q], 100 * member_s[q] / members_total,
                (unsigned long long)member_matches[q], pack.query_prefilter[q].empty() ? "* " : "  ",
                user[q].c_str());
  }
  return 0;
}
