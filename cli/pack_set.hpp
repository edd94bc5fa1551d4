// The packs a command loads: --rules arguments (or the default pack) ->
// one PackSource per pack -> loaded packs, digests checked against
// --rules-sha256. Every command that loads rules goes through here, so they
// all treat pack directories, bundles and loose rule files the same way.
#pragma once
#include <string>
#include <vector>

#include "engine/scanner.hpp"
#include "terminal.hpp"

namespace canary::cli {

struct PackSetArgs {
  std::vector<std::string> rule_paths;    // --rules; empty = the default pack
  std::vector<std::string> stdlib_dirs;   // --stdlib
  std::vector<std::string> rules_sha256;  // --rules-sha256: HEX (one pack) or PATH=HEX
};

// One pack to load and how the user named it (for messages and pins).
struct PackRequest {
  std::string label;  // the --rules argument(s); the default pack's directory
  PackSource source;
};

struct LoadedPackSet {
  std::vector<std::string> labels;
  std::vector<LoadedPack> packs;
  std::vector<double> load_seconds;

  std::vector<const CompiledPack*> compiled() const;
  size_t rule_count() const;
  // "canary 0.2.0 (rules), x.canary" for headers.
  std::string describe() const;
};

// Each pack directory and each bundle is a pack of its own; the loose rule
// files and manifest-less directories together form one anonymous pack.
bool resolve_pack_requests(const std::vector<std::string>& rule_paths, const std::vector<std::string>& stdlib_dirs,
                           std::vector<PackRequest>& out, std::string& error);

// Loads every request (no printing).
LoadedPackSet load_pack_requests(const std::vector<PackRequest>& requests, bool check_only);

// "" or the message for two loaded packs with one name.
std::string duplicate_pack_name(const LoadedPackSet& set);

// The sha256 of the bundle a named pack is (or would be built into); false
// with `error` for an anonymous pack or one whose files cannot be bundled.
bool pack_digest(const LoadedPack& lp, std::string& hex, std::string& error);

// Everything a rule-loading command needs: resolve, load, report rule
// diagnostics on stderr (warnings unless `quiet`), refuse duplicate names and
// pins that do not match. Returns 0, or the exit status to return (2), having
// printed "<command>: error: ..." already.
int load_pack_set(const char* command, const PackSetArgs& args, bool check_only, bool quiet, ColorMode color,
                  LoadedPackSet& out);

}  // namespace canary::cli
