#include "evaluate.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>

#include "hs_util.hpp"

namespace canary {
namespace {

bool iequals_find(std::string_view hay, std::string_view needle) {
  auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != hay.end();
}

}  // namespace

int64_t saturated(uint64_t v) { return v > uint64_t(INT64_MAX) ? INT64_MAX : int64_t(v); }

int64_t compression_ratio(const Entry& e) {
  if (e.compressed_size == 0) return 0;
  return saturated(std::max(e.declared_size, e.inflated_size) / e.compressed_size);
}

uint64_t FileEvaluation::pattern_count(const CompiledRule& rule, int pattern) const {
  uint64_t n = 0;
  for (int a : rule.patterns[pattern].atoms) {
    const Atom& atom = pack_.atoms[a];
    if (atom.kind == Atom::Kind::Path) n += atom.glob.matches(facts_.path) ? 1 : 0;
    else n += hits_[a].count;
  }
  return n;
}

namespace {

void collect_release_facts(const CExpr& e, std::vector<std::string>& out) {
  if (e.op == CExpr::Op::Fact && e.fact == Fact::Release && std::find(out.begin(), out.end(), e.text) == out.end())
    out.push_back(e.text);
  for (const CExpr& k : e.kids) collect_release_facts(k, out);
}

}  // namespace

LongestLine longest_line(std::string_view text) {
  LongestLine best;
  const size_t n = text.size();
  size_t at = 0;  // a line start
  while (at < n) {
    // A line from `at` beats the best only with best.length + 1 bytes and no
    // line feed. A line feed among them ends every line that starts before
    // it, each no longer than the best: go on after the last one. So most
    // lines are stepped over a best line's length at a time, not one by one.
    const size_t probe = std::min(n - at, best.length + 1);
    if (const void* last = memrchr(text.data() + at, '\n', probe)) {
      at = static_cast<size_t>(static_cast<const char*>(last) - text.data()) + 1;
      continue;
    }
    const void* nl = std::memchr(text.data() + at + probe, '\n', n - at - probe);
    const size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) : n;
    if (end - at > best.length) best = {end - at, at};
    at = end + 1;
  }
  return best;
}

int64_t longest_line_fact(const FileFacts& facts) {
  if (facts.longest_line < 0) {
    const LongestLine l = longest_line(facts.content);
    facts.longest_line = saturated(l.length);
    facts.longest_line_at = static_cast<uint32_t>(l.offset);
  }
  return facts.longest_line;
}

bool condition_reads(const CExpr& e, Fact fact) {
  if (e.op == CExpr::Op::Fact && e.fact == fact) return true;
  for (const CExpr& k : e.kids)
    if (condition_reads(k, fact)) return true;
  return false;
}

namespace {

void collect_facts(const CExpr& e, std::vector<Fact>& out) {
  if (e.op == CExpr::Op::Fact && std::find(out.begin(), out.end(), e.fact) == out.end()) out.push_back(e.fact);
  for (const CExpr& k : e.kids) collect_facts(k, out);
}

// Facts whose value is visible in the report anyway (path, kind) or in the
// file itself (.pth line counts) are not repeated in the excerpt.
const char* described_name(Fact f) {
  switch (f) {
    case Fact::FileIsSymlink: return "file.is_symlink";
    case Fact::FileIsHardlink: return "file.is_hardlink";
    case Fact::FileIsSpecial: return "file.is_special";
    case Fact::FileTruncated: return "file.truncated";
    case Fact::FileDuplicate: return "file.duplicate";
    case Fact::FileDeclaredSize: return "file.declared_size";
    case Fact::FileCompressedSize: return "file.compressed_size";
    case Fact::FileCompressionRatio: return "file.compression_ratio";
    case Fact::FileBomb: return "file.bomb";
    case Fact::FileSizeMismatch: return "file.size_mismatch";
    case Fact::FileCrcMismatch: return "file.crc_mismatch";
    case Fact::FileSha256: return "file.sha256";
    case Fact::FileRecordStatus: return "file.record_status";
    case Fact::FileRecordAbsent: return "file.record_absent";
    case Fact::FileMetadataName: return "file.metadata_name";
    case Fact::FileMetadataVersion: return "file.metadata_version";
    case Fact::ArtifactName: return "artifact.name";
    case Fact::ArtifactVersion: return "artifact.version";
    case Fact::ArtifactPurePython: return "artifact.pure_python";
    case Fact::ArtifactEntryCount: return "artifact.entry_count";
    case Fact::ArtifactDeclaredBytes: return "artifact.declared_bytes";
    case Fact::FileKnownBad: return "file.known_bad";
    case Fact::FileIocHits: return "file.ioc_hits";
    case Fact::ArtifactSha256: return "artifact.sha256";
    case Fact::ArtifactKnownBad: return "artifact.known_bad";
    case Fact::ArtifactTyposquatOf: return "artifact.typosquat_of";
    case Fact::ArtifactTyposquatKind: return "artifact.typosquat_kind";
    case Fact::FileArchiveDepth: return "file.archive_depth";
    case Fact::FileArchiveNotOpened: return "file.archive_not_opened";
    case Fact::FileLongestLine: return "file.longest_line";
    default: return nullptr;
  }
}

}  // namespace

std::string FileEvaluation::describe_facts(int r) {
  const CompiledRule& rule = pack_.rules[r];
  std::vector<Fact> facts;
  collect_facts(rule.condition, facts);
  std::string out;
  for (Fact f : facts) {
    const char* name = described_name(f);
    if (!name) continue;
    CExpr probe;
    probe.op = CExpr::Op::Fact;
    probe.fact = f;
    std::string value, storage;
    switch (f) {
      case Fact::FileSha256: case Fact::FileRecordStatus: case Fact::FileMetadataName:
      case Fact::FileMetadataVersion: case Fact::ArtifactName: case Fact::ArtifactVersion: case Fact::ArtifactSha256:
      case Fact::ArtifactTyposquatOf: case Fact::ArtifactTyposquatKind: case Fact::FileArchiveNotOpened:
        value = "\"" + std::string(eval_string(probe, rule, storage)) + "\"";
        break;
      case Fact::FileDeclaredSize: case Fact::FileCompressedSize: case Fact::FileCompressionRatio:
      case Fact::FileRecordAbsent: case Fact::ArtifactEntryCount: case Fact::ArtifactDeclaredBytes:
      case Fact::FileIocHits: case Fact::FileArchiveDepth: case Fact::FileLongestLine:
        value = std::to_string(eval_int(probe, rule));
        break;
      default: value = eval_bool(probe, rule) ? "true" : "false";
    }
    if (!out.empty()) out += "; ";
    out += std::string(name) + " = " + value;
    if (!facts_.context) continue;
    // The detail behind a value, where one helps the reader act on it.
    if (f == Fact::FileRecordStatus && !facts_.context->record_detail().empty())
      out += " (" + facts_.context->record_detail() + ")";
    if (f == Fact::FileRecordAbsent && !facts_.context->first_absent().empty())
      out += " (first: " + facts_.context->first_absent() + ")";
    // What the feed says, so that the finding names its entry.
    if (f == Fact::FileKnownBad && facts_.context->known_bad_entry())
      out += " (sha256 " + facts_.context->sha256() + " is " + describe(*facts_.context->known_bad_entry()) + ")";
    if (f == Fact::ArtifactKnownBad && facts_.context->artifact().artifact_entry())
      out += " (sha256 " + facts_.context->artifact().sha256() + " is " +
             describe(*facts_.context->artifact().artifact_entry()) + ")";
    if (f == Fact::FileIocHits && facts_.context->ioc_hits().first) {
      const KnownBad::IocHits& hits = facts_.context->ioc_hits();
      out += " (first: " + hits.first->value + " on line " + std::to_string(facts_.context->line_of(hits.first_offset)) + ", " +
             describe(*hits.first) + ")";
    }
  }
  std::vector<std::string> release;
  collect_release_facts(rule.condition, release);
  for (const std::string& name : release) {
    ReleaseFactValue v = release_value(name);
    if (!out.empty()) out += "; ";
    out += name + " = ";
    switch (v.type) {
      case ReleaseFactValue::Type::Bool: out += v.boolean ? "true" : "false"; break;
      case ReleaseFactValue::Type::Int: out += std::to_string(v.number); break;
      case ReleaseFactValue::Type::String: out += "\"" + std::string(v.text) + "\""; break;
    }
    // The string behind a flag, so the finding says what changed.
    std::string detail;
    if (name == "release.yanked") detail = std::string(release_value("release.yanked_reason").text);
    if (name == "release.author_changed")
      detail = "was \"" + std::string(release_value("release.previous_author").text) + "\", now \"" +
               std::string(release_value("release.author").text) + "\"";
    if (name == "release.previous_provenance") detail = std::string(release_value("release.previous_publisher").text);
    if (name == "release.version_jump") detail = "to " + std::string(release_value("release.version").text);
    if (name == "release.known_malicious") detail = std::string(release_value("release.advisory").text);
    if (!detail.empty() && v.type != ReleaseFactValue::Type::String && (v.boolean || v.number > 0))
      out += " (" + detail + ")";
  }
  return out;
}

ReleaseFactValue FileEvaluation::release_value(const std::string& name) const {
  static const ReleaseFacts unknown;
  ReleaseFactValue v;
  get_release_fact(facts_.release ? *facts_.release : unknown, name, v);
  return v;
}

bool FileEvaluation::evaluate_rule(int r) {
  const CompiledRule& rule = pack_.rules[r];
  result_[r] = eval_bool(rule.condition, rule) ? 1 : 0;
  return result_[r] != 0;
}

bool FileEvaluation::eval_bool(const CExpr& e, const CompiledRule& rule) {
  using Op = CExpr::Op;
  switch (e.op) {
    case Op::Bool: return e.boolean;
    case Op::PatternMatch: return pattern_count(rule, e.pattern) > 0;
    case Op::RuleRef: return result_[e.rule] != 0;
    case Op::Fact:
      switch (e.fact) {
        case Fact::Release: return release_value(e.text).boolean;
        case Fact::FileUnsafePath: return facts_.unsafe_path;
        case Fact::FileIsSymlink: return facts_.is_symlink;
        case Fact::FileTruncated: return facts_.truncated;
        case Fact::PthKnownShim: return facts_.pth && facts_.pth->known_shim;
        case Fact::FileIsHardlink: return facts_.entry && facts_.entry->is_hardlink;
        case Fact::FileIsSpecial: return facts_.entry && facts_.entry->is_special;
        case Fact::FileBomb: return facts_.entry && facts_.entry->bomb;
        case Fact::FileSizeMismatch: return facts_.entry && facts_.entry->size_mismatch;
        case Fact::FileCrcMismatch: return facts_.entry && facts_.entry->crc_mismatch;
        case Fact::FileDuplicate: return facts_.context && facts_.context->duplicate();
        case Fact::ArtifactPurePython: return facts_.context && facts_.context->artifact().pure_python();
        case Fact::FileDecoded: return facts_.decoded;
        case Fact::FileKnownBad: return facts_.context && facts_.context->known_bad_entry();
        case Fact::ArtifactKnownBad: return facts_.context && facts_.context->artifact().artifact_entry();
        default: return false;
      }
    case Op::Not: return !eval_bool(e.kids[0], rule);
    case Op::And:
      for (const CExpr& k : e.kids)
        if (!eval_bool(k, rule)) return false;
      return true;
    case Op::Or:
      for (const CExpr& k : e.kids)
        if (eval_bool(k, rule)) return true;
      return false;
    case Op::Of: {
      int64_t total = static_cast<int64_t>(e.of_patterns.size() + e.of_rules.size());
      int64_t hit = 0;
      for (int p : e.of_patterns) hit += pattern_count(rule, p) > 0;
      for (int r : e.of_rules) hit += result_[r] != 0;
      switch (e.quant) {
        case CExpr::Quant::Any: return hit > 0;
        case CExpr::Quant::All: return hit == total;
        case CExpr::Quant::None: return hit == 0;
        case CExpr::Quant::AtLeast: return hit >= e.quantity;
      }
      return false;
    }
    case Op::Eq:
    case Op::Ne: {
      bool eq;
      if (e.kids[0].type == ValueType::Int) {
        eq = eval_int(e.kids[0], rule) == eval_int(e.kids[1], rule);
      } else if (e.kids[0].type == ValueType::Bool) {
        eq = eval_bool(e.kids[0], rule) == eval_bool(e.kids[1], rule);
      } else {
        std::string s1, s2;
        eq = eval_string(e.kids[0], rule, s1) == eval_string(e.kids[1], rule, s2);
      }
      return e.op == Op::Eq ? eq : !eq;
    }
    case Op::Lt: return eval_int(e.kids[0], rule) < eval_int(e.kids[1], rule);
    case Op::Le: return eval_int(e.kids[0], rule) <= eval_int(e.kids[1], rule);
    case Op::Gt: return eval_int(e.kids[0], rule) > eval_int(e.kids[1], rule);
    case Op::Ge: return eval_int(e.kids[0], rule) >= eval_int(e.kids[1], rule);
    case Op::Contains:
    case Op::IContains:
    case Op::StartsWith:
    case Op::EndsWith: {
      std::string s1, s2;
      std::string_view a = eval_string(e.kids[0], rule, s1), b = eval_string(e.kids[1], rule, s2);
      if (e.op == Op::Contains) return a.find(b) != std::string_view::npos;
      if (e.op == Op::IContains) return iequals_find(a, b);
      if (e.op == Op::StartsWith) return a.substr(0, b.size()) == b;
      return a.size() >= b.size() && a.substr(a.size() - b.size()) == b;
    }
    case Op::Matches: {
      if (e.regex < 0) return false;
      std::string s;
      std::string_view text = eval_string(e.kids[0], rule, s);
      return hs_matches(*pack_.string_regexes[e.regex], text, scratch_);
    }
    default: return false;
  }
}

int64_t FileEvaluation::eval_int(const CExpr& e, const CompiledRule& rule) {
  using Op = CExpr::Op;
  switch (e.op) {
    case Op::Int: return e.number;
    case Op::PatternCount: return static_cast<int64_t>(pattern_count(rule, e.pattern));
    case Op::Add:
    case Op::Sub: {
      // Saturate rather than overflow: counts and sizes come from hostile input.
      int64_t a = eval_int(e.kids[0], rule), b = eval_int(e.kids[1], rule), r;
      bool over = e.op == Op::Add ? __builtin_add_overflow(a, b, &r) : __builtin_sub_overflow(a, b, &r);
      if (!over) return r;
      bool positive = e.op == Op::Add ? b > 0 : b < 0;
      return positive ? INT64_MAX : INT64_MIN;
    }
    case Op::Fact:
      switch (e.fact) {
        case Fact::Release: return release_value(e.text).number;
        case Fact::FileSize: return static_cast<int64_t>(facts_.size);
        case Fact::FileDepth: return facts_.depth;
        case Fact::PthExecLines: return facts_.pth ? facts_.pth->exec_lines : 0;
        case Fact::PthPathLines: return facts_.pth ? facts_.pth->path_lines : 0;
        case Fact::PthCommentLines: return facts_.pth ? facts_.pth->comment_lines : 0;
        case Fact::FileIndex: return facts_.index;
        case Fact::FileArchiveIndex: return facts_.archive_index;
        case Fact::FileDeclaredSize: return facts_.entry ? saturated(facts_.entry->declared_size) : 0;
        case Fact::FileCompressedSize: return facts_.entry ? saturated(facts_.entry->compressed_size) : 0;
        case Fact::FileCompressionRatio: return facts_.entry ? compression_ratio(*facts_.entry) : 0;
        case Fact::FileRecordAbsent: return facts_.context ? facts_.context->record_absent() : 0;
        case Fact::FileIocHits: return facts_.context ? facts_.context->ioc_hits().count : 0;
        case Fact::ArtifactEntryCount:
          return facts_.context ? saturated(facts_.context->artifact().entry_count()) : 0;
        case Fact::ArtifactDeclaredBytes:
          return facts_.context ? saturated(facts_.context->artifact().declared_bytes()) : 0;
        case Fact::FileDecodeDepth: return facts_.decode_depth;
        case Fact::FileDecodedBlobs: return facts_.decoded_blobs;
        case Fact::FileMarshalBlobs: return facts_.marshal_blobs;
        case Fact::FileArchiveDepth: return facts_.entry ? facts_.entry->archive_depth : 1;
        case Fact::FileLongestLine: return longest_line_fact(facts_);
        default: return 0;
      }
    default: return 0;
  }
}

std::string_view FileEvaluation::eval_string(const CExpr& e, const CompiledRule&, std::string& storage) {
  if (e.op == CExpr::Op::String) return e.text;
  if (e.op != CExpr::Op::Fact) return {};
  switch (e.fact) {
    case Fact::FilePath: return facts_.path;
    case Fact::FileName: return facts_.name;
    case Fact::FileKind: return to_string(facts_.kind);
    case Fact::ArtifactKind: return to_string(facts_.artifact_kind);
    case Fact::FileDecodeChain: return facts_.decode_chain;
    case Fact::FileArchiveNotOpened: return facts_.entry ? facts_.entry->not_opened : std::string_view();
    case Fact::Release: return release_value(e.text).text;
    default: break;
  }
  if (!facts_.context) return storage;
  switch (e.fact) {
    case Fact::FileSha256: return facts_.context->sha256();
    case Fact::FileRecordStatus: return facts_.context->record_status();
    case Fact::FileMetadataName: return facts_.context->metadata_name();
    case Fact::FileMetadataVersion: return facts_.context->metadata_version();
    case Fact::ArtifactName: return facts_.context->artifact().name().name;
    case Fact::ArtifactVersion: return facts_.context->artifact().name().version;
    case Fact::ArtifactSha256: return facts_.context->artifact().sha256();
    case Fact::ArtifactTyposquatOf: {
      const TyposquatMatch* m = facts_.context->artifact().typosquat();
      return m ? std::string_view(m->target) : std::string_view();
    }
    case Fact::ArtifactTyposquatKind: {
      const TyposquatMatch* m = facts_.context->artifact().typosquat();
      return m ? std::string_view(m->kind) : std::string_view();
    }
    default: return storage;
  }
}

}  // namespace canary
