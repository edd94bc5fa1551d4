#include "diff_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <iostream>
#include <nlohmann/json.hpp>

#include "diff_fetch.hpp"
#include "exit_status.hpp"
#include "output.hpp"
#include "scan_setup.hpp"
#include "terminal.hpp"
#include "version.hpp"
#include "engine/artifact_diff.hpp"
#include "engine/score.hpp"
#include "engine/sha256.hpp"

namespace canary::cli {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

constexpr const char* kCommand = "canary diff";

int usage_error(const std::string& message) {
  std::cerr << kCommand << ": error: " << message << '\n';
  return kExitUsage;
}

int unreadable(const std::string& path, const std::string& message) {
  std::cerr << kCommand << ": error: " << escape_for_terminal(path) << ": " << escape_for_terminal(message) << '\n';
  return kExitUnreadable;
}

// One side of the diff: what it holds and what the scan found.
struct Side {
  std::string path;
  std::string sha256;  // of the file; empty for a directory
  ArtifactSnapshot snapshot;
  ArtifactReport report;
};

// Reads and scans one artifact; "" on success, else why it is unreadable.
std::string load_side(const ScanSetup& setup, const std::string& path, Side& side) {
  side.path = path;
  std::error_code ec;
  fs::file_status st = fs::status(path, ec);
  if (st.type() == fs::file_type::not_found) return "cannot open: no such file or directory";
  if (ec) return "cannot open: " + ec.message();
  if (st.type() != fs::file_type::regular && st.type() != fs::file_type::directory)
    return "cannot open: not a regular file or directory";
  std::string error;
  std::unique_ptr<ArtifactReader> reader = open_artifact(path, setup.opts.limits, error);
  if (!reader) return error;
  if (!snapshot_artifact(*reader, side.snapshot))
    return side.snapshot.errors.empty() ? "cannot read" : side.snapshot.errors.front();
  if (st.type() == fs::file_type::regular) {
    side.sha256 = sha256_file_hex(path, error);
    if (side.sha256.empty()) return error;
  }
  // The scan `canary scan` would do: same packs, policy, feeds and limits.
  side.report = scan_path(setup, path);
  if (side.report.unreadable) return side.report.errors.empty() ? "cannot read" : side.report.errors.front();
  return "";
}

// Problems with either side that did not stop the diff, each once.
std::vector<std::string> side_errors(const Side& old_side, const Side& new_side) {
  std::vector<std::string> out;
  for (const Side* s : {&old_side, &new_side}) {
    std::vector<std::string> seen;
    for (const auto* list : {&s->snapshot.errors, &s->report.errors})
      for (const std::string& e : *list) {
        if (std::find(seen.begin(), seen.end(), e) != seen.end()) continue;
        seen.push_back(e);
        out.push_back(s->path + ": " + e);
      }
  }
  return out;
}

struct DiffResult {
  ArtifactDiff files;
  std::vector<Finding> findings;  // new in the new version
  double score = 0;               // of the new findings alone
  Verdict verdict = Verdict::Safe;
  std::vector<std::string> errors;
};

std::string score_text(double score) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", display_score(score));
  return buf;
}

std::string short_hash(const std::string& hex) { return hex.substr(0, 16) + "..."; }

std::string entry_point_text(const EntryPointChange& c) {
  return c.entry.group + ": " + c.entry.name + " = " + c.entry.value;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& ch : out) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return out;
}

void print_side(std::ostream& out, const char* label, const Side& s) {
  out << label << "  " << escape_for_terminal(s.path) << '\n';
  out << "     " << to_string(s.snapshot.kind) << ", " << s.snapshot.files.size()
      << (s.snapshot.files.size() == 1 ? " file" : " files");
  if (!s.sha256.empty()) out << ", sha256 " << short_hash(s.sha256);
  out << ", " << to_string(s.report.verdict) << " (score " << score_text(s.report.score) << ")\n";
}

void print_highlights(std::ostream& out, const ArtifactDiff& d, bool color) {
  out << "\nhighlights\n";
  size_t count = 0;
  auto line = [&](const char* what, const std::string& text, Style style) {
    out << "  " << paint(what, style, color) << "  " << escape_for_terminal(text) << '\n';
    ++count;
  };
  for (const std::string& p : d.new_pth) line("new .pth file        ", p, Style::Red);
  for (const std::string& p : d.changed_pth) line("changed .pth file    ", p, Style::Red);
  for (const EntryPointChange& c : d.entry_points) {
    std::string text = entry_point_text(c) + "  (" + c.file + ")";
    if (c.old_value.empty()) line("new entry point      ", text, Style::Yellow);
    else line("changed entry point  ", text + ", was " + c.old_value, Style::Yellow);
  }
  for (const std::string& p : d.new_native) line("new native binary    ", p, Style::Red);
  for (const std::string& p : d.changed_native) line("changed native binary", p, Style::Yellow);
  for (const BuildFileDiff& b : d.build_files)
    line("build file           ", b.path + " (" + std::string(to_string(b.change)) + ")", Style::Yellow);
  if (count == 0) out << "  (none)\n";
}

void print_files(std::ostream& out, const ArtifactDiff& d) {
  out << "\nfiles  " << d.added.size() << " added, " << d.removed.size() << " removed, " << d.changed.size()
      << " changed, " << d.unchanged << " unchanged\n";
  for (const SnapshotFile& f : d.added)
    out << "  + " << escape_for_terminal(f.path) << "  " << f.size << " bytes, sha256 " << short_hash(f.sha256) << '\n';
  for (const SnapshotFile& f : d.removed)
    out << "  - " << escape_for_terminal(f.path) << "  " << f.size << " bytes, sha256 " << short_hash(f.sha256) << '\n';
  for (const ChangedFile& c : d.changed)
    out << "  ~ " << escape_for_terminal(c.path) << "  " << c.before.size << " -> " << c.after.size
        << " bytes, sha256 " << short_hash(c.before.sha256) << " -> " << short_hash(c.after.sha256) << '\n';
}

void print_findings(std::ostream& out, const DiffResult& r, bool color) {
  out << "\nnew findings  " << r.findings.size();
  if (!r.findings.empty()) out << " (score " << score_text(r.score) << ", " << to_string(r.verdict) << ")";
  out << '\n';
  size_t width = 0;
  for (const Finding& f : r.findings) width = std::max(width, f.rule.size());
  for (const Finding& f : r.findings) {
    std::string sev = upper(to_string(f.severity));
    sev.resize(std::max<size_t>(sev.size(), 8), ' ');
    std::string rule = escape_for_terminal(f.rule);
    rule.resize(std::max(rule.size(), width), ' ');
    std::string loc = escape_for_terminal(f.file);
    if (f.line > 0) loc += ':' + std::to_string(f.line) + (f.column > 0 ? ':' + std::to_string(f.column) : "");
    out << "  " << paint(sev, f.severity >= Severity::High ? Style::Red : Style::Yellow, color) << "  " << rule << "  "
        << loc << '\n';
    if (!f.title.empty()) out << std::string(14, ' ') << escape_for_terminal(f.title) << '\n';
  }
}

void print_text(std::ostream& out, const IndexPair* from, const Side& o, const Side& n, const DiffResult& r, bool color) {
  if (from)
    out << paint(escape_for_terminal(from->project + " " + from->old_version + " -> " + from->new_version), Style::Bold, color)
        << " on " << escape_for_terminal(from->index_url) << "\n\n";
  print_side(out, "old", o);
  print_side(out, "new", n);
  print_highlights(out, r.files, color);
  print_files(out, r.files);
  print_findings(out, r, color);
  if (!r.errors.empty()) {
    out << "\nerrors  " << r.errors.size() << '\n';
    for (const std::string& e : r.errors) out << "  - " << escape_for_terminal(e) << '\n';
  }
}

json file_json(const SnapshotFile& f) {
  return json{{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}, {"kind", std::string(to_string(f.kind))},
              {"truncated", f.truncated}};
}

json side_json(const Side& s) {
  return json{{"path", s.path},
              {"sha256", s.sha256},
              {"kind", std::string(to_string(s.snapshot.kind))},
              {"files", s.snapshot.files.size()},
              {"score", display_score(s.report.score)},
              {"verdict", std::string(to_string(s.report.verdict))},
              {"findings", s.report.findings.size()}};
}

json diff_json(const IndexPair* from, const Side& o, const Side& n, const DiffResult& r) {
  const ArtifactDiff& d = r.files;
  json added = json::array(), removed = json::array(), changed = json::array();
  for (const SnapshotFile& f : d.added) added.push_back(file_json(f));
  for (const SnapshotFile& f : d.removed) removed.push_back(file_json(f));
  for (const ChangedFile& c : d.changed)
    changed.push_back(json{{"path", c.path},
                           {"old_path", c.old_path},
                           {"kind", std::string(to_string(c.after.kind))},
                           {"old_size", c.before.size},
                           {"new_size", c.after.size},
                           {"old_sha256", c.before.sha256},
                           {"new_sha256", c.after.sha256}});
  json entry_points = json::array();
  for (const EntryPointChange& c : d.entry_points)
    entry_points.push_back(json{{"group", c.entry.group},
                                {"name", c.entry.name},
                                {"value", c.entry.value},
                                {"old_value", c.old_value.empty() ? json(nullptr) : json(c.old_value)},
                                {"file", c.file},
                                {"line", c.entry.line}});
  json build_files = json::array();
  for (const BuildFileDiff& b : d.build_files)
    build_files.push_back(json{{"path", b.path}, {"change", std::string(to_string(b.change))}});
  json findings = json::array();
  for (const Finding& f : r.findings) findings.push_back(finding_json(f));
  json index = nullptr;
  if (from)
    index = json{{"url", from->index_url},
                 {"project", from->project},
                 {"old_version", from->old_version},
                 {"new_version", from->new_version},
                 {"old_url", from->old_file.url},
                 {"new_url", from->new_file.url}};
  return json{{"canary_version", std::string(kCanaryVersion)},
              {"index", std::move(index)},
              {"old", side_json(o)},
              {"new", side_json(n)},
              {"highlights",
               {{"new_pth", d.new_pth},
                {"changed_pth", d.changed_pth},
                {"entry_points", std::move(entry_points)},
                {"new_native", d.new_native},
                {"changed_native", d.changed_native},
                {"build_files", std::move(build_files)}}},
              {"files",
               {{"added", std::move(added)},
                {"removed", std::move(removed)},
                {"changed", std::move(changed)},
                {"unchanged", d.unchanged}}},
              {"new_findings", std::move(findings)},
              {"new_findings_score", display_score(r.score)},
              {"new_findings_verdict", std::string(to_string(r.verdict))},
              {"errors", r.errors}};
}

}  // namespace

int run_diff(const DiffArgs& args) {
  if (args.targets.size() != 2 && args.targets.size() != 3)
    return usage_error("expected two artifacts (canary diff OLD NEW) or a project and two versions (canary diff NAME V1 V2)");
  const bool from_index = args.targets.size() == 3;

  ScanSetup setup;
  if (int status = resolve_scan_setup(kCommand, args.scan, setup)) return status;
  if (int status = validate_scan_setup(setup)) return status;
  if (int status = load_scan_setup(!args.json && !args.scan.quiet, setup)) return status;

  // NAME V1 V2: the two files come from the index, and are shown by their file names.
  IndexPair pair;
  std::string old_path = args.targets[0], new_path = args.targets[1];
  if (from_index) {
    if (int status = fetch_index_pair(kCommand, args.index, args.targets[0], args.targets[1], args.targets[2],
                                      setup.args.quiet, pair))
      return status;
    old_path = pair.old_path.string();
    new_path = pair.new_path.string();
  }

  Side old_side, new_side;
  if (std::string e = load_side(setup, old_path, old_side); !e.empty()) return unreadable(old_path, e);
  if (std::string e = load_side(setup, new_path, new_side); !e.empty()) return unreadable(new_path, e);
  if (from_index) {
    old_side.path = pair.old_file.filename;
    new_side.path = pair.new_file.filename;
  }

  DiffResult result;
  result.files = diff_snapshots(old_side.snapshot, new_side.snapshot);
  result.findings = new_findings(old_side.report, old_side.snapshot.kind, new_side.report, new_side.snapshot.kind);
  result.score = compute_score(result.findings);
  result.verdict = verdict_for(result.score, setup.args.thresholds);
  result.errors = side_errors(old_side, new_side);

  const IndexPair* from = from_index ? &pair : nullptr;
  if (args.json)
    std::cout << diff_json(from, old_side, new_side, result).dump(2, ' ', false, json::error_handler_t::replace) << '\n';
  else print_text(std::cout, from, old_side, new_side, result, color_enabled(args.scan.color, STDOUT_FILENO));
  std::cout << std::flush;
  const std::optional<Verdict>& fail_on = setup.args.fail_on;
  return fail_on && result.verdict >= *fail_on ? kExitFailOn : kExitOk;
}

}  // namespace canary::cli
