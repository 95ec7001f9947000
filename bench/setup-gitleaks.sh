#!/bin/sh
# Optional setup for `npm run bench:scan-tree`: installs Debian trixie's gitleaks package on a bookworm
# machine without touching the system's package lists or upgrading anything. How: a throw-away apt
# configuration whose only source is trixie (its own lists and cache in a temp directory) downloads the
# one .deb; dpkg installs it. gitleaks is a static Go binary, so trixie's libraries are not needed.
# Run as root (or with sudo). Does nothing when gitleaks is already on PATH.
set -eu
if command -v gitleaks >/dev/null 2>&1; then
  echo "gitleaks already installed: $(gitleaks version 2>/dev/null || true)"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/archives/partial" "$work/etc/preferences.d"
cat > "$work/trixie.sources" <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
apt_opts="-o Dir::Etc::SourceList=$work/trixie.sources -o Dir::Etc::SourceParts=/dev/null
  -o Dir::Etc::PreferencesParts=$work/etc/preferences.d -o Dir::State::Lists=$work/lists
  -o Dir::Cache=$work -o Dir::Cache::archives=$work/archives -o Dir::State::status=/var/lib/dpkg/status
  -o APT::Get::List-Cleanup=false -o APT::Sandbox::User=root"
# shellcheck disable=SC2086
apt-get $apt_opts update -qq
# shellcheck disable=SC2086
(cd "$work" && apt-get $apt_opts download gitleaks)
deb=$(ls "$work"/gitleaks_*.deb)
# No dependency resolution on purpose: the binary is static; --force-depends only covers a libc version
# pin the package declares against trixie's newer libc.
dpkg -i --force-depends "$deb"
gitleaks version
