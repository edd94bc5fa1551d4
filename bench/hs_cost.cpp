// canary-hs-cost: where the "prefilter" stage of a scan goes. Reads the
// regular files under the given paths (up to --mb megabytes), then times the
// pack's one Hyperscan database over them, and each of its expressions
// compiled alone, and prints the expressions slowest first with the rule
// (or query prefilter) they belong to and their match count. A diagnostic for
// docs/performance.md: an expression that costs much alone usually costs
// much inside the database too. The first lines time the scan as the
// scanner runs it on Python files: the pack's database, then each deferred
// database over the files that hold its gate's run. With --leave-one-out it also times the
// database compiled without each expression in turn: what removing it would
// save, which is the figure that counts (expressions share Hyperscan's
// literal matcher, so costs alone do not add up). --ext keeps only the files
// whose name ends so (e.g. .py: Python files are scanned with the whole
// database, other kinds with smaller ones). --list prints the expressions
// (flags, a tab, the expression; deferred ones marked) and reads nothing,
// for trying other forms of them against the same files.
//
//   canary-hs-cost [--rules DIR] [--mb N] [--top N] [--ext SUFFIX] [--leave-one-out] PATH...
//   canary-hs-cost [--rules DIR] --list
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <hs.h>

#include "bench/bench_pack.hpp"
#include "engine/compiled_pack.hpp"
#include "engine/hs_util.hpp"
#include "engine/query.hpp"
#include "engine/regex_runs.hpp"
#include "engine/scanner.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

struct Expression {
  std::string expr;
  unsigned flags = 0;
  std::string owner;  // "RULE $pattern" or "query prefilter of RULE $pattern"
  bool deferred = false;  // in one of the pack's deferred databases
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
  bool usage = false, leave_one_out = false, list = false;
  std::string ext;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rules" && i + 1 < argc) rules = argv[++i];
    else if (a == "--mb" && i + 1 < argc) usage |= !parse_number(argv[++i], max_mb);
    else if (a == "--top" && i + 1 < argc) usage |= !parse_number(argv[++i], top);
    else if (a == "--ext" && i + 1 < argc) ext = argv[++i];
    else if (a == "--leave-one-out") leave_one_out = true;
    else if (a == "--list") list = true;
    else if (a.size() > 1 && a[0] == '-') usage = true;
    else paths.push_back(a);
  }
  if (usage || (paths.empty() && !list)) {
    std::cerr << "usage: canary-hs-cost [--rules DIR] [--mb N] [--top N] [--ext SUFFIX] [--leave-one-out] PATH...\n"
                 "       canary-hs-cost [--rules DIR] --list\n";
    return 2;
  }
  canary::LoadedPack lp = canary::bench::load_source_pack(rules);
  if (!lp.pack || (!lp.pack->database && lp.pack->deferred.empty())) {
    std::cerr << "canary-hs-cost: the rules do not compile (run `canary rules check`)\n";
    return 2;
  }
  const canary::CompiledPack& pack = *lp.pack;

  // The database's expressions, as the checker gave them (checker.cpp, build_database).
  const std::vector<std::string> user = canary::bench::query_users(pack);
  std::vector<char> deferred_id(pack.hs_id_owner.size(), 0);
  for (const auto& d : pack.deferred)
    for (unsigned id : d.ids) deferred_id[id] = 1;
  std::vector<Expression> exprs;
  for (const canary::CompiledRule& r : pack.rules)
    for (const auto& p : r.patterns)
      for (int a : p.atoms) {
        const canary::Atom& atom = pack.atoms[a];
        if (atom.kind == canary::Atom::Kind::Literal || atom.kind == canary::Atom::Kind::Regex)
          exprs.push_back({atom.hs_expr, atom.hs_flags, r.id + " " + p.name, deferred_id[atom.hs_id] != 0});
      }
  std::vector<std::string> seen_clue;
  for (size_t q = 0; q < pack.queries.size(); ++q) {
    const std::vector<canary::PrefilterClue>& clues = pack.queries[q]->prefilter().clues;
    for (size_t i = 0; i < clues.size(); ++i) {
      const canary::PrefilterClue& c = clues[i];
      std::string e = c.kind == canary::PrefilterClue::Kind::Regex ? c.text : canary::escape_literal(c.text);
      if (std::find(seen_clue.begin(), seen_clue.end(), e) != seen_clue.end()) continue;
      seen_clue.push_back(e);
      exprs.push_back({e, 0, "query prefilter of " + user[q], deferred_id[pack.query_prefilter[q][i]] != 0});
    }
  }
  std::sort(exprs.begin(), exprs.end(), [](const Expression& a, const Expression& b) {
    return a.expr != b.expr ? a.expr < b.expr : a.flags < b.flags;
  });
  exprs.erase(std::unique(exprs.begin(), exprs.end(),
                          [](const Expression& a, const Expression& b) { return a.expr == b.expr && a.flags == b.flags; }),
              exprs.end());
  if (list) {
    for (const Expression& e : exprs) std::printf("%u\t%s%s\n", e.flags, e.deferred ? "deferred\t" : "", e.expr.c_str());
    return 0;
  }

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
      const std::string name = f.filename().string();
      if (!ext.empty() && (name.size() < ext.size() || name.compare(name.size() - ext.size(), ext.size(), ext) != 0))
        continue;
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
  // As the scanner runs it on a Python file: the pack's database, then each
  // deferred database over the files that hold its gate's run. The first
  // pass only warms the caches.
  unsigned long long matches = 0;
  if (pack.database) time_scan(pack.database->get(), samples, matches);
  const double main_db = pack.database ? time_scan(pack.database->get(), samples, matches) : 0;
  double whole = main_db;
  std::printf("the pack's database: %.3f s (%.0f MB/s), %llu matches\n", main_db, total / 1e6 / main_db, matches);
  std::vector<size_t> first_high;  // found once per file, shared by the gates of non-ASCII bytes
  {
    const Clock::time_point t0 = Clock::now();
    for (const std::string& s : samples) first_high.push_back(canary::first_non_ascii(s));
    const double took = seconds_since(t0);
    whole += took;
    std::printf("first non-ASCII byte of each file: %.3f s\n", took);
  }
  for (const auto& d : pack.deferred) {
    const Clock::time_point t0 = Clock::now();
    std::vector<std::string> passed;
    for (size_t i = 0; i < samples.size(); ++i)
      if (canary::has_run(samples[i], d.gate, first_high[i])) passed.push_back(samples[i]);
    const double gate = seconds_since(t0);
    unsigned long long n = 0;
    const double scan = passed.empty() ? 0 : time_scan(d.database->get(), passed, n);
    whole += gate + scan;
    std::printf("deferred, %zu expression(s) needing %s: gate %.3f s, %zu files passed, scan %.3f s, %llu matches\n",
                d.ids.size(), canary::describe(d.gate).c_str(), gate, passed.size(), scan, n);
  }
  std::printf("in all: %.3f s (%.0f MB/s)\n", whole, total / 1e6 / whole);

  if (leave_one_out) {
    struct Saving {
      double seconds;
      size_t expr;
    };
    std::vector<Saving> savings;
    // The pack's main database (every expression that is not deferred) but
    // `skip` (none for SIZE_MAX) and those `drop` says, as build_database
    // compiles it (no start-of-match tracking); nullptr if it does not compile.
    auto compile_without = [&](size_t skip, const std::function<bool(const Expression&)>& drop = {}) -> hs_database_t* {
      std::vector<const char*> ptrs;
      std::vector<unsigned> flags, ids;
      for (size_t i = 0; i < exprs.size(); ++i) {
        if (i == skip || exprs[i].deferred || (drop && drop(exprs[i]))) continue;
        ptrs.push_back(exprs[i].expr.c_str());
        flags.push_back(exprs[i].flags & ~HS_FLAG_SOM_LEFTMOST);
        ids.push_back(static_cast<unsigned>(i));
      }
      hs_database_t* db = nullptr;
      hs_compile_error_t* err = nullptr;
      if (hs_compile_multi(ptrs.data(), flags.data(), ids.data(), static_cast<unsigned>(ptrs.size()), HS_MODE_BLOCK,
                           nullptr, &db, &err) == HS_SUCCESS)
        return db;
      hs_free_compile_error(err);
      return nullptr;
    };
    // The baseline timed warm: the first scan of the samples pays for the caches.
    hs_database_t* all = compile_without(SIZE_MAX);
    if (!all) {
      std::cerr << "canary-hs-cost: the expressions do not compile together\n";
      return 2;
    }
    unsigned long long n = 0;
    time_scan(all, samples, n);
    const double baseline = time_scan(all, samples, n);
    hs_free_database(all);
    // Two groups first: the query prefilters' clues, and the rules' own
    // patterns, each left out whole.
    auto is_clue = [](const Expression& e) { return e.owner.rfind("query prefilter of ", 0) == 0; };
    for (bool clues : {true, false}) {
      hs_database_t* db = compile_without(SIZE_MAX, [&](const Expression& e) { return is_clue(e) == clues; });
      if (!db) continue;
      time_scan(db, samples, n);
      std::printf("without every %s: %.3f s (the main database: %.3f s)\n",
                  clues ? "query prefilter clue" : "rule pattern", time_scan(db, samples, n), baseline);
      hs_free_database(db);
    }
    for (size_t skip = 0; skip < exprs.size(); ++skip) {
      if (exprs[skip].deferred) continue;
      hs_database_t* db = compile_without(skip);
      if (!db) continue;
      savings.push_back({baseline - time_scan(db, samples, n), skip});
      hs_free_database(db);
    }
    std::sort(savings.begin(), savings.end(), [](const Saving& a, const Saving& b) { return a.seconds > b.seconds; });
    std::printf("\nsaved by leaving one out (the main database: %.3f s):\n%9s  %s\n", baseline, "saved",
                "expression (owner)");
    for (size_t i = 0; i < savings.size() && i < top; ++i) {
      const Expression& e = exprs[savings[i].expr];
      std::string shown = e.expr.size() > 90 ? e.expr.substr(0, 87) + "..." : e.expr;
      std::printf("%7.3f s  %s  (%s)\n", savings[i].seconds, shown.c_str(), e.owner.c_str());
    }
    return 0;
  }

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
    std::printf("%7.3f s %9s %10llu  %s  (%s, flags %u%s)\n", costs[i].seconds, som, costs[i].matches, shown.c_str(),
                e.owner.c_str(), e.flags, e.deferred ? ", deferred" : "");
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
