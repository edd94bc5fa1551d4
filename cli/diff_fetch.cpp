#include "diff_fetch.hpp"

#include <iostream>

#include "exit_status.hpp"
#include "index_lookup.hpp"
#include "registry/index_client.hpp"
#include "registry/release_signals.hpp"
#include "terminal.hpp"

namespace canary::cli {

using namespace canary::registry;

namespace {

// "py3-none-any" of "pkg-1.0-py3-none-any.whl": the last three fields.
std::string wheel_tags(const std::string& filename) {
  std::string stem = filename.substr(0, filename.size() - 4);  // ".whl"
  size_t cut = stem.size();
  for (int fields = 0; fields < 3 && cut != std::string::npos && cut > 0; ++fields) cut = stem.rfind('-', cut - 1);
  return cut == std::string::npos ? stem : stem.substr(cut + 1);
}

std::vector<const DistFile*> of_kind(const std::vector<const DistFile*>& files, DistKind kind) {
  std::vector<const DistFile*> out;
  for (const DistFile* f : files)
    if (f->kind == kind) out.push_back(f);
  return out;
}

std::string kind_text(const std::string& only) { return only.empty() ? "wheel or sdist" : only; }

std::string file_names(const std::vector<const DistFile*>& files) {
  std::string out;
  for (const DistFile* f : files) out += (out.empty() ? "" : ", ") + f->filename;
  return out.empty() ? "no files" : out;
}

std::string resolve(const ProjectPage& page, const std::string& name, const std::string& wanted, const std::string& index) {
  std::string nearby;
  std::string v = find_version(page, wanted, nearby);
  if (v.empty())
    throw IndexError(IndexErrorKind::NoVersion, "no version " + wanted + " of " + name + " on " + index +
                                                    (nearby.empty() ? "" : " (nearby versions: " + nearby + ")"));
  return v;
}

// The verified bytes of `file`, or an error message.
std::string download(IndexClient& client, const DistFile& file, std::filesystem::path& path) {
  Download d = client.download(file);
  if (d.digest_mismatch)
    return file.filename + " does not match the sha256 the index publishes (published " + file.sha256 +
           ", received " + d.actual_sha256 + "); it was not compared";
  if (!d.ok()) return d.error.empty() ? "cannot download " + file.url : d.error;
  path = d.path;
  return "";
}

}  // namespace

std::optional<std::pair<const DistFile*, const DistFile*>> pair_release_files(const std::vector<const DistFile*>& old_files,
                                                                              const std::vector<const DistFile*>& new_files,
                                                                              const std::string& only) {
  if (only != "sdist") {
    auto a = of_kind(old_files, DistKind::Wheel), b = of_kind(new_files, DistKind::Wheel);
    for (const DistFile* x : a)
      for (const DistFile* y : b)
        if (wheel_tags(x->filename) == wheel_tags(y->filename)) return std::make_pair(x, y);
    if (!a.empty() && !b.empty()) return std::make_pair(a.front(), b.front());
    if (only == "wheel") return std::nullopt;
  }
  auto a = of_kind(old_files, DistKind::Sdist), b = of_kind(new_files, DistKind::Sdist);
  if (!a.empty() && !b.empty()) return std::make_pair(a.front(), b.front());
  return std::nullopt;
}

int fetch_index_pair(const char* command, const IndexArgs& args, const std::string& name, const std::string& v1,
                     const std::string& v2, bool quiet, IndexPair& out) {
  IndexSettings settings;
  if (int status = resolve_index_settings(command, args, settings)) return status;
  IndexClient client(settings);
  client.on_note = [quiet](const std::string& note) {
    if (!quiet) std::cerr << "diff: " << escape_for_terminal(note) << '\n';
  };
  auto error = [command](const std::string& message, int status) {
    std::cerr << command << ": error: " << escape_for_terminal(message) << '\n';
    return status;
  };
  out.index_url = client.settings().index_url;
  try {
    ProjectPage page = client.project(name);
    out.project = page.name;
    out.old_version = resolve(page, name, v1, out.index_url);
    out.new_version = resolve(page, name, v2, out.index_url);
    auto old_files = release_files(page, out.old_version), new_files = release_files(page, out.new_version);
    auto pair = pair_release_files(old_files, new_files, args.only);
    if (!pair)
      throw IndexError(IndexErrorKind::NoFiles, name + " " + out.old_version + " and " + out.new_version + " have no " +
                                                    kind_text(args.only) + " in common (" + out.old_version + ": " +
                                                    file_names(old_files) + "; " + out.new_version + ": " +
                                                    file_names(new_files) + ")");
    out.old_file = *pair->first;
    out.new_file = *pair->second;
    if (std::string e = download(client, out.old_file, out.old_path); !e.empty()) throw IndexError(IndexErrorKind::Network, e);
    if (std::string e = download(client, out.new_file, out.new_path); !e.empty()) throw IndexError(IndexErrorKind::Network, e);
  } catch (const IndexError& e) {
    int status = error(e.what(), index_error_status(e));
    for (const std::string& m : client.missing()) std::cerr << "  missing from the cache: " << escape_for_terminal(m) << '\n';
    return args.offline && !client.missing().empty() ? kExitUnreadable : status;
  }
  return kExitOk;
}

}  // namespace canary::cli
