#!/usr/bin/env bash
# Make sure PostgreSQL (127.0.0.1:5432, trust auth) and MariaDB (127.0.0.1:3306, root without
# a password) are up for the test suite: start them when they are down, install them through apt
# on a Debian/Ubuntu machine that lacks them, and otherwise say exactly what to install.
set -uo pipefail

log() { printf 'services: %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

wait_for() {  # name, check command...
  local name=$1; shift
  for _ in $(seq 1 60); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  log "$name did not come up within 30 s"; return 1
}

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null || \
  python3 -c 'import socket; socket.create_connection(("127.0.0.1", 5432), 1)' 2>/dev/null; }
maria_up() { python3 -c 'import socket; socket.create_connection(("127.0.0.1", 3306), 1)' 2>/dev/null; }

apt_install() {
  if ! command -v apt-get >/dev/null; then
    log "cannot install $* here: install PostgreSQL 15+ and MariaDB 10.6+ (or MySQL 8) yourself,"
    log "listening on 127.0.0.1:5432 (user postgres, trust auth) and 127.0.0.1:3306 (root, empty password)."
    exit 1
  fi
  log "installing $* through apt"
  as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

start_postgres() {
  pg_up && return 0
  command -v pg_ctlcluster >/dev/null || apt_install postgresql postgresql-client
  local version; version=$(ls /etc/postgresql | sort -V | tail -n 1)
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba" 2>/dev/null; then
    log "allowing trust auth on 127.0.0.1 for tests ($hba)"
    as_root sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  fi
  log "starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  wait_for PostgreSQL pg_up
}

start_mariadb() {
  maria_up && return 0
  [ -x /usr/sbin/mariadbd ] || apt_install mariadb-server mariadb-client
  log "starting MariaDB"
  as_root mkdir -p /run/mysqld && as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  wait_for MariaDB maria_up || return 1
  # A fresh Debian install lets root in through the socket only; tests log in over TCP.
  as_root mariadb -uroot -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password \
    USING PASSWORD('') OR unix_socket; FLUSH PRIVILEGES;" 2>/dev/null || true
}

start_postgres || exit 1
start_mariadb || exit 1
# the desktop entry's test checks it with the freedesktop validator
command -v desktop-file-validate >/dev/null || apt_install desktop-file-utils || true
log "PostgreSQL 127.0.0.1:5432 and MariaDB 127.0.0.1:3306 are up"
