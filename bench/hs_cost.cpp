// canary-hs-cost: where the "prefilter" stage of a scan goes. Reads the
// regular files under the given paths (up to --mb megabytes), then times the
// pack's one Hyperscan database over them, and each of its expressions
// compiled alone, and prints the expressions slowest first with the rule
// (or query prefilter) they belong to and their match count. A diagnostic for
// docs/performance.md: an expression that costs much alone usually costs
// much inside the database too.
//
//   canary-hs-cost [--rules DIR] [--mb N] [--top N] PATH...
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <hs.h>

#include "bench/bench_pack.hpp"
#include "engine/compiled_pack.hpp"
#include "engine/hs_util.hpp"
#include "engine/query.hpp"
#include "engine/scanner.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Expression {
  std::string expr;
  unsigned flags = 0;
  std::string owner;  // "RULE $pattern" or "query prefilter of RULE $pattern"
};

// A positive number from the command line; false for anything else.
template <class T>
bool parse_number(const char* text, T& out) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(v > 0) || v > 1e9) return false;
  out = static_cast<T>(v);
  return true;
}

// Seconds to scan every sample with `db`, and how many matches it reported.
double time_scan(const hs_database_t* db, const std::vector<std::string>& samples, unsigned long long& matches) {
  hs_scratch_t* scratch = nullptr;
  if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) return -1;
  matches = 0;
  auto count = [](unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) -> int {
    ++*static_cast<unsigned long long*>(ctx);
    return 0;
  };
  const Clock::time_point t0 = Clock::now();
  for (const std::string& s : samples)
    hs_scan(db, s.data(), static_cast<unsigned>(s.size()), 0, scratch, count, &matches);
  const double took = seconds_since(t0);
  hs_free_scratch(scratch);
  return took;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path rules = fs::path(CANARY_SOURCE_DIR) / "rules";
  std::vector<std::string> paths;
  double max_mb = 200;
  size_t top = 40;
  bool usage = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rules" && i + 1 < argc) rules = argv[++i];
    else if (a == "--mb" && i + 1 < argc) usage |= !parse_number(argv[++i], max_mb);
    else if (a == "--top" && i + 1 < argc) usage |= !parse_number(argv[++i], top);
    else if (a.size() > 1 && a[0] == '-') usage = true;
    else paths.push_back(a);
  }
  if (usage || paths.empty()) {
    std::cerr << "usage: canary-hs-cost [--rules DIR] [--mb N] [--top N] PATH...\n";
    return 2;
  }
  canary::LoadedPack lp = canary::bench::load_source_pack(rules);
  if (!lp.pack || !lp.pack->database) {
    std::cerr << "canary-hs-cost: the rules do not compile (run `canary rules check`)\n";
    return 2;
  }
  const canary::CompiledPack& pack = *lp.pack;

  // The database's expressions, as the checker gave them (checker.cpp, build_database).
  const std::vector<std::string> user = canary::bench::query_users(pack);
  std::vector<Expression> exprs;
  for (const canary::CompiledRule& r : pack.rules)
    for (const auto& p : r.patterns)
      for (int a : p.atoms) {
        const canary::Atom& atom = pack.atoms[a];
        if (atom.kind == canary::Atom::Kind::Literal || atom.kind == canary::Atom::Kind::Regex)
          exprs.push_back({atom.hs_expr, atom.hs_flags, r.id + " " + p.name});
      }
  std::vector<std::string> seen_clue;
  for (size_t q = 0; q < pack.queries.size(); ++q)
    for (const canary::PrefilterClue& c : pack.queries[q]->prefilter().clues) {
      std::string e = c.kind == canary::PrefilterClue::Kind::Regex ? c.text : canary::escape_literal(c.text);
      if (std::find(seen_clue.begin(), seen_clue.end(), e) != seen_clue.end()) continue;
      seen_clue.push_back(e);
      exprs.push_back({e, 0, "query prefilter of " + user[q]});
    }
  std::sort(exprs.begin(), exprs.end(), [](const Expression& a, const Expression& b) {
    return a.expr != b.expr ? a.expr < b.expr : a.flags < b.flags;
  });
  exprs.erase(std::unique(exprs.begin(), exprs.end(),
                          [](const Expression& a, const Expression& b) { return a.expr == b.expr && a.flags == b.flags; }),
              exprs.end());

  std::vector<std::string> samples;
  double total = 0;
  for (const std::string& root : paths) {
    std::vector<fs::path> files;
    if (fs::is_regular_file(root)) files.push_back(root);
    else
      for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
           it != fs::recursive_directory_iterator(); ++it)
        if (std::error_code ec; it->is_regular_file(ec) && !it->is_symlink(ec)) files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
      // Never past the budget: a file that would cross it is not read.
      std::error_code ec;
      const auto size = fs::file_size(f, ec);
      if (ec || total + static_cast<double>(size) > max_mb * 1e6) continue;
      std::ifstream in(f, std::ios::binary);
      std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      total += static_cast<double>(data.size());
      samples.push_back(std::move(data));
    }
  }
  std::printf("%zu files, %.1f MB; the pack's database: %zu distinct expressions\n", samples.size(), total / 1e6,
              exprs.size());
  unsigned long long matches = 0;
  const double whole = time_scan(pack.database->get(), samples, matches);
  std::printf("whole database: %.3f s (%.0f MB/s), %llu matches\n", whole, total / 1e6 / whole, matches);

  struct Cost {
    double seconds;
    unsigned long long matches;
    size_t expr;
    double without_som;  // the same without HS_FLAG_SOM_LEFTMOST, or -1
  };
  std::vector<Cost> costs;
  for (size_t i = 0; i < exprs.size(); ++i) {
    // As in the pack's database: every match reported (compile_single would
    // stop at the first).
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    if (hs_compile(exprs[i].expr.c_str(), exprs[i].flags, HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
      hs_free_compile_error(err);
      continue;
    }
    unsigned long long n = 0;
    const double took = time_scan(db, samples, n);
    hs_free_database(db);
    costs.push_back({took, n, i, -1});
    // What start-of-match tracking costs this one.
    if ((exprs[i].flags & HS_FLAG_SOM_LEFTMOST) &&
        hs_compile(exprs[i].expr.c_str(), exprs[i].flags & ~HS_FLAG_SOM_LEFTMOST, HS_MODE_BLOCK, nullptr, &db, &err) ==
            HS_SUCCESS) {
      costs.back().without_som = time_scan(db, samples, n);
      hs_free_database(db);
    } else if (err) {
      hs_free_compile_error(err);
      err = nullptr;
    }
  }
  std::sort(costs.begin(), costs.end(), [](const Cost& a, const Cost& b) { return a.seconds > b.seconds; });
  std::printf("%9s %9s %10s  %s\n", "alone", "no SOM", "matches", "expression (owner)");
  for (size_t i = 0; i < costs.size() && i < top; ++i) {
    const Expression& e = exprs[costs[i].expr];
    std::string shown = e.expr.size() > 90 ? e.expr.substr(0, 87) + "..." : e.expr;
    char som[32] = "";
    if (costs[i].without_som >= 0) std::snprintf(som, sizeof som, "%.3f s", costs[i].without_som);
    std::printf("%7.3f s %9s %10llu  %s  (%s, flags %u)\n", costs[i].seconds, som, costs[i].matches, shown.c_str(),
                e.owner.c_str(), e.flags);
  }
  std::sort(costs.begin(), costs.end(), [](const Cost& a, const Cost& b) { return a.matches > b.matches; });
  std::printf("\nmost matches (each is a callback in the scan):\n%9s %10s  %s\n", "alone", "matches", "expression (owner)");
  for (size_t i = 0; i < costs.size() && i < top / 2; ++i) {
    const Expression& e = exprs[costs[i].expr];
    std::string shown = e.expr.size() > 90 ? e.expr.substr(0, 87) + "..." : e.expr;
    std::printf("%7.3f s %10llu  %s  (%s, flags %u)\n", costs[i].seconds, costs[i].matches, shown.c_str(),
                e.owner.c_str(), e.flags);
  }
  return 0;
}
