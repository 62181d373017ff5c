# Sourced by the install scripts: installs the given Debian packages with apt
# (through sudo when not root), quietly and without recommended packages.
# Callers decide what is missing; with no package it does nothing.
apt_install() {
  [ "$#" -gt 0 ] || return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  DEBIAN_FRONTEND=noninteractive ${sudo} apt-get update -qq
  DEBIAN_FRONTEND=noninteractive ${sudo} apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
