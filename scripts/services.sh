#!/usr/bin/env bash
# Starts local Redis and PostgreSQL when they are installed but not running (this machine's layout).
set -u
if command -v redis-cli >/dev/null && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
if command -v pg_ctlcluster >/dev/null && ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
fi
# MariaDB: only the rAthena bridge's tests need it.
mariadb_up() { mariadb-admin -h 127.0.0.1 -P 3306 -uroot ping >/dev/null 2>&1; }
if [ -x /usr/sbin/mariadbd ] && ! mariadb_up; then
  echo "starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || service mariadb start || true
fi
for i in $(seq 1 30); do
  if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
    [ -x /usr/sbin/mariadbd ] && ! mariadb_up && { sleep 1; continue; }
    exit 0
  fi
  sleep 1
done
echo "Redis (127.0.0.1:6379), PostgreSQL (127.0.0.1:5432) or MariaDB (127.0.0.1:3306) is not reachable" >&2
exit 1
