#include "hs_util.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <regex>

namespace canary {

bool HsScratch::reserve_for(const hs_database_t* db) { return hs_alloc_scratch(db, &s_) == HS_SUCCESS; }

bool HsScratch::clone_from(const HsScratch& proto) {
  if (s_) hs_free_scratch(s_);
  s_ = nullptr;
  return !proto.s_ || hs_clone_scratch(proto.s_, &s_) == HS_SUCCESS;
}

bool regex_flags_to_hs(std::string_view letters, unsigned& flags, char& bad) {
  flags = 0;
  for (char c : letters) {
    switch (c) {
      case 'i': flags |= HS_FLAG_CASELESS; break;
      case 's': flags |= HS_FLAG_DOTALL; break;
      case 'm': flags |= HS_FLAG_MULTILINE; break;
      default: bad = c; return false;
    }
  }
  return true;
}

std::string escape_literal(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') {
      out += static_cast<char>(c);
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

namespace {
hs_database_t* compile_one(const std::string& regex, unsigned flags, std::string& error, int& offset) {
  // Hyperscan reads a C string: it would compile only the text before a NUL.
  if (const size_t nul = regex.find('\0'); nul != std::string::npos) {
    error = "a regex cannot hold a NUL byte (write \\x00)";
    offset = static_cast<int>(nul);
    return nullptr;
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* err = nullptr;
  if (hs_compile(regex.c_str(), flags, HS_MODE_BLOCK, nullptr, &db, &err) == HS_SUCCESS) return db;
  error = err && err->message ? err->message : "unknown Hyperscan error";
  hs_free_compile_error(err);
  // Hyperscan names the position as "... at index N." in its message.
  static const std::regex at_index(R"(at index (\d+))");
  std::smatch m;
  if (std::regex_search(error, m, at_index)) offset = std::stoi(m[1].str());
  return nullptr;
}
}  // namespace

bool has_large_repeat(std::string_view regex) {
  // Any {n}, {n,} or {n,m} whose bound exceeds 16, outside a character class.
  bool in_class = false;
  for (size_t i = 0; i < regex.size(); ++i) {
    char c = regex[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      continue;
    }
    if (c == '[') in_class = true;
    if (c != '{') continue;
    long bound = 0;
    size_t j = i + 1;
    while (j < regex.size() && (std::isdigit(static_cast<unsigned char>(regex[j])) || regex[j] == ',')) {
      if (regex[j] == ',') {
        bound = std::max(bound, 1L << 20);  // {n,} is unbounded
        if (j + 1 < regex.size() && std::isdigit(static_cast<unsigned char>(regex[j + 1]))) bound = 0;
      } else {
        bound = std::max(bound, std::min(bound * 10 + (regex[j] - '0'), 1L << 20));
      }
      ++j;
    }
    if (j < regex.size() && regex[j] == '}' && bound > 16) return true;
  }
  return false;
}

RegexCheck check_regex(const std::string& regex, unsigned flags) {
  RegexCheck r;
  int offset = -1;
  std::string error;
  if (hs_database_t* db = compile_one(regex, flags, error, offset)) {
    hs_free_database(db);
    r.ok = true;
    return r;
  }
  r.message = error;
  r.error_offset = offset;
  return r;
}

hs_database_t* compile_single(const std::string& regex, unsigned flags, std::string& error, int& error_offset) {
  error_offset = -1;
  return compile_one(regex, flags | HS_FLAG_SINGLEMATCH, error, error_offset);
}

std::string serialize_database(const HsDatabase& db) {
  char* bytes = nullptr;
  size_t length = 0;
  if (hs_serialize_database(db.get(), &bytes, &length) != HS_SUCCESS) return {};
  std::string out(bytes, length);
  std::free(bytes);  // Hyperscan allocates with the misc allocator, malloc by default
  return out;
}

hs_database_t* deserialize_database(std::string_view bytes) {
  hs_database_t* db = nullptr;
  if (bytes.empty() || hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) return nullptr;
  return db;
}

bool hs_matches(const HsDatabase& db, std::string_view text, HsScratch& scratch) {
  bool hit = false;
  hs_scan(db.get(), text.data(), static_cast<unsigned>(text.size()), 0, scratch.get(),
          [](unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) -> int {
            *static_cast<bool*>(ctx) = true;
            return 1;  // stop at the first match
          },
          &hit);
  return hit;
}

}  // namespace canary
