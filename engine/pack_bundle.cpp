#include "pack_bundle.hpp"

#include <algorithm>

#include "pack_manifest.hpp"

namespace canary {
namespace {

bool bundle_order(const BundleEntry& a, const BundleEntry& b) {
  bool am = a.path == kManifestName, bm = b.path == kManifestName;
  if (am != bm) return am;
  return a.path < b.path;
}

std::string at(size_t offset) { return " (at byte " + std::to_string(offset) + ")"; }

// Bundle lengths are plain decimal: no sign, no leading zeros, at most the cap.
bool parse_length(std::string_view s, uint64_t& n) {
  if (s.empty() || s.size() > 12 || (s.size() > 1 && s[0] == '0')) return false;
  n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  return n <= kMaxBundleBytes;
}

}  // namespace

void sort_bundle_entries(std::vector<BundleEntry>& entries) {
  std::sort(entries.begin(), entries.end(), bundle_order);
}

bool looks_like_bundle(std::string_view head) { return head.substr(0, kBundleMagic.size()) == kBundleMagic; }

bool write_bundle(std::vector<BundleEntry> entries, std::string& out, std::string& error) {
  sort_bundle_entries(entries);
  if (entries.empty() || entries[0].path != kManifestName) {
    error = "a bundle needs " + std::string(kManifestName);
    return false;
  }
  if (entries.size() > kMaxBundleFiles) {
    error = "a bundle holds at most " + std::to_string(kMaxBundleFiles) + " files";
    return false;
  }
  out.assign(kBundleMagic);
  for (size_t i = 0; i < entries.size(); ++i) {
    const BundleEntry& e = entries[i];
    if (!is_safe_relative_path(e.path) || e.path.find(' ') != std::string::npos) {
      error = "cannot bundle \"" + e.path + "\": paths must be relative, '/'-separated, without spaces, '.' or '..'";
      return false;
    }
    if (i > 0 && entries[i - 1].path == e.path) {
      error = "two files would be bundled as " + e.path;
      return false;
    }
    out += "file " + e.path + " " + std::to_string(e.content.size()) + "\n";
    out += e.content;
    out += '\n';
    if (out.size() > kMaxBundleBytes) {
      error = "the bundle would be larger than 64 MiB";
      return false;
    }
  }
  out += "end\n";
  return true;
}

bool read_bundle(std::string_view bytes, std::vector<BundleEntry>& out, std::string& error) {
  out.clear();
  if (bytes.size() > kMaxBundleBytes) {
    error = "bundle is larger than 64 MiB";
    return false;
  }
  if (!looks_like_bundle(bytes)) {
    error = "not a canary bundle (it does not start with \"canary-bundle 1\")";
    return false;
  }
  size_t pos = kBundleMagic.size();
  while (true) {
    size_t eol = bytes.find('\n', pos);
    if (eol == std::string_view::npos || eol - pos > 4200) {
      error = "truncated or garbled bundle: expected a `file` or `end` line" + at(pos);
      return false;
    }
    std::string_view line = bytes.substr(pos, eol - pos);
    size_t line_start = pos;
    pos = eol + 1;
    if (line == "end") break;
    if (line.substr(0, 5) != "file ") {
      error = "garbled bundle: expected a `file` or `end` line" + at(line_start);
      return false;
    }
    std::string_view rest = line.substr(5);
    size_t space = rest.rfind(' ');
    if (space == std::string_view::npos) {
      error = "garbled bundle: `file` line without a length" + at(line_start);
      return false;
    }
    std::string_view path = rest.substr(0, space);
    uint64_t len = 0;
    if (!parse_length(rest.substr(space + 1), len)) {
      error = "garbled bundle: bad length \"" + std::string(rest.substr(space + 1)) + "\"" + at(line_start);
      return false;
    }
    if (!is_safe_relative_path(path) || path.find(' ') != std::string_view::npos) {
      error = "unsafe path \"" + std::string(path) + "\" in bundle (paths are relative, without '.' or '..')" +
              at(line_start);
      return false;
    }
    if (len > bytes.size() - pos || bytes.size() - pos - len < 1) {
      error = "truncated bundle: " + std::string(path) + " claims " + std::to_string(len) + " bytes but only " +
              std::to_string(bytes.size() - pos) + " remain" + at(line_start);
      return false;
    }
    if (bytes[pos + len] != '\n') {
      error = "garbled bundle: the length of " + std::string(path) + " does not match its content" + at(line_start);
      return false;
    }
    BundleEntry e{std::string(path), std::string(bytes.substr(pos, len))};
    pos += len + 1;
    if (out.empty() && e.path != kManifestName) {
      error = "bundle does not start with " + std::string(kManifestName) + at(line_start);
      return false;
    }
    if (!out.empty() && !bundle_order(out.back(), e)) {
      error = "garbled bundle: " + e.path + " is duplicated or out of order" + at(line_start);
      return false;
    }
    if (out.size() >= kMaxBundleFiles) {
      error = "bundle holds more than " + std::to_string(kMaxBundleFiles) + " files";
      return false;
    }
    out.push_back(std::move(e));
  }
  if (out.empty()) {
    error = "empty bundle: no " + std::string(kManifestName);
    return false;
  }
  if (pos != bytes.size()) {
    error = "garbled bundle: " + std::to_string(bytes.size() - pos) + " bytes after the `end` line";
    return false;
  }
  return true;
}

}  // namespace canary
