// The compatibility tags of a wheel file name (PEP 425, PEP 427) and how well
// a wheel fits an interpreter whose supported tags are known: what lets
// `canary install` pick the one wheel pip would accept.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace canary::registry {

// Every python-abi-platform combination the file name says the wheel fits,
// as "py3-none-any"; "NAME-V-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
// gives two. Empty when the name is not a wheel's.
std::vector<std::string> wheel_tags(const std::string& filename);

// A pure-Python wheel any Python 3 accepts: abi "none", platform "any" and a
// python tag py3 or py3N (py2.py3 included).
bool is_pure_python3_wheel(const std::string& filename);

// The position in `supported` (best first, as `pip debug --verbose` lists
// them) of the best tag of the wheel; nullopt when none fits.
std::optional<size_t> wheel_rank(const std::string& filename, const std::vector<std::string>& supported);

}  // namespace canary::registry
