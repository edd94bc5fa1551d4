#include "known_bad.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "hs_util.hpp"

namespace canary {
namespace {

constexpr std::string_view kFormat = "canary-hashfeed";

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool is_hex_digest(std::string_view s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

bool is_domain(std::string_view s) {
  if (s.empty() || s.size() > 253 || s.find('.') == std::string_view::npos || s.front() == '.' || s.back() == '.')
    return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
  });
}

bool host_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

// One feed file's reader: every problem becomes "LABEL:LINE:COL: message".
class FeedParser {
 public:
  FeedParser(const std::string& label, std::vector<std::string>& errors) : label_(label), errors_(errors) {}

  bool run(std::string_view text, std::vector<KnownBadHash>& hashes, std::vector<KnownBadIoc>& iocs,
           std::string& feed_name) {
    const size_t before = errors_.size();
    toml::table root;
    try {
      root = toml::parse(text, label_);
    } catch (const toml::parse_error& e) {
      error(e.source(), "invalid TOML: " + std::string(e.description()));
      return false;
    }
    // The header first: a feed of another format or version is refused whole.
    const toml::node* format = root.get("format");
    const toml::node* version = root.get("format-version");
    if (!format || format->value<std::string>() != std::string(kFormat)) {
      error(format ? format->source() : toml::source_region{},
            "`format` must be \"" + std::string(kFormat) + "\" (is this a canary hash feed?)");
      return false;
    }
    if (!version || !version->is_integer()) {
      error(version ? version->source() : toml::source_region{}, "`format-version` must be an integer");
      return false;
    }
    if (int64_t v = version->as_integer()->get(); v != kHashFeedFormatVersion) {
      error(version->source(), "format-version " + std::to_string(v) + " is not supported (this canary reads " +
                                   std::to_string(kHashFeedFormatVersion) + ")");
      return false;
    }
    for (auto&& [key, node] : root) {
      std::string_view k = key.str();
      if (k == "format" || k == "format-version") continue;
      if (k == "name") read_string(k, node, feed_name);
      else if (k == "description" || k == "updated") {
        std::string ignored;
        read_string(k, node, ignored);
      } else if (k == "hash") read_entries(node, "hash", [&](const toml::table& t) { read_hash(t, hashes); });
      else if (k == "ioc") read_entries(node, "ioc", [&](const toml::table& t) { read_ioc(t, iocs); });
      else error(key.source(), "unknown key `" + std::string(k) + "` (known: format, format-version, name, description, updated, [[hash]], [[ioc]])");
    }
    if (feed_name.empty() && errors_.size() == before) error({}, "missing `name`");
    return errors_.size() == before;
  }

 private:
  void error(const toml::source_region& where, const std::string& message) {
    std::string pos;
    if (where.begin.line > 0) pos = ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column);
    errors_.push_back(label_ + pos + ": " + message);
  }

  std::string source_of(const toml::node& n) const { return label_ + ":" + std::to_string(n.source().begin.line); }

  bool read_string(std::string_view key, const toml::node& node, std::string& out) {
    if (const auto* s = node.as_string()) {
      out = s->get();
      return true;
    }
    error(node.source(), "`" + std::string(key) + "` must be a string");
    return false;
  }

  bool read_list(std::string_view key, const toml::node& node, std::vector<std::string>& out) {
    const toml::array* arr = node.as_array();
    if (!arr) {
      error(node.source(), "`" + std::string(key) + "` must be a list of strings");
      return false;
    }
    for (const toml::node& item : *arr) {
      if (const auto* s = item.as_string()) out.push_back(s->get());
      else error(item.source(), "`" + std::string(key) + "` must hold strings only");
    }
    return true;
  }

  template <class F>
  void read_entries(const toml::node& node, std::string_view what, F&& each) {
    const toml::array* arr = node.as_array();
    if (!arr || !arr->is_array_of_tables()) {
      error(node.source(), "`" + std::string(what) + "` must be an array of tables: [[" + std::string(what) + "]]");
      return;
    }
    for (const toml::node& item : *arr) each(*item.as_table());
  }

  // name, reason and references, shared by both entry kinds; false for an unknown key.
  template <class E>
  bool read_common(std::string_view k, const toml::node& node, E& e) {
    if (k == "name") return read_string(k, node, e.name), true;
    if (k == "reason") return read_string(k, node, e.reason), true;
    if (k == "references") return read_list(k, node, e.references), true;
    return false;
  }

  void read_hash(const toml::table& t, std::vector<KnownBadHash>& out) {
    KnownBadHash h;
    h.source = source_of(t);
    bool has_scope = false;
    const size_t before = errors_.size();
    for (auto&& [key, node] : t) {
      std::string_view k = key.str();
      if (read_common(k, node, h)) continue;
      if (k == "sha256") {
        if (read_string(k, node, h.sha256) && !is_hex_digest(h.sha256))
          error(node.source(), "`sha256` must be 64 hexadecimal digits");
        std::transform(h.sha256.begin(), h.sha256.end(), h.sha256.begin(), lower);
      } else if (k == "size") {
        const toml::value<int64_t>* v = node.as_integer();
        if (!v || v->get() < 0) error(node.source(), "`size` must be a whole number of bytes (0 or more)");
        else h.size = v->get();
      } else if (k == "scope") {
        std::string scope;
        has_scope = read_string(k, node, scope);
        if (scope == "file") h.scope = KnownBadScope::File;
        else if (scope == "artifact") h.scope = KnownBadScope::Artifact;
        else if (has_scope) error(node.source(), "`scope` must be \"file\" or \"artifact\", got \"" + scope + "\"");
      } else {
        error(key.source(), "unknown key `" + std::string(k) + "` in [[hash]] (known: sha256, scope, size, name, reason, references)");
      }
    }
    for (auto [field, present] : {std::pair{"sha256", !h.sha256.empty()}, std::pair{"scope", has_scope},
                                  std::pair{"name", !h.name.empty()}, std::pair{"reason", !h.reason.empty()}})
      if (!present && errors_.size() == before) error(t.source(), std::string("[[hash]] needs `") + field + "`");
    for (const KnownBadHash& other : out)
      if (other.sha256 == h.sha256 && other.scope == h.scope && errors_.size() == before)
        error(t.source(), "sha256 " + h.sha256 + " is listed twice (first at " + other.source + ")");
    if (errors_.size() == before) out.push_back(std::move(h));
  }

  void read_ioc(const toml::table& t, std::vector<KnownBadIoc>& out) {
    KnownBadIoc i;
    i.source = source_of(t);
    int values = 0;
    const size_t before = errors_.size();
    for (auto&& [key, node] : t) {
      std::string_view k = key.str();
      if (read_common(k, node, i)) continue;
      if (k == "domain") {
        ++values;
        i.kind = KnownBadIoc::Kind::Domain;
        if (read_string(k, node, i.value)) {
          std::transform(i.value.begin(), i.value.end(), i.value.begin(), lower);
          if (!is_domain(i.value)) error(node.source(), "`domain` must be a host name such as evil.example.com");
        }
      } else if (k == "url") {
        ++values;
        i.kind = KnownBadIoc::Kind::Url;
        if (read_string(k, node, i.value) && i.value.rfind("http://", 0) != 0 && i.value.rfind("https://", 0) != 0)
          error(node.source(), "`url` must start with http:// or https://");
      } else {
        error(key.source(), "unknown key `" + std::string(k) + "` in [[ioc]] (known: domain, url, name, reason, references)");
      }
    }
    if (values != 1 && errors_.size() == before) error(t.source(), "[[ioc]] needs exactly one of `domain` and `url`");
    if (i.reason.empty() && errors_.size() == before) error(t.source(), "[[ioc]] needs `reason`");
    if (i.name.empty()) i.name = i.value;
    if (errors_.size() == before) out.push_back(std::move(i));
  }

  const std::string& label_;
  std::vector<std::string>& errors_;
};

std::string describe_entry(const std::string& name, const std::string& reason, const std::vector<std::string>& refs,
                           const std::string& source) {
  std::string out = name + ": " + reason + " (";
  if (!refs.empty()) out += refs.front() + "; ";
  return out + source + ")";
}

}  // namespace

std::string describe(const KnownBadHash& h) { return describe_entry(h.name, h.reason, h.references, h.source); }
std::string describe(const KnownBadIoc& i) { return describe_entry(i.name, i.reason, i.references, i.source); }

KnownBad::KnownBad() = default;
KnownBad::~KnownBad() = default;

bool KnownBad::add_feed_text(std::string_view text, const std::string& label, std::vector<std::string>& errors) {
  std::vector<KnownBadHash> hashes;
  std::vector<KnownBadIoc> iocs;
  std::string name;
  if (!FeedParser(label, errors).run(text, hashes, iocs, name)) return false;
  // The first feed to list a digest names it; later ones add nothing to
  // what a finding shows, but every file entry counts for the size gate, so
  // that one feed's wrong or missing size cannot hide another's digest.
  for (KnownBadHash& h : hashes) {
    if (h.scope == KnownBadScope::File) {
      ++file_entries_;
      if (h.size < 0) unsized_file_entries_ = true;
      else file_sizes_.insert(static_cast<uint64_t>(h.size));
    }
    std::string key = (h.scope == KnownBadScope::File ? "f" : "a") + h.sha256;
    hashes_.emplace(std::move(key), std::move(h));
  }
  size_t n_hashes = hashes.size(), n_iocs = iocs.size();
  for (KnownBadIoc& i : iocs) iocs_.push_back(std::move(i));
  feeds_.push_back(label + " (" + name + ", " + std::to_string(n_hashes) + " hashes, " + std::to_string(n_iocs) +
                   " indicators)");
  return true;
}

bool KnownBad::add_feed_file(const std::filesystem::path& path, std::vector<std::string>& errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    errors.push_back(path.string() + ": cannot read hash feed");
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return add_feed_text(ss.str(), path.string(), errors);
}

bool KnownBad::finish(std::string& error) {
  database_.reset();
  if (iocs_.empty()) return true;
  std::vector<std::string> patterns;
  std::vector<const char*> ptrs;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < iocs_.size(); ++i) patterns.push_back(escape_literal(iocs_[i].value));
  for (size_t i = 0; i < iocs_.size(); ++i) {
    ptrs.push_back(patterns[i].c_str());
    flags.push_back(HS_FLAG_CASELESS);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(ptrs.data(), flags.data(), ids.data(), static_cast<unsigned>(ptrs.size()), HS_MODE_BLOCK,
                       nullptr, &db, &err) != HS_SUCCESS) {
    error = std::string("cannot compile the indicator database: ") + (err && err->message ? err->message : "unknown error");
    hs_free_compile_error(err);
    return false;
  }
  database_ = std::make_unique<HsDatabase>(db);
  return true;
}

bool KnownBad::may_list_file(uint64_t size) const {
  if (file_entries_ == 0) return false;
  return unsized_file_entries_ || file_sizes_.count(size) > 0;
}

const KnownBadHash* KnownBad::find(std::string_view sha256_hex, KnownBadScope scope) const {
  if (sha256_hex.empty()) return nullptr;
  auto it = hashes_.find((scope == KnownBadScope::File ? "f" : "a") + std::string(sha256_hex));
  return it == hashes_.end() ? nullptr : &it->second;
}

KnownBad::IocHits KnownBad::scan(std::string_view content, HsScratch& scratch) const {
  IocHits hits;
  if (!database_ || content.empty() || content.size() > 0xffffffffu) return hits;
  struct Ctx {
    const KnownBad* self;
    std::string_view content;
    IocHits* hits;
  } ctx{this, content, &hits};
  auto on_match = [](unsigned id, unsigned long long, unsigned long long to, unsigned, void* p) -> int {
    auto* c = static_cast<Ctx*>(p);
    const KnownBadIoc& ioc = c->self->iocs_[id];
    const uint64_t begin = to - ioc.value.size();
    if (ioc.kind == KnownBadIoc::Kind::Domain) {
      // A whole host name: `a.evil.example` holds `evil.example`, `notevil.example` does not.
      if (begin > 0 && host_char(c->content[begin - 1])) return 0;
      if (to < c->content.size() && host_char(c->content[to])) return 0;
    }
    ++c->hits->count;
    if (!c->hits->first || begin < c->hits->first_offset) {
      c->hits->first = &ioc;
      c->hits->first_offset = static_cast<uint32_t>(begin);
    }
    return 0;
  };
  if (!scratch.reserve_for(database_->get())) return hits;
  hs_scan(database_->get(), content.data(), static_cast<unsigned>(content.size()), 0, scratch.get(), on_match, &ctx);
  return hits;
}

}  // namespace canary
