#!/usr/bin/env bash
# provision.sh - fetch real server binaries (Prometheus, promtool, VictoriaMetrics,
# Redis, InfluxDB 1.x, the Python prometheus_client parsers, Python gRPC) from Debian packages
# into a project cache folder, so tests can run against the real servers and checkers.
#
# Why: the only package sources reachable here (and in CI) are the npm registry and
# Debian's package mirrors; upstream release tarballs and container images cannot
# be fetched. So we take the binaries out of Debian's .deb files: a private apt
# configuration (own sources list, lists, cache and empty dpkg status, host apt
# configuration ignored) runs `apt-get update` and `apt-get download`, then
# `dpkg-deb -x` unpacks the packages. Nothing is installed system-wide, nothing
# under /etc or /var is touched, and root is not needed. Package signatures are
# verified against Debian's archive keyring.
#
# Usage: scripts/provision.sh [component...]
#   components: prometheus promtool prometheus3 promtool3 victoria-metrics redis
#               influxdb python-prometheus-client python-grpc (or: all)
#   default (no arguments): prometheus promtool
#
# Result: $METERLINE_CACHE/real-parts/bin/ (default <repo>/.cache/real-parts/bin/)
# holds prometheus, promtool (2.53), prometheus3, promtool3 (3.5 LTS),
# victoria-metrics, vmagent, redis-server, influxd: symlinks, or small wrappers
# that set LD_LIBRARY_PATH for bundled libraries; python-prometheus-client is the
# host's python3 with Debian's pure-Python prometheus_client on PYTHONPATH (its
# strict OpenMetrics parser judges our expositions); python-grpc is the host's python3
# with Debian's grpcio, grpc_tools and protobuf (C extensions, their shared libraries
# bundled on LD_LIBRARY_PATH): the third-party gRPC client of the gRPC services' tests.
# real-parts/versions.json lists what is there. A second run finds everything in
# place and exits without touching the network.
#
# Environment:
#   METERLINE_CACHE          cache root (default: <repo>/.cache)
#   METERLINE_DEBIAN_MIRROR  Debian mirror (default: http://deb.debian.org/debian)
#   METERLINE_DEBIAN_KEYRING keyring for signatures
#                            (default: /usr/share/keyrings/debian-archive-keyring.gpg)
set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO_ROOT=$(cd -- "$SCRIPT_DIR/.." && pwd -P)
CACHE_ROOT=${METERLINE_CACHE:-$REPO_ROOT/.cache}
case $CACHE_ROOT in /*) ;; *) CACHE_ROOT=$PWD/$CACHE_ROOT ;; esac
PARTS=$CACHE_ROOT/real-parts
BIN_DIR=$PARTS/bin
PKG_DIR=$PARTS/pkg
APT_DIR=$PARTS/apt
MIRROR=${METERLINE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
KEYRING=${METERLINE_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
ALL_COMPONENTS=(prometheus promtool prometheus3 promtool3 victoria-metrics redis influxdb python-prometheus-client python-grpc)
CUR_WORK='' # scratch folder of the component being fetched, removed on exit
# On exit drop the scratch folder and apt's package lists and caches (~250 MB;
# every run that has to fetch something runs `apt-get update` anyway).
cleanup() {
  rm -rf "${CUR_WORK:-/nonexistent}"
  [[ ! -d $APT_DIR ]] || find "$APT_DIR" -mindepth 2 -maxdepth 2 \( -name lists -o -name cache \) -exec rm -rf {} +
}
trap cleanup EXIT

say() { printf 'provision: %s\n' "$*"; }
die() { printf 'provision: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<EOF
usage: scripts/provision.sh [component...]
  components: ${ALL_COMPONENTS[*]} (or: all); default: prometheus promtool
  binaries end up in \${METERLINE_CACHE:-<repo>/.cache}/real-parts/bin/
EOF
}

# ---------------------------------------------------------------- components
# Debian suite the component comes from.
comp_suite() {
  case $1 in
    prometheus | promtool) echo trixie ;;
    victoria-metrics) echo unstable ;; # 1.145 (trixie has 1.112)
    prometheus3 | promtool3) echo unstable ;; # Prometheus 3.5 LTS: only unstable has it
    redis | influxdb) echo bookworm ;;
    python-prometheus-client) echo bookworm ;; # pure Python; runs on the host's python3 (3.11)
    python-grpc) echo bookworm ;; # C extensions built for python 3.11, the host's python3
  esac
}
# Packages to download and unpack together. Shared libraries that the host may
# lack (or have too old) are bundled and put on LD_LIBRARY_PATH by a wrapper;
# libc and common base libraries (libssl3, libsystemd0) come from the host.
comp_packages() {
  case $1 in
    prometheus | prometheus3) echo prometheus ;;
    promtool | promtool3) echo promtool ;;
    victoria-metrics) echo victoria-metrics libzstd1 ;; # needs libzstd1 >= 1.5.5
    redis) echo redis-server redis-tools libjemalloc2 liblzf1 libatomic1 ;; # redis-server is a symlink into redis-tools
    influxdb) echo influxdb ;;
    python-prometheus-client) echo python3-prometheus-client python3-decorator ;; # decorator: its one dependency
    # grpcio's and protobuf's C extensions link abseil, c-ares, re2 and libprotobuf, which a
    # host need not have; libssl3, zlib and libstdc++ come from the host.
    python-grpc) echo python3-grpcio python3-grpc-tools python3-protobuf libabsl20220623 libc-ares2 libre2-9 libprotobuf32 ;;
  esac
}
# Package whose version is the component's version.
comp_main_package() {
  case $1 in
    redis) echo redis-tools ;;
    *) comp_packages "$1" | cut -d' ' -f1 ;;
  esac
}
# Upstream version series we expect (extended regex on the upstream version).
comp_version_re() {
  case $1 in
    prometheus | promtool) echo '^2\.53\.' ;;
    prometheus3 | promtool3) echo '^3\.5\.' ;;
    victoria-metrics) echo '^1\.145\.' ;;
    redis) echo '^7\.0\.' ;;
    influxdb) echo '^1\.6\.' ;;
    python-prometheus-client) echo '^0\.16\.' ;;
    python-grpc) echo '^1\.51\.' ;;
  esac
}
comp_version_hint() {
  case $1 in
    prometheus | promtool) echo 2.53.x ;;
    prometheus3 | promtool3) echo 3.5.x ;;
    victoria-metrics) echo 1.145.x ;;
    redis) echo 7.0.x ;;
    influxdb) echo 1.6.x ;;
    python-prometheus-client) echo 0.16.x ;;
    python-grpc) echo 1.51.x ;;
  esac
}
# bin/ entries: name=path inside the unpacked package tree.
comp_bins() {
  case $1 in
    prometheus) echo prometheus=usr/bin/prometheus ;;
    promtool) echo promtool=usr/bin/promtool ;;
    prometheus3) echo prometheus3=usr/bin/prometheus ;;
    promtool3) echo promtool3=usr/bin/promtool ;;
    victoria-metrics) echo victoria-metrics=usr/bin/victoria-metrics vmagent=usr/bin/vmagent ;;
    redis) echo redis-server=usr/bin/redis-server ;;
    influxdb) echo influxd=usr/bin/influxd ;;
    python-prometheus-client) echo python-prometheus-client=usr/lib/python3/dist-packages/prometheus_client/openmetrics/parser.py ;;
    # The entry names grpcio's C extension, so a failed check lists its missing libraries (ldd).
    python-grpc) echo python-grpc=usr/lib/python3/dist-packages/grpc/_cython/cygrpc.cpython-311-x86_64-linux-gnu.so ;;
  esac
}
# Run one bin entry's version command; prints its output, fails if it does not
# run or does not report the expected version.
check_bin() {
  local comp=$1 name=$2 exe=$3 out re
  re=$(comp_version_re "$comp")
  case $name in
    prometheus | promtool | prometheus3 | promtool3)
      out=$("$exe" --version 2>&1) || { printf '%s\n' "$out"; return 1; }
      re="^${name%3}, version ${re#^}"
      ;;
    victoria-metrics | vmagent)
      # Debian's build does not embed a version string: -version prints an
      # empty line. Exit status 0 still proves the binary and its libraries load.
      out=$("$exe" -version 2>&1) || { printf '%s\n' "$out"; return 1; }
      re=''
      ;;
    redis-server)
      out=$("$exe" --version 2>&1) || { printf '%s\n' "$out"; return 1; }
      re="^Redis server v=${re#^}"
      ;;
    influxd)
      out=$("$exe" version 2>&1) || { printf '%s\n' "$out"; return 1; }
      re="^InfluxDB v${re#^}"
      ;;
    python-prometheus-client)
      # The package has no version attribute: importing the parser proves python3 and the
      # unpacked package work together; the stamp's Debian version is the version.
      out=$("$exe" -c 'import prometheus_client.openmetrics.parser as p, prometheus_client.parser as t; print(p.__file__)' 2>&1) ||
        { printf '%s\n' "$out"; return 1; }
      re=''
      ;;
    python-grpc)
      # Loads every C extension (grpcio, protobuf, the protoc compiler) and prints grpcio's version.
      out=$("$exe" -c 'import grpc, grpc_tools.protoc, google.protobuf.pyext._message; print("grpcio " + grpc.__version__)' 2>&1) ||
        { printf '%s\n' "$out"; return 1; }
      re="^grpcio ${re#^}"
      ;;
  esac
  printf '%s\n' "$out"
  [[ -z $re ]] || grep -Eq "$re" <<<"$out"
}

# ---------------------------------------------------------------- helpers
# Upstream version from a Debian version: drop epoch, revision and +ds/+dfsg.
upstream_version() {
  local v=${1#*:}
  v=${v%-*}
  v=${v%%+ds*}
  v=${v%%+dfsg*}
  printf '%s\n' "$v"
}

stamp_get() { sed -n "s/^$2=//p" "$1" 2>/dev/null | head -n1; }

# True when the component is unpacked, its bin entries exist and run.
is_provisioned() {
  local comp=$1 stamp=$PKG_DIR/$1/.provisioned entry name
  [[ -f $stamp ]] || return 1
  # The recorded version must be of the expected series too (some binaries do not
  # report a version, so check_bin alone would keep an old series in place).
  grep -Eq "$(comp_version_re "$comp")" <<<"$(stamp_get "$stamp" version)" || return 1
  for entry in $(comp_bins "$comp"); do
    name=${entry%%=*}
    [[ -x $BIN_DIR/$name ]] || return 1
    check_bin "$comp" "$name" "$BIN_DIR/$name" >/dev/null 2>&1 || return 1
  done
}

apt_error() { # summary of an apt log: its E:/W:/Err lines, else its tail
  local log=$1 lines
  lines=$(grep -E '^(E|W|Err):' "$log" | tail -n 8 || true)
  [[ -n $lines ]] || lines=$(tail -n 8 "$log")
  printf '%s' "$lines" | tr '\n' ' ' | sed 's/  */ /g; s/ $//'
}

# Private apt setup for one suite. APT_CONFIG is read before /etc/apt/apt.conf.d,
# so pointing Dir::Etc::parts/main away from /etc keeps host hooks (e.g.
# APT::Update::Post-Invoke*) and host caches out of it entirely.
declare -A SUITE_READY=()
apt_setup() {
  local suite=$1 dir=$APT_DIR/$1 arch
  arch=$(dpkg --print-architecture)
  mkdir -p "$dir/apt.conf.d" "$dir/sources.list.d" "$dir/preferences.d" "$dir/trusted.gpg.d" \
    "$dir/lists/partial" "$dir/cache/archives/partial" "$dir/log" "$dir/state"
  : >"$dir/status.tmp" && mv -f "$dir/status.tmp" "$dir/status"
  printf 'deb [arch=%s signed-by=%s] %s %s main\n' "$arch" "$KEYRING" "$MIRROR" "$suite" >"$dir/sources.list"
  cat >"$dir/apt.conf" <<EOF
Dir::Etc::main "/dev/null";
Dir::Etc::parts "$dir/apt.conf.d";
Dir::Etc::sourcelist "$dir/sources.list";
Dir::Etc::sourceparts "$dir/sources.list.d";
Dir::Etc::preferences "$dir/preferences";
Dir::Etc::preferencesparts "$dir/preferences.d";
Dir::Etc::trusted "$dir/trusted.gpg";
Dir::Etc::trustedparts "$dir/trusted.gpg.d";
Dir::State "$dir/state";
Dir::State::lists "$dir/lists";
Dir::State::status "$dir/status";
Dir::Cache "$dir/cache";
Dir::Log "$dir/log";
Debug::NoLocking "true";
APT::Sandbox::User "root";
Acquire::Languages "none";
EOF
  # Unstable's Release file is valid for a week only (stable suites' never expire),
  # and mirrors may serve a snapshot older than that: accept an expired one. Its
  # signature is still checked against the keyring, and the version regex still
  # decides what is acceptable.
  if [[ $suite == unstable ]]; then
    printf 'Acquire::Check-Valid-Until "false";\n' >>"$dir/apt.conf"
  fi
}
apt_run() { # suite args...
  local suite=$1
  shift
  APT_CONFIG=$APT_DIR/$suite/apt.conf apt-get -q "$@"
}
ensure_suite() { # suite component
  local suite=$1 comp=$2 log
  [[ -z ${SUITE_READY[$suite]:-} ]] || return 0
  apt_setup "$suite"
  log=$APT_DIR/$suite/update.log
  say "updating Debian $suite package lists (for $comp) ..."
  if ! apt_run "$suite" update >"$log" 2>&1 || grep -qE '^(E|Err):' "$log"; then
    die "cannot update Debian $suite package lists (needed by $comp): $(apt_error "$log")"
  fi
  compgen -G "$APT_DIR/$suite/lists/*_Packages*" >/dev/null ||
    die "cannot update Debian $suite package lists (needed by $comp): no Packages index after apt-get update ($log)"
  SUITE_READY[$suite]=1
}

write_versions_json() {
  local comp stamp first=1 tmp=$PARTS/versions.json.tmp
  {
    printf '{\n'
    for comp in "${ALL_COMPONENTS[@]}"; do
      stamp=$PKG_DIR/$comp/.provisioned
      [[ -f $stamp ]] || continue
      ((first)) || printf ',\n'
      first=0
      printf '  "%s": {"version": "%s", "debianVersion": "%s", "debianPackage": "%s", "suite": "%s", "bins": [%s]}' \
        "$comp" "$(stamp_get "$stamp" version)" "$(stamp_get "$stamp" debian_version)" \
        "$(stamp_get "$stamp" debian_package)" "$(stamp_get "$stamp" suite)" \
        "$(stamp_get "$stamp" bins | sed 's/[^ ][^ ]*/"&"/g; s/ /, /g')"
    done
    printf '\n}\n'
  } >"$tmp"
  mv -f "$tmp" "$PARTS/versions.json"
}

# ---------------------------------------------------------------- provisioning
provision() {
  local comp=$1 suite pkgs main re hint work root stamp log deb entry name rel exe
  local debver upver libdirs pylibs d sep out bins_list=''
  suite=$(comp_suite "$comp")
  pkgs=$(comp_packages "$comp")
  main=$(comp_main_package "$comp")
  re=$(comp_version_re "$comp")
  hint=$(comp_version_hint "$comp")
  root=$PKG_DIR/$comp
  stamp=$root/.provisioned

  if is_provisioned "$comp"; then
    for entry in $(comp_bins "$comp"); do bins_list+=" $BIN_DIR/${entry%%=*}"; done
    say "$comp $(stamp_get "$stamp" version) already at${bins_list}"
    return 0
  fi

  ensure_suite "$suite" "$comp"
  work=$(mktemp -d "$PARTS/tmp/$comp.XXXXXX")
  CUR_WORK=$work
  log=$work/download.log
  say "downloading $comp from Debian $suite ($pkgs) ..."
  # shellcheck disable=SC2086 # pkgs is a word list
  if ! (cd "$work" && apt_run "$suite" download $pkgs) >"$log" 2>&1; then
    die "cannot download Debian package(s) '$pkgs' for $comp from $suite: $(apt_error "$log")"
  fi

  deb=$(compgen -G "$work/${main}_*.deb" | head -n1) ||
    die "cannot download Debian package '$main' for $comp from $suite: no .deb after apt-get download"
  debver=$(dpkg-deb -f "$deb" Version)
  upver=$(upstream_version "$debver")
  grep -Eq "$re" <<<"$upver" ||
    die "Debian $suite ships $main $debver, but $comp $hint is expected; update scripts/provision.sh"

  say "unpacking $comp $upver (Debian $debver) ..."
  mkdir -p "$work/root"
  for deb in "$work"/*.deb; do
    dpkg-deb -x "$deb" "$work/root" 2>"$log" ||
      die "cannot unpack $(basename "$deb") for $comp: $(tr '\n' ' ' <"$log")"
  done
  rm -f "$work"/*.deb

  # Directories with bundled shared libraries, relative to the package root.
  libdirs=$(cd "$work/root" && find . \( -name '*.so' -o -name '*.so.*' \) \( -type f -o -type l \) -printf '%h\n' |
    sed 's|^\./||' | sort -u | tr '\n' ' ')

  rm -rf "$root"
  mv "$work/root" "$root"
  rm -rf "$work"
  CUR_WORK=''

  mkdir -p "$BIN_DIR"
  bins_list=''
  for entry in $(comp_bins "$comp"); do
    name=${entry%%=*}
    rel=${entry#*=}
    rm -f "$BIN_DIR/$name"
    if [[ $comp == python-* ]]; then
      # A module, not an executable: the entry is a python3 that imports it.
      [[ -f $root/$rel ]] || die "$comp: package has no $rel"
      command -v python3 >/dev/null || die "$comp: python3 not found on PATH (the package runs on it)"
      {
        printf '#!/bin/sh\n'
        printf '# Generated by scripts/provision.sh: python3 with %s %s (Debian %s %s).\n' \
          "$main" "$upver" "$suite" "$debver"
        printf 'root="$(dirname -- "$(readlink -f -- "$0")")/../pkg/%s"\n' "$comp"
        printf 'PYTHONPATH="$root/usr/lib/python3/dist-packages${PYTHONPATH:+:$PYTHONPATH}"\n'
        printf 'export PYTHONPATH\n'
        # The C extensions' shared libraries (abseil, re2, c-ares, libprotobuf) come along;
        # the extensions themselves are found through PYTHONPATH.
        pylibs=$(for d in $libdirs; do [[ $d == usr/lib/python3/* ]] || printf '%s ' "$d"; done)
        if [[ -n ${pylibs// /} ]]; then
          printf 'LD_LIBRARY_PATH="'
          sep=''
          for d in $pylibs; do printf '%s$root/%s' "$sep" "$d"; sep=:; done
          printf '${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"\n'
          printf 'export LD_LIBRARY_PATH\n'
        fi
        printf 'exec python3 "$@"\n'
      } >"$BIN_DIR/$name.tmp"
      chmod 755 "$BIN_DIR/$name.tmp"
      mv -f "$BIN_DIR/$name.tmp" "$BIN_DIR/$name"
    elif [[ ! -x $root/$rel ]]; then
      die "$comp: package has no executable $rel"
    elif [[ -z ${libdirs// /} ]]; then
      ln -s "../pkg/$comp/$rel" "$BIN_DIR/$name"
    else
      {
        printf '#!/bin/sh\n'
        printf '# Generated by scripts/provision.sh: %s %s (Debian %s %s) with bundled libraries.\n' \
          "$name" "$upver" "$suite" "$debver"
        printf 'root="$(dirname -- "$(readlink -f -- "$0")")/../pkg/%s"\n' "$comp"
        printf 'LD_LIBRARY_PATH="'
        sep=''
        for d in $libdirs; do printf '%s$root/%s' "$sep" "$d"; sep=:; done
        printf '${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"\n'
        printf 'export LD_LIBRARY_PATH\n'
        printf 'exec "$root/%s" "$@"\n' "$rel"
      } >"$BIN_DIR/$name.tmp"
      chmod 755 "$BIN_DIR/$name.tmp"
      mv -f "$BIN_DIR/$name.tmp" "$BIN_DIR/$name"
    fi
    if ! out=$(check_bin "$comp" "$name" "$BIN_DIR/$name"); then
      exe=$root/$rel
      local missing=''
      if command -v ldd >/dev/null; then
        missing=$(LD_LIBRARY_PATH=$(for d in $libdirs; do printf '%s:' "$root/$d"; done) ldd "$exe" 2>&1 |
          grep 'not found' | tr -s ' \t\n' ' ' || true)
      fi
      rm -f "$BIN_DIR/$name"
      die "$comp: $BIN_DIR/$name does not run or reports an unexpected version (expected $hint): $(printf '%s' "$out" | head -n3 | tr '\n' ' ')${missing:+ missing libraries: $missing}"
    fi
    bins_list+=" $name"
  done

  {
    printf 'component=%s\n' "$comp"
    printf 'version=%s\n' "$upver"
    printf 'debian_version=%s\n' "$debver"
    printf 'debian_package=%s\n' "$main"
    printf 'debian_packages=%s\n' "$pkgs"
    printf 'suite=%s\n' "$suite"
    printf 'bins=%s\n' "${bins_list# }"
  } >"$stamp.tmp"
  mv -f "$stamp.tmp" "$stamp"
  say "$comp $upver ready:$(for n in $bins_list; do printf ' %s' "$BIN_DIR/$n"; done)"
}

# ---------------------------------------------------------------- main
main() {
  local comps=() c
  for c in "$@"; do
    case $c in
      -h | --help) usage; exit 0 ;;
      all) comps+=("${ALL_COMPONENTS[@]}") ;;
      prometheus | promtool | prometheus3 | promtool3 | victoria-metrics | redis | influxdb | python-prometheus-client | python-grpc) comps+=("$c") ;;
      *) usage >&2; die "unknown component '$c'" ;;
    esac
  done
  ((${#comps[@]})) || comps=(prometheus promtool)

  mkdir -p "$PARTS/tmp" "$PKG_DIR" "$BIN_DIR" || die "cannot create cache folder $PARTS"
  # One provisioner at a time per cache folder (tests may call this concurrently).
  if command -v flock >/dev/null; then
    exec 9>"$PARTS/.lock"
    flock 9
  fi

  # Only check the tools when something has to be fetched.
  local c2 need=0
  for c2 in "${comps[@]}"; do is_provisioned "$c2" || need=1; done
  if ((need)); then
    command -v apt-get >/dev/null || die "apt-get not found: a Debian-based host is needed to fetch the packages"
    command -v dpkg-deb >/dev/null || die "dpkg-deb not found: a Debian-based host is needed to unpack the packages"
    [[ -r $KEYRING ]] || die "Debian archive keyring $KEYRING not readable (install debian-archive-keyring or set METERLINE_DEBIAN_KEYRING)"
  fi

  declare -A done_=()
  for c in "${comps[@]}"; do
    [[ -z ${done_[$c]:-} ]] || continue
    done_[$c]=1
    provision "$c"
  done
  rm -rf "$PARTS/tmp"
  write_versions_json
}

main "$@"
