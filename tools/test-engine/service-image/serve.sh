#!/bin/sh
# Stands in for every service of the sandbox templates in tests (no internet registry to pull nginx, node,
# postgres, redis or jupyter from): answers HTTP on each port those services listen on, ignores the command
# compose passes, and exits promptly on SIGTERM so `compose down` is quick.
for port in 80 3000 5432 6379 8888; do httpd -p "$port" -h /www; done
trap 'exit 0' TERM INT
while :; do sleep 1 & wait $!; done
