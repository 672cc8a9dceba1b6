#!/usr/bin/env python3
"""Checks of the deployment files that no off-the-shelf linter makes; run by
scripts/check-deploy.sh from the repository root.

  metrics                 every news_enricher_* name used by the dashboard, the alert rules and
                          their tests is one the worker exports (src/metrics.rs, EXPORTED)
  topology                deploy/rabbitmq/definitions.json and docker/rabbitmq/definitions.json
                          hold exactly the topology the worker declares with the defaults of
                          config/news-enricher.example.toml (src/amqp.rs, declare_topology)
  manifests KIND=FILE...  invariants of the rendered kustomize output of each overlay
  dashboard-rules OUT     writes the dashboard's PromQL as a rule file for `promtool check rules`
  crd-coverage FILE REPORT every custom resource in FILE has an OK line in crd_validate's REPORT
  vhost-definitions SRC OUT VHOST USER_PREFIX
                          SRC rewritten for a throw-away vhost (users renamed, admin dropped)
  counts URL QUEUE...      ready messages of each queue (passive declare)
  sink URL QUEUE N        drains QUEUE and checks N distinct enriched documents arrived
"""
import json
import re
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "news_enricher_"
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")


def fail(msg):
    print(f"deploy_checks: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


# ---- metric names ------------------------------------------------------------------------

def exported():
    src = (ROOT / "src/metrics.rs").read_text()
    m = re.search(r"pub const EXPORTED: &\[&str\] = &\[(.*?)\];", src, re.S)
    if not m:
        fail("cannot find EXPORTED in src/metrics.rs")
    names = re.findall(r'"([a-z0-9_]+)"', m.group(1))
    if not names:
        fail("EXPORTED in src/metrics.rs is empty")
    return set(names)


def used_names(text):
    # A name starts at "news_enricher_" not preceded by a word character.
    return set(re.findall(r"(?<![A-Za-z0-9_])(news_enricher_[a-z0-9_]+)", text))


def unknown_names(names, known):
    bad = []
    for n in sorted(names):
        if n in known:
            continue
        # Histograms (the *_seconds families) are also exported as _bucket, _sum and _count.
        if any(n.endswith(s) and n[: -len(s)] in known and n[: -len(s)].endswith("_seconds")
               for s in HISTOGRAM_SUFFIXES):
            continue
        bad.append(n)
    return bad


def cmd_metrics():
    known = exported()
    # Self-test: the check must reject a name the worker does not export.
    if unknown_names({"news_enricher_no_such_metric_total", "news_enricher_ready_bucket"}, known) != \
            ["news_enricher_no_such_metric_total", "news_enricher_ready_bucket"]:
        fail("metric check self-test: an unknown name was accepted")
    files = ["deploy/grafana/news-enricher.json", "deploy/prometheus/alerts.yaml",
             "deploy/prometheus/alerts.test.yaml"]
    total = 0
    for f in files:
        names = used_names((ROOT / f).read_text())
        if not names:
            fail(f"{f} uses no news_enricher_ metric at all")
        bad = unknown_names(names, known)
        if bad:
            fail(f"{f} uses metrics the worker does not export: {', '.join(bad)} "
                 f"(exported: {', '.join(sorted(known))})")
        total += len(names)
        print(f"OK    {f}: {len(names)} news_enricher_ names, all exported")
    dash = used_names((ROOT / files[0]).read_text())
    families = {n for n in known if any(u == n or u.startswith(n + "_") for u in dash)}
    missing = sorted(known - families)
    print(f"OK    dashboard covers {len(families)}/{len(known)} exported families"
          + (f" (not shown: {', '.join(missing)})" if missing else ""))


# ---- topology ----------------------------------------------------------------------------

def expected_topology():
    """What Broker::declare_topology declares with the example (= default) configuration."""
    cfg = tomllib.loads((ROOT / "config/news-enricher.example.toml").read_text())
    i, o, d, r = cfg["input"], cfg["output"], cfg["dead_letter"], cfg["retry"]
    quorum = i["queue_type"] == "quorum"
    exchanges = {i["exchange"]: "topic", o["exchange"]: "topic", d["exchange"]: "topic",
                 r["exchange"]: "direct"}
    qt = {"x-queue-type": i["queue_type"]}
    queues = {i["queue"]: {**qt, "x-dead-letter-exchange": d["exchange"],
                           **({"x-delivery-limit": i["delivery_limit"]} if quorum else {})},
              d["queue"]: dict(qt)}
    bindings = {(i["exchange"], i["queue"], i["binding_key"]), (d["exchange"], d["queue"], "#")}
    for delay in r["delays_ms"]:
        name = f'{i["queue"]}.retry.{delay}'
        args = {**qt, "x-message-ttl": delay, "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": i["queue"]}
        if quorum:
            args.update({"x-dead-letter-strategy": "at-least-once", "x-overflow": "reject-publish"})
        queues[name] = args
        bindings.add((r["exchange"], name, str(delay)))
    return exchanges, queues, bindings, o["exchange"]


def check_definitions(path, allow_sinks):
    defs = json.loads((ROOT / path).read_text())
    exchanges, queues, bindings, output_exchange = expected_topology()
    for e in defs.get("exchanges", []):
        want = exchanges.get(e["name"])
        if want is None:
            fail(f"{path}: exchange {e['name']} is not one the worker declares")
        if (e["type"], e["durable"], e["auto_delete"], e.get("internal", False), e.get("arguments", {})) != \
                (want, True, False, False, {}):
            fail(f"{path}: exchange {e['name']} differs from the worker's ({want}, durable, no arguments)")
    missing = set(exchanges) - {e["name"] for e in defs.get("exchanges", [])}
    if missing:
        fail(f"{path}: exchanges missing: {sorted(missing)}")
    got_q = {q["name"]: q for q in defs.get("queues", [])}
    sinks = set()
    for name, q in got_q.items():
        if name not in queues:
            bound_to_output = any(b["destination"] == name and b["source"] == output_exchange
                                  for b in defs.get("bindings", []))
            if allow_sinks and bound_to_output:
                sinks.add(name)
                continue
            fail(f"{path}: queue {name} is not one the worker declares")
        if not q["durable"] or q["auto_delete"]:
            fail(f"{path}: queue {name} must be durable and not auto-delete, as the worker declares it")
        if q.get("arguments", {}) != queues[name]:
            fail(f"{path}: queue {name} arguments {q.get('arguments')} differ from the worker's {queues[name]}")
    missing = set(queues) - set(got_q)
    if missing:
        fail(f"{path}: queues missing: {sorted(missing)}")
    got_b = {(b["source"], b["destination"], b["routing_key"]) for b in defs.get("bindings", [])
             if b["destination"] not in sinks}
    if got_b != bindings:
        fail(f"{path}: bindings differ: missing {sorted(bindings - got_b)}, extra {sorted(got_b - bindings)}")
    policies = defs.get("policies", [])
    if not policies:
        fail(f"{path}: no policy")
    for p in policies:
        matched = [q for q in got_q if re.search(p["pattern"], q)]
        if not matched:
            fail(f"{path}: policy {p['name']} matches no queue")
        for q in matched:
            clash = {f"x-{k}" for k in p["definition"]} & set(got_q[q].get("arguments", {}))
            if clash:
                fail(f"{path}: policy {p['name']} sets {sorted(clash)}, which queue {q} already sets "
                     "as an argument (the argument would win)")
    print(f"OK    {path}: {len(exchanges)} exchanges, {len(queues)} queues, {len(bindings)} bindings, "
          f"{len(policies)} policies match the worker's topology"
          + (f" (+ output sink {', '.join(sorted(sinks))})" if sinks else ""))
    return defs


def check_demo_passwords(defs):
    """The compose demo's users log in with the passwords its README and secret file give."""
    import base64
    import hashlib
    demo = {"admin": "admin",
            "news-enricher": (ROOT / "docker/rabbitmq/news-enricher.password").read_text().rstrip("\r\n")}
    for u in defs.get("users", []):
        if u.get("hashing_algorithm") != "rabbit_password_hashing_sha256":
            fail(f"docker/rabbitmq/definitions.json: user {u['name']}: unexpected hashing algorithm")
        raw = base64.b64decode(u["password_hash"])
        salt, digest = raw[:4], raw[4:]
        if u["name"] not in demo or hashlib.sha256(salt + demo[u["name"]].encode()).digest() != digest:
            fail(f"docker/rabbitmq/definitions.json: user {u['name']}'s password is not the documented one")
    print(f"OK    docker/rabbitmq/definitions.json: {len(defs.get('users', []))} demo users with the documented passwords")


def cmd_topology():
    deploy = check_definitions("deploy/rabbitmq/definitions.json", allow_sinks=False)
    compose = check_definitions("docker/rabbitmq/definitions.json", allow_sinks=True)
    check_demo_passwords(compose)
    if deploy.get("users") or deploy.get("permissions"):
        fail("deploy/rabbitmq/definitions.json must hold no users or permissions (no secrets in git)")
    if deploy["policies"] != compose["policies"]:
        fail("the policies of docker/ and deploy/ definitions differ")


# ---- rendered manifests ------------------------------------------------------------------

def cmd_manifests(args):
    cfg = tomllib.loads((ROOT / "config/news-enricher.example.toml").read_text())
    base_cfg = tomllib.loads((ROOT / "deploy/base/config.toml").read_text())
    shutdown = base_cfg.get("worker", {}).get("shutdown_timeout_secs", cfg["worker"]["shutdown_timeout_secs"])
    for arg in args:
        label, path = arg.split("=", 1)
        docs = [d for d in yaml.safe_load_all(open(path)) if d]
        kinds = {}
        for d in docs:
            kinds.setdefault(d["kind"], []).append(d)
        deps = kinds.get("Deployment", [])
        if len(deps) != 1:
            fail(f"{label}: expected one Deployment, found {len(deps)}")
        dep = deps[0]
        name = dep["metadata"]["name"]
        hpa = [h for h in kinds.get("HorizontalPodAutoscaler", []) if h["spec"]["scaleTargetRef"]["name"] == name]
        keda = [s for s in kinds.get("ScaledObject", []) if s["spec"]["scaleTargetRef"]["name"] == name]
        if hpa and keda:
            fail(f"{label}: both an HPA and a KEDA ScaledObject scale Deployment {name}")
        if (hpa or keda) and "replicas" in dep["spec"]:
            fail(f"{label}: an autoscaler owns {name} but spec.replicas is still set")
        pod = dep["spec"]["template"]["spec"]
        c = pod["containers"][0]
        grace = pod.get("terminationGracePeriodSeconds", 30)
        if grace <= shutdown + 5:
            fail(f"{label}: terminationGracePeriodSeconds {grace} must exceed worker.shutdown_timeout_secs "
                 f"{shutdown} by more than 5 s")
        probes = {k: c.get(k, {}).get("httpGet", {}).get("path") for k in
                  ("livenessProbe", "readinessProbe", "startupProbe")}
        if probes != {"livenessProbe": "/healthz", "readinessProbe": "/readyz", "startupProbe": "/healthz"}:
            fail(f"{label}: probes must be liveness /healthz, readiness /readyz, startup /healthz; got {probes}")
        if "memory" not in c.get("resources", {}).get("limits", {}):
            fail(f"{label}: no memory limit")
        psc, sc = pod.get("securityContext", {}), c.get("securityContext", {})
        checks = {
            "runAsNonRoot": sc.get("runAsNonRoot", psc.get("runAsNonRoot")) is True,
            "readOnlyRootFilesystem": sc.get("readOnlyRootFilesystem") is True,
            "allowPrivilegeEscalation false": sc.get("allowPrivilegeEscalation") is False,
            "capabilities drop ALL": sc.get("capabilities", {}).get("drop") == ["ALL"],
            "seccomp RuntimeDefault": sc.get("seccompProfile", psc.get("seccompProfile", {})).get("type")
            == "RuntimeDefault",
        }
        bad = [k for k, ok in checks.items() if not ok]
        if bad:
            fail(f"{label}: securityContext lacks {bad}")
        env = {e["name"]: e for e in c.get("env", [])}
        if "secretKeyRef" not in env.get("NEWS_ENRICHER__AMQP__URL", {}).get("valueFrom", {}):
            fail(f"{label}: NEWS_ENRICHER__AMQP__URL must come from a Secret")
        for kind in ("ConfigMap", "Service", "PodDisruptionBudget"):
            if kind not in kinds:
                fail(f"{label}: no {kind}")
        scaler = "KEDA ScaledObject" if keda else "HPA" if hpa else "no autoscaler"
        if keda:
            t = keda[0]["spec"]["triggers"][0]
            md = t["metadata"]
            want = {"protocol": "http", "mode": "QueueLength"}
            if t["type"] != "rabbitmq" or any(md.get(k) != v for k, v in want.items()) \
                    or "value" not in md or "activationValue" not in md or "authenticationRef" not in t:
                fail(f"{label}: KEDA trigger must be rabbitmq, protocol http, mode QueueLength, with value, "
                     "activationValue and authenticationRef")
            if md.get("queueName") != cfg["input"]["queue"]:
                fail(f"{label}: KEDA watches {md.get('queueName')}, the worker consumes {cfg['input']['queue']}")
            if "TriggerAuthentication" not in kinds:
                fail(f"{label}: no TriggerAuthentication")
        print(f"OK    {label}: {len(docs)} objects, {scaler}, grace {grace}s > shutdown {shutdown}s, probes, "
              "securityContext, Secret reference")


def cmd_crd_coverage(rendered, report):
    """crd_validate.py silently passes over kinds it has no CRD for: make sure each keda.sh
    object of RENDERED has its OK line in REPORT (crd_validate.py's output)."""
    custom = [d for d in yaml.safe_load_all(open(rendered)) if d and "/" in d.get("apiVersion", "")
              and not d["apiVersion"].split("/")[0].endswith(".k8s.io")
              and d["apiVersion"].split("/")[0] not in ("apps", "policy", "autoscaling", "batch")]
    ok = set(re.findall(r"^OK\s+\S+: (\w+/\S+) against", open(report).read(), re.M))
    want = {f"{d['kind']}/{d['metadata']['name']}" for d in custom}
    if want - ok:
        fail(f"{rendered}: custom resources not validated against a CRD: {sorted(want - ok)}")
    print(f"OK    {rendered}: all {len(want)} custom resources validated against their CRDs")


# ---- dashboard PromQL as rules -----------------------------------------------------------

def cmd_dashboard_rules(out):
    dash = json.loads((ROOT / "deploy/grafana/news-enricher.json").read_text())
    subst = {"$__rate_interval": "5m", "$__interval": "1m", "$namespace": ".*",
             "$queue": "news-enricher.raw", "$dead_letter_queue": "news-enricher.dead-letter"}
    rules, ids = [], set()
    for p in dash["panels"]:
        if p["id"] in ids:
            fail(f"dashboard: duplicate panel id {p['id']}")
        ids.add(p["id"])
        for t in p.get("targets", []):
            expr = t["expr"]
            for k in sorted(subst, key=len, reverse=True):
                expr = expr.replace(k, subst[k])
            if "$" in expr:
                fail(f"dashboard panel {p['title']!r}: unknown variable in {t['expr']}")
            rules.append({"record": f"dashboard:panel{p['id']}:{t['refId'].lower()}", "expr": expr})
    if not rules:
        fail("dashboard has no queries")
    yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, open(out, "w"), sort_keys=False)
    print(f"OK    dashboard: {len(dash['panels'])} panels, {len(rules)} queries written to {out}")


# ---- live proof helpers --------------------------------------------------------------------

def cmd_vhost_definitions(src, out, vhost, user_prefix):
    defs = json.loads((ROOT / src).read_text())
    renamed = {}
    users = []
    for u in defs.get("users", []):
        if "administrator" in u.get("tags", []):
            continue
        renamed[u["name"]] = f"{user_prefix}{u['name']}"
        users.append({**u, "name": renamed[u["name"]]})
    out_defs = {"users": users, "vhosts": [{"name": vhost}],
                "permissions": [{**p, "user": renamed[p["user"]], "vhost": vhost}
                                for p in defs.get("permissions", []) if p["user"] in renamed]}
    for key in ("exchanges", "queues", "bindings", "policies"):
        out_defs[key] = [{**o, "vhost": vhost} for o in defs.get(key, [])]
    json.dump(out_defs, open(out, "w"), indent=1)
    print(" ".join(renamed.values()))


def cmd_sink(url, queue, n):
    import pika
    n = int(n)
    conn = pika.BlockingConnection(pika.URLParameters(url))
    ch = conn.channel()
    ids, articles, bad = set(), set(), 0
    total = 0
    while True:
        method, props, body = ch.basic_get(queue, auto_ack=True)
        if method is None:
            break
        total += 1
        try:
            doc = json.loads(body)
            articles.add(doc["id"])
            ids.add(props.message_id)
            if props.content_type != "application/json" or not doc.get("text"):
                bad += 1
        except (ValueError, KeyError):
            bad += 1
    conn.close()
    print(f"sink {queue}: {total} messages, {len(ids)} distinct message ids, {len(articles)} distinct articles, "
          f"{bad} malformed")
    if bad or len(articles) != n or len(ids) != n:
        fail(f"expected {n} distinct enriched articles in {queue}")


def cmd_counts(url, *queues):
    """Ready messages per queue by passive declare: exact at once, unlike rabbitmqctl's
    list_queues, whose quorum-queue counts lag by seconds. (Unacked ones are not counted:
    use it when no consumer holds messages.)"""
    import pika
    conn = pika.BlockingConnection(pika.URLParameters(url))
    ch = conn.channel()
    for q in queues:
        print(q, ch.queue_declare(q, passive=True).method.message_count)
    conn.close()


def main():
    if len(sys.argv) < 2:
        fail(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "metrics":
        cmd_metrics()
    elif cmd == "topology":
        cmd_topology()
    elif cmd == "manifests":
        cmd_manifests(args)
    elif cmd == "crd-coverage":
        cmd_crd_coverage(*args)
    elif cmd == "dashboard-rules":
        cmd_dashboard_rules(args[0])
    elif cmd == "vhost-definitions":
        cmd_vhost_definitions(*args)
    elif cmd == "counts":
        cmd_counts(*args)
    elif cmd == "sink":
        cmd_sink(*args)
    else:
        fail(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
