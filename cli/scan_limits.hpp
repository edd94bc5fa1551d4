// The scan's resource limits (docs/limits.md) in one table, read by the
// command line (--NAME), the config file ([limits] NAME = VALUE) and
// --show-config, so that adding a limit is one row here.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/scanner.hpp"

namespace canary::cli {

enum class LimitUnit { Bytes, Count, Milliseconds, Seconds };

struct LimitSpec {
  std::string_view name;  // the option without "--", and the key of [limits]
  LimitUnit unit;
  uint64_t min, max;
  std::string_view help;
  // Options older than this table keep their own ScanArgs field and CLI11
  // registration (--max-file-size, --max-decode-depth, --max-decoded-bytes);
  // the table still gives them a config key and a --show-config row.
  bool own_option;
  uint64_t (*get)(const ScanOptions&);
  void (*set)(ScanOptions&, uint64_t);
};

const std::vector<LimitSpec>& limit_specs();

// "1048576", or for bytes also "1M", "64K", "2G", "1MiB" (x1024). Checks the
// range. Returns "" or an error that names the option (`what`).
std::string parse_limit(const LimitSpec& spec, std::string_view text, const std::string& what, uint64_t& out);
std::string check_limit(const LimitSpec& spec, uint64_t value, const std::string& what);

}  // namespace canary::cli
