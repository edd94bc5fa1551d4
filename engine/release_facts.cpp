#include "release_facts.hpp"

#include <charconv>
#include <variant>

namespace canary {
namespace {

using Member = std::variant<bool ReleaseFacts::*, int64_t ReleaseFacts::*, std::string ReleaseFacts::*>;

struct Field {
  std::string_view name;
  Member member;
};

// One row per fact: the DSL name and where the value lives.
const Field kFields[] = {
    {"release.known", &ReleaseFacts::known},
    {"release.name", &ReleaseFacts::name},
    {"release.version", &ReleaseFacts::version},
    {"release.age_hours", &ReleaseFacts::age_hours},
    {"release.cooldown_hours", &ReleaseFacts::cooldown_hours},
    {"release.interval_hours", &ReleaseFacts::interval_hours},
    {"release.usual_interval_hours", &ReleaseFacts::usual_interval_hours},
    {"release.off_cadence", &ReleaseFacts::off_cadence},
    {"release.author_changed", &ReleaseFacts::author_changed},
    {"release.author", &ReleaseFacts::author},
    {"release.previous_author", &ReleaseFacts::previous_author},
    {"release.provenance", &ReleaseFacts::provenance},
    {"release.previous_provenance", &ReleaseFacts::previous_provenance},
    {"release.publisher", &ReleaseFacts::publisher},
    {"release.previous_publisher", &ReleaseFacts::previous_publisher},
    {"release.publisher_seen", &ReleaseFacts::publisher_seen},
    {"release.has_project_url", &ReleaseFacts::has_project_url},
    {"release.yanked", &ReleaseFacts::yanked},
    {"release.yanked_reason", &ReleaseFacts::yanked_reason},
    {"release.version_jump", &ReleaseFacts::version_jump},
    {"release.release_count", &ReleaseFacts::release_count},
    {"release.project_age_hours", &ReleaseFacts::project_age_hours},
    {"release.known_malicious", &ReleaseFacts::known_malicious},
    {"release.advisory", &ReleaseFacts::advisory},
};

const Field* find_field(std::string_view name) {
  for (const Field& f : kFields)
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace

const std::vector<std::string_view>& release_fact_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (const Field& f : kFields) v.push_back(f.name);
    return v;
  }();
  return names;
}

bool get_release_fact(const ReleaseFacts& facts, std::string_view name, ReleaseFactValue& out) {
  const Field* f = find_field(name);
  if (!f) return false;
  if (auto* b = std::get_if<bool ReleaseFacts::*>(&f->member)) {
    out.type = ReleaseFactValue::Type::Bool;
    out.boolean = facts.*(*b);
  } else if (auto* i = std::get_if<int64_t ReleaseFacts::*>(&f->member)) {
    out.type = ReleaseFactValue::Type::Int;
    out.number = facts.*(*i);
  } else {
    out.type = ReleaseFactValue::Type::String;
    out.text = facts.*(std::get<std::string ReleaseFacts::*>(f->member));
  }
  return true;
}

bool set_release_fact(ReleaseFacts& facts, std::string_view name, std::string_view value, std::string& error) {
  const Field* f = find_field(name);
  if (!f) {
    error = "unknown release fact '" + std::string(name) + "'";
    return false;
  }
  if (auto* b = std::get_if<bool ReleaseFacts::*>(&f->member)) {
    if (value != "true" && value != "false") {
      error = std::string(name) + " must be true or false, got '" + std::string(value) + "'";
      return false;
    }
    facts.*(*b) = value == "true";
  } else if (auto* i = std::get_if<int64_t ReleaseFacts::*>(&f->member)) {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size()) {
      error = std::string(name) + " must be an integer, got '" + std::string(value) + "'";
      return false;
    }
    facts.*(*i) = n;
  } else {
    facts.*(std::get<std::string ReleaseFacts::*>(f->member)) = std::string(value);
  }
  facts.known = true;
  return true;
}

}  // namespace canary
