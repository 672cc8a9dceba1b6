#!/usr/bin/env bash
# Runs the format and lint checks, every test of news-enricher, then the deployment checks (scripts/check-deploy.sh:
# lint, validate, build the image and run it). Tests talk to a real RabbitMQ: this script makes sure one
# answers on 127.0.0.1:5672 first, starting it (and installing Debian's rabbitmq-server when it
# is missing and we are root) if needed. It fails, never skips, when no broker can be had.
#
# Usage: scripts/test.sh [extra cargo test arguments]
# Env:   NEWS_ENRICHER_TEST_AMQP_URL (default amqp://guest:guest@127.0.0.1:5672/%2f)
set -euo pipefail
cd "$(dirname "$0")/.."

broker_up() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }

ensure_broker() {
  if [[ -n "${NEWS_ENRICHER_TEST_AMQP_URL:-}" ]]; then
    echo "test.sh: using NEWS_ENRICHER_TEST_AMQP_URL"; return 0
  fi
  if broker_up; then echo "test.sh: RabbitMQ answers on 127.0.0.1:5672"; return 0; fi
  if ! command -v rabbitmq-server >/dev/null 2>&1; then
    if [[ $(id -u) -ne 0 ]]; then
      echo "test.sh: RabbitMQ is not running and rabbitmq-server is not installed (need root to install it)" >&2
      exit 1
    fi
    echo "test.sh: installing rabbitmq-server from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq rabbitmq-server >/dev/null
  fi
  echo "test.sh: starting RabbitMQ"
  rabbitmq-server -detached || true
  for _ in $(seq 1 120); do
    if broker_up && rabbitmqctl -q await_startup >/dev/null 2>&1; then
      echo "test.sh: RabbitMQ is up"; return 0
    fi
    sleep 1
  done
  echo "test.sh: RabbitMQ did not start within 120 s" >&2
  exit 1
}

# The fault-injection suite (tests/faults.rs) starts private RabbitMQ nodes from Debian's
# scripts and makes a throwaway CA with openssl.
ensure_openssl() {
  command -v openssl >/dev/null 2>&1 && return 0
  [[ $(id -u) -eq 0 ]] || { echo "test.sh: openssl is missing (need root to install it)" >&2; exit 1; }
  echo "test.sh: installing openssl from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null; }
}

ensure_broker
ensure_openssl
reports="${CARGO_TARGET_DIR:-target}/tmp"
rm -f "$reports"/fault-report-*.md
# Line tables are all the debug information a failing test needs (file:line in panics and
# backtraces); full debug information made the cold test build about a fifth slower, and
# CI must stay under 30 minutes on two cores. A caller's own setting wins.
export CARGO_PROFILE_DEV_DEBUG="${CARGO_PROFILE_DEV_DEBUG:-line-tables-only}"
# Formatting and lints gate the tests (rustfmt.toml, the [lints] table of Cargo.toml).
echo "test.sh: cargo fmt --check"
cargo fmt --check
echo "test.sh: cargo clippy --all-targets --locked -- -D warnings"
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked --all-targets "$@"
# What the fault-injection suite counted (sent, delivered, duplicated, lost per scenario).
cat "$reports"/fault-report-*.md 2>/dev/null || true
# The container image and deployment files: lint, validate, and run the image against the
# broker (scripts/check-deploy.sh says what it proves).
scripts/check-deploy.sh
