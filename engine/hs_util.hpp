// Thin RAII over Hyperscan: databases, scratch, and error messages that point
// into the rule file.
#pragma once
#include <hs.h>

#include <string>
#include <string_view>
#include <vector>

namespace canary {

class HsDatabase {
 public:
  explicit HsDatabase(hs_database_t* db) : db_(db) {}
  ~HsDatabase() { hs_free_database(db_); }
  HsDatabase(const HsDatabase&) = delete;
  HsDatabase& operator=(const HsDatabase&) = delete;
  hs_database_t* get() const { return db_; }

 private:
  hs_database_t* db_;
};

class HsScratch {
 public:
  HsScratch() = default;
  ~HsScratch() { if (s_) hs_free_scratch(s_); }
  HsScratch(const HsScratch&) = delete;
  HsScratch& operator=(const HsScratch&) = delete;
  // Grows the scratch so it can be used with `db`.
  bool reserve_for(const hs_database_t* db);
  // Becomes a copy of `proto` (usable with every database it was grown for).
  bool clone_from(const HsScratch& proto);
  hs_scratch_t* get() const { return s_; }

 private:
  hs_scratch_t* s_ = nullptr;
};

// Regex flag letters (i, s, m) -> Hyperscan flags. Returns false on an unknown letter.
bool regex_flags_to_hs(std::string_view letters, unsigned& flags, char& bad);

// A literal as a Hyperscan regex: every byte that is not [A-Za-z0-9_] escaped as \xHH.
std::string escape_literal(std::string_view bytes);

struct RegexCheck {
  bool ok = false;
  std::string message;       // Hyperscan's message when !ok
  int error_offset = -1;     // offset inside the regex text, when Hyperscan names one
};

// True when the regex has a bounded repeat above 16 ({n}, {n,m}, {n,}).
bool has_large_repeat(std::string_view regex);

// Test-compiles one regex with `flags`, to name the culprit when a database
// of many does not compile.
RegexCheck check_regex(const std::string& regex, unsigned flags);

// Compiles a single-regex database (used for `matches` and `#match?`). On
// failure returns nullptr, Hyperscan's message, and the offset inside the
// regex when Hyperscan names one (else -1).
hs_database_t* compile_single(const std::string& regex, unsigned flags, std::string& error, int& error_offset);

// Hyperscan's own portable form of a compiled database, for the pack cache.
// serialize returns "" on failure; deserialize returns nullptr for bytes that
// are not a database this Hyperscan build can run (it checks its own header,
// version, platform and checksum).
std::string serialize_database(const HsDatabase& db);
hs_database_t* deserialize_database(std::string_view bytes);

// True if the database built by compile_single matches anywhere in `text`.
bool hs_matches(const HsDatabase& db, std::string_view text, HsScratch& scratch);

}  // namespace canary
