#!/usr/bin/env bash
# Installs what building and testing canary needs on Debian/Ubuntu.
# Uses sudo when not run as root. Safe to run again: apt-get skips what is there.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config ca-certificates
  tao-pegtl-dev libtree-sitter-dev libhyperscan-dev libzip-dev zlib1g-dev libbz2-dev liblzma-dev libarchive-dev libcurl4-openssl-dev libssl-dev
  libcli11-dev libtomlplusplus-dev nlohmann-json3-dev catch2
  # Real wheels the tests scan as known-benign inputs.
  python3-pip-whl python3-setuptools-whl python3-wheel-whl
  # Tests: SARIF schema validation, YAML of action.yml, pip for `canary install`.
  python3-jsonschema python3-yaml python3-pip
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
