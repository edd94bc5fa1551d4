#include "release_signals.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <set>

#include "pep440.hpp"

namespace canary::registry {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// "A <a@x>, B" -> {"a@x"}; names when no address is given.
std::set<std::string> addresses(const std::string& field) {
  std::set<std::string> out;
  size_t start = 0;
  while (start <= field.size()) {
    size_t comma = field.find(',', start);
    if (comma == std::string::npos) comma = field.size();
    std::string part = trim(field.substr(start, comma - start));
    size_t lt = part.find('<'), gt = part.find('>');
    if (lt != std::string::npos && gt != std::string::npos && gt > lt) part = part.substr(lt + 1, gt - lt - 1);
    if (!part.empty()) out.insert(lower(trim(part)));
    start = comma + 1;
  }
  return out;
}

// "NAME <EMAIL>", or whichever of the two is given (an e-mail field that
// already holds "Name <address>" is kept as it is).
std::string person(const std::string& name, const std::string& email) {
  if (email.empty()) return name;
  if (name.empty() || email.find('<') != std::string::npos) return email;
  return name + " <" + email + ">";
}

std::string who(const ReleaseInfo& r) {
  std::string out = person(r.author, r.author_email);
  std::string maintainer = person(r.maintainer, r.maintainer_email);
  if (!maintainer.empty()) out += (out.empty() ? "" : "; ") + maintainer;
  return out;
}

// Whether the people behind two releases share nobody: no e-mail address in
// common, or, when neither gives one, no name in common.
bool authors_differ(const ReleaseInfo& now, const ReleaseInfo& before) {
  std::set<std::string> a = addresses(now.author_email), b = addresses(before.author_email);
  for (const std::string& s : addresses(now.maintainer_email)) a.insert(s);
  for (const std::string& s : addresses(before.maintainer_email)) b.insert(s);
  if (a.empty() && b.empty()) {
    a = addresses(now.author);
    b = addresses(before.author);
    for (const std::string& s : addresses(now.maintainer)) a.insert(s);
    for (const std::string& s : addresses(before.maintainer)) b.insert(s);
  }
  if (a.empty() || b.empty()) return a != b;
  for (const std::string& s : a)
    if (b.count(s)) return false;
  return true;
}

// First and last upload of each release, by version text.
struct Span {
  int64_t first = INT64_MAX;
  int64_t last = INT64_MIN;
};
std::map<std::string, Span> upload_spans(const ProjectPage& page) {
  std::map<std::string, Span> spans;
  for (const DistFile& f : page.files) {
    auto t = parse_iso8601(f.upload_time);
    if (!t || f.version.empty()) continue;
    Span& s = spans[f.version];
    s.first = std::min(s.first, *t);
    s.last = std::max(s.last, *t);
  }
  return spans;
}

const Span* span_of(const std::map<std::string, Span>& spans, const std::string& version) {
  for (const auto& [v, s] : spans)
    if (compare_versions(v, version) == 0) return &s;
  return nullptr;
}

int64_t hours(int64_t seconds) { return seconds / 3600; }

int64_t major_of(const std::string& version) {
  Pep440Version v = parse_pep440(version);
  return v.valid && !v.release.empty() ? v.release[0] : 0;
}

std::string first_publisher(const std::optional<Provenance>& p) {
  return p && p->present && !p->publishers.empty() ? p->publishers.front() : "";
}

}  // namespace

std::optional<int64_t> parse_iso8601(const std::string& text) {
  std::tm tm{};
  int y, mo, d, h, mi, s;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  int64_t t = timegm(&tm);
  // A zone offset after the seconds (and fraction): "+02:00" means 2 h ahead of UTC.
  size_t zone = text.find_first_of("+-", 19);
  if (zone != std::string::npos && zone + 5 < text.size() + 1) {
    int oh = 0, om = 0;
    if (std::sscanf(text.c_str() + zone + 1, "%2d:%2d", &oh, &om) == 2)
      t += (text[zone] == '+' ? -1 : 1) * (oh * 3600 + om * 60);
  }
  return t;
}

std::string previous_version(const ProjectPage& page, const std::string& version) {
  std::string best;
  for (const std::string& v : page.versions)
    if (compare_versions(v, version) < 0 && (best.empty() || compare_versions(v, best) > 0)) best = v;
  return best;
}

std::vector<std::string> versions_before(const ProjectPage& page, const std::string& version, size_t count) {
  std::vector<std::string> out;
  for (auto it = page.versions.rbegin(); it != page.versions.rend() && out.size() < count; ++it)
    if (compare_versions(*it, version) < 0) out.push_back(*it);
  return out;
}

std::vector<const DistFile*> release_files(const ProjectPage& page, const std::string& version) {
  std::vector<const DistFile*> out;
  for (const DistFile& f : page.files)
    if (!f.version.empty() && compare_versions(f.version, version) == 0) out.push_back(&f);
  return out;
}

bool release_yanked(const ProjectPage& page, const std::string& version) {
  auto files = release_files(page, version);
  if (files.empty()) return false;
  return std::all_of(files.begin(), files.end(), [](const DistFile* f) { return f->yanked; });
}

ReleaseFacts compute_release_facts(const ReleaseEvidence& ev) {
  ReleaseFacts f;
  f.known = true;
  f.name = ev.page ? ev.page->name : "";
  f.version = ev.version;
  f.cooldown_hours = ev.cooldown_hours;
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(ev.now.time_since_epoch()).count();
  if (ev.page) {
    const ProjectPage& page = *ev.page;
    f.release_count = static_cast<int64_t>(page.versions.size());
    auto spans = upload_spans(page);
    const Span* mine = span_of(spans, ev.version);
    if (mine) f.age_hours = hours(now - mine->last);
    if (!spans.empty()) {
      int64_t first = INT64_MAX;
      for (const auto& [v, s] : spans) first = std::min(first, s.first);
      f.project_age_hours = hours(now - first);
    }
    // Cadence: the intervals between consecutive releases (by first
    // upload) before this one; the usual one is their median.
    if (mine) {
      std::vector<int64_t> starts;
      for (const auto& [v, s] : spans)
        if (s.first < mine->first) starts.push_back(s.first);
      std::sort(starts.begin(), starts.end());
      if (!starts.empty()) f.interval_hours = hours(mine->first - starts.back());
      std::vector<int64_t> gaps;
      for (size_t i = 1; i < starts.size(); ++i) gaps.push_back(starts[i] - starts[i - 1]);
      if (gaps.size() >= 2) {
        std::sort(gaps.begin(), gaps.end());
        int64_t median = gaps.size() % 2 ? gaps[gaps.size() / 2] : (gaps[gaps.size() / 2 - 1] + gaps[gaps.size() / 2]) / 2;
        f.usual_interval_hours = hours(median);
        int64_t interval = mine->first - starts.back();
        f.off_cadence = median > 0 && (interval * 10 < median || interval > median * 10);
      }
    }
    // Yanked: every file of the release is.
    auto files = release_files(page, ev.version);
    f.yanked = !files.empty() && std::all_of(files.begin(), files.end(), [](const DistFile* d) { return d->yanked; });
    if (f.yanked) f.yanked_reason = files.front()->yanked_reason;
    // Version jump over the highest earlier release.
    std::string highest;
    for (const std::string& v : page.versions)
      if (compare_versions(v, ev.version) < 0 && (highest.empty() || compare_versions(v, highest) > 0)) highest = v;
    if (!highest.empty()) f.version_jump = major_of(ev.version) - major_of(highest);
    // Provenance as the page lists it, refined by what was fetched.
    f.provenance = std::any_of(files.begin(), files.end(), [](const DistFile* d) { return !d->provenance_url.empty(); });
    if (!ev.previous_version.empty()) {
      auto prev = release_files(page, ev.previous_version);
      f.previous_provenance = std::any_of(prev.begin(), prev.end(), [](const DistFile* d) { return !d->provenance_url.empty(); });
    }
  }
  if (ev.provenance) f.provenance = ev.provenance->present;
  if (ev.previous_provenance) f.previous_provenance = ev.previous_provenance->present;
  f.publisher = first_publisher(ev.provenance);
  f.previous_publisher = first_publisher(ev.previous_provenance);
  if (ev.info) {
    f.author = who(*ev.info);
    f.has_project_url = !ev.info->home_page.empty() || !ev.info->project_urls.empty();
    if (ev.info->yanked) {
      f.yanked = true;
      if (f.yanked_reason.empty()) f.yanked_reason = ev.info->yanked_reason;
    }
  } else {
    f.has_project_url = true;  // unknown without the JSON API: not evidence of absence
  }
  if (ev.previous_info) f.previous_author = who(*ev.previous_info);
  // Changed: nobody of this release is in the previous one, nor in any
  // earlier one of the recent history that the index describes.
  if (ev.info && ev.previous_info) {
    f.author_changed = authors_differ(*ev.info, *ev.previous_info);
    for (const EarlierRelease& e : ev.earlier)
      if (f.author_changed && e.info) f.author_changed = authors_differ(*ev.info, *e.info);
  }
  // Seen: a publisher of the previous release or of one in the recent history.
  auto published_by = [&](const std::optional<Provenance>& p) {
    return p && p->present && std::find(p->publishers.begin(), p->publishers.end(), f.publisher) != p->publishers.end();
  };
  if (!f.publisher.empty()) {
    f.publisher_seen = published_by(ev.previous_provenance);
    for (const EarlierRelease& e : ev.earlier) f.publisher_seen = f.publisher_seen || published_by(e.provenance);
  }
  return f;
}

}  // namespace canary::registry
