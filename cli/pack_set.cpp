#include "pack_set.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <map>
#include <system_error>

#include "diagnostics_output.hpp"
#include "engine/pack_bundle.hpp"
#include "engine/sha256.hpp"
#include "exit_status.hpp"
#include "pack_source.hpp"

namespace canary::cli {

namespace fs = std::filesystem;

namespace {

bool parse_hex_digest(std::string hex, std::string& out) {
  if (hex.rfind("sha256:", 0) == 0) hex.erase(0, 7);  // as `pack build` prints it
  if (hex.size() != 64) return false;
  for (char& c : hex) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  out = hex;
  return true;
}

bool same_path(const std::string& a, const std::string& b) {
  if (a == b) return true;
  std::error_code ec;
  return fs::equivalent(a, b, ec);
}

// --rules-sha256 values -> the pinned digest of each request (index -> hex).
bool parse_pins(const PackSetArgs& args, const std::vector<PackRequest>& requests, std::map<size_t, std::string>& pins,
                std::string& error) {
  for (const std::string& value : args.rules_sha256) {
    size_t eq = value.rfind('=');
    std::string hex = eq == std::string::npos ? value : value.substr(eq + 1);
    std::string digest;
    if (!parse_hex_digest(hex, digest)) {
      error = "--rules-sha256 " + value + ": expected 64 hex digits (sha256), as `canary pack digest` prints them";
      return false;
    }
    size_t index = 0;
    if (eq == std::string::npos) {
      if (args.rule_paths.size() > 1) {
        error = "--rules-sha256 " + value + ": with several --rules, say which pack it pins: --rules-sha256 PATH=HEX";
        return false;
      }
    } else {
      std::string path = value.substr(0, eq);
      auto it = std::find_if(requests.begin(), requests.end(), [&](const PackRequest& r) {
        return r.source.rule_paths.size() == 1 && same_path(r.source.rule_paths[0].string(), path);
      });
      if (it == requests.end()) {
        error = "--rules-sha256 " + value + ": " + path + " is not a pack directory or bundle given with --rules";
        return false;
      }
      index = static_cast<size_t>(it - requests.begin());
    }
    if (index >= requests.size() || classify_pack_path(requests[index].source.rule_paths.at(0)) == PackPathKind::Loose) {
      error = "--rules-sha256 " + value +
              ": only a pack directory (with canary-pack.toml) or a bundle has a digest to pin";
      return false;
    }
    if (pins.count(index) && pins[index] != digest) {
      error = "--rules-sha256 pins " + requests[index].label + " twice, with different digests";
      return false;
    }
    pins[index] = digest;
  }
  return true;
}

std::string refusal(const char* command, const std::string& label, const std::string& actual,
                    const std::string& pinned) {
  std::string verb = std::string(command) == "canary scan" ? "refusing to scan" : "refusing to load it";
  return "rule pack " + label + " has sha256 " + actual + ", but --rules-sha256 pins " + pinned + "; " + verb;
}

}  // namespace

std::vector<const CompiledPack*> LoadedPackSet::compiled() const {
  std::vector<const CompiledPack*> out;
  for (const LoadedPack& lp : packs) out.push_back(lp.pack.get());
  return out;
}

size_t LoadedPackSet::rule_count() const {
  size_t n = 0;
  for (const LoadedPack& lp : packs) n += lp.rule_count;
  return n;
}

std::string LoadedPackSet::describe() const {
  std::string s;
  for (size_t i = 0; i < packs.size(); ++i) {
    if (!s.empty()) s += ", ";
    if (packs[i].name.empty()) s += labels[i];
    else s += packs[i].name + " " + packs[i].version + " (" + labels[i] + ")";
  }
  return s;
}

bool resolve_pack_requests(const std::vector<std::string>& rule_paths, const std::vector<std::string>& stdlib_dirs,
                           std::vector<PackRequest>& out, std::string& error) {
  out.clear();
  PackSource all;
  if (!resolve_pack_source(rule_paths, stdlib_dirs, all, error)) return false;
  int loose = -1;
  for (const fs::path& p : all.rule_paths) {
    if (classify_pack_path(p) != PackPathKind::Loose) {
      out.push_back({p.string(), PackSource{{p}, all.stdlib_dirs}});
      continue;
    }
    if (loose < 0) {
      loose = static_cast<int>(out.size());
      out.push_back({"", PackSource{{}, all.stdlib_dirs}});
    }
    PackRequest& r = out[static_cast<size_t>(loose)];
    r.label += (r.label.empty() ? "" : ", ") + p.string();
    r.source.rule_paths.push_back(p);
  }
  return true;
}

LoadedPackSet load_pack_requests(const std::vector<PackRequest>& requests, bool check_only) {
  LoadedPackSet set;
  for (const PackRequest& r : requests) {
    auto start = std::chrono::steady_clock::now();
    set.packs.push_back(load_pack(r.source, pack_load_options(check_only)));
    std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    set.labels.push_back(r.label);
    set.load_seconds.push_back(took.count());
  }
  return set;
}

std::string duplicate_pack_name(const LoadedPackSet& set) {
  for (size_t i = 0; i < set.packs.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (!set.packs[i].name.empty() && set.packs[i].name == set.packs[j].name)
        return "rule packs " + set.labels[j] + " and " + set.labels[i] + " are both named " + set.packs[i].name +
               "; rule ids would collide, so load only one of them";
  return "";
}

bool pack_digest(const LoadedPack& lp, std::string& hex, std::string& error) {
  if (lp.name.empty() || lp.files.empty()) {
    error = "rules without canary-pack.toml are not a pack and have no digest";
    return false;
  }
  std::string bytes;
  if (!write_bundle(lp.files, bytes, error)) return false;
  hex = sha256_hex(bytes);
  return true;
}

int load_pack_set(const char* command, const PackSetArgs& args, bool check_only, bool quiet, ColorMode color,
                  LoadedPackSet& out) {
  auto fail = [&](const std::string& message) {
    std::cerr << command << ": error: " << message << '\n';
    return kExitUsage;
  };
  std::vector<PackRequest> requests;
  std::string error;
  if (!resolve_pack_requests(args.rule_paths, args.stdlib_dirs, requests, error)) return fail(error);
  std::map<size_t, std::string> pins;
  if (!parse_pins(args, requests, pins, error)) return fail(error);
  // A pinned bundle is checked before it is parsed: a damaged bundle is
  // refused as not the pinned one, whatever else is wrong with it.
  for (const auto& [index, pinned] : pins) {
    const fs::path& p = requests[index].source.rule_paths.at(0);
    if (classify_pack_path(p) != PackPathKind::Bundle) continue;
    std::string actual = sha256_file_hex(p, error);
    if (actual.empty()) return fail("cannot read rule pack " + requests[index].label + ": " + error);
    if (actual != pinned) return fail(refusal(command, requests[index].label, actual, pinned));
  }

  out = load_pack_requests(requests, check_only);
  const bool stderr_color = color_enabled(color, STDERR_FILENO);
  size_t errors = 0;
  for (LoadedPack& lp : out.packs) {
    lp.diagnostics.sort();
    bool failed = lp.diagnostics.has_errors() || !lp.pack;
    if (failed && !lp.diagnostics.has_errors()) ++errors;  // cannot happen, but never scan with a null pack
    errors += lp.diagnostics.error_count();
    if (failed || (!quiet && lp.diagnostics.warning_count() > 0))
      std::cerr << dsl::render_text(lp.diagnostics, lp.sources, stderr_color);
  }
  if (errors > 0) {
    std::string suffix = std::string(command) == "canary scan" ? "; nothing was scanned" : "";
    return fail("the rules have " + count_noun(errors, "error", "errors") + suffix);
  }
  if (std::string dup = duplicate_pack_name(out); !dup.empty()) return fail(dup);
  // What was loaded is what must match: the digest is taken again from the
  // files actually read, so a bundle swapped after the check above is refused too.
  for (const auto& [index, pinned] : pins) {
    std::string actual;
    if (!pack_digest(out.packs[index], actual, error)) return fail(requests[index].label + ": " + error);
    if (actual != pinned) return fail(refusal(command, requests[index].label, actual, pinned));
  }
  return kExitOk;
}

}  // namespace canary::cli
