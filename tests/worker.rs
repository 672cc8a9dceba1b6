//! The worker against the real RabbitMQ: happy path, dead-lettering, unroutable output,
//! SIGKILL mid-stream, graceful shutdown, broker-side connection close.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use news_enricher::amqp::Properties;
use std::collections::HashSet;
use std::time::Duration;

const SECS: fn(u64) -> Duration = Duration::from_secs;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn happy_path_every_article_enriched_once_and_acked() {
    let env = TestEnv::new("happy", &[]);
    let broker = env.broker().await;
    env.declare(&broker).await;
    let mut out = env.watch_output(&broker).await;
    let mut worker = env.spawn_worker(&[]);
    env.wait_ready(200, SECS(20));

    let bodies = articles(60, "happy");
    // A few with trace context and correlation id, which must be carried over.
    for (i, body) in bodies.iter().enumerate() {
        let mut props = Properties::json(&format!("in-{i}"));
        if i % 10 == 0 {
            props = props
                .with_correlation_id(&format!("corr-{i}"))
                .with_header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        }
        env.publish(&broker, body.as_bytes(), props).await;
    }
    let got = collect(&mut out, 60, SECS(60)).await;
    assert_eq!(got.len(), 60, "expected 60 enriched articles; worker log:\n{}", worker.log());

    let validator = schema();
    let mut ids = HashSet::new();
    let mut message_ids = HashSet::new();
    for d in &got {
        assert_eq!(d.properties.content_type(), Some("application/json"));
        assert!(d.routing_key.starts_with("enriched."), "routing key {}", d.routing_key);
        let doc: serde_json::Value = serde_json::from_slice(&d.body).expect("output is JSON");
        assert_valid_document(&validator, &doc);
        let id = doc["id"].as_str().unwrap_or_default().to_string();
        assert!(id.starts_with("happy-"));
        let n: usize = id.trim_start_matches("happy-").parse().expect("numeric suffix");
        if n.is_multiple_of(10) {
            assert_eq!(d.properties.header("traceparent").as_deref(), Some("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        }
        ids.insert(id);
        message_ids.insert(d.properties.message_id().unwrap_or_default().to_string());
    }
    assert_eq!(ids.len(), 60, "every article exactly once");
    assert_eq!(message_ids.len(), 60, "message ids are distinct per article");
    assert_eq!(env.metric("news_enricher_messages_published_total"), 60.0);

    worker.signal("TERM");
    assert_eq!(worker.wait_exit(SECS(20)), Some(0), "clean exit on SIGTERM");
    // Nothing left unacked: after the worker's channel closed, the queue is empty.
    assert_eq!(broker.queue_len(&env.settings.input.queue).await.unwrap_or(u32::MAX), 0);
    broker.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_message_id_is_deterministic_across_redelivery() {
    let env = TestEnv::new("dedup", &[]);
    let broker = env.broker().await;
    env.declare(&broker).await;
    let mut out = env.watch_output(&broker).await;
    let worker = env.spawn_worker(&[]);
    env.wait_ready(200, SECS(20));
    let body = articles(1, "dedup").remove(0);
    // The same article twice (as a redelivery would bring it) gives the same message_id.
    env.publish_json(&broker, &[body.clone(), body]).await;
    let got = collect(&mut out, 2, SECS(30)).await;
    assert_eq!(got.len(), 2, "worker log:\n{}", worker.log());
    assert_eq!(got[0].properties.message_id(), got[1].properties.message_id());
    broker.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_inputs_are_dead_lettered_with_reasons_and_the_worker_goes_on() {
    let env = TestEnv::new("malformed", &[("LIMITS__MAX_MESSAGE_BYTES", "4000")]);
    let broker = env.broker().await;
    env.declare(&broker).await;
    let mut out = env.watch_output(&broker).await;
    let worker = env.spawn_worker(&[]);
    env.wait_ready(200, SECS(20));

    let big = format!(r#"{{"id":"big","body":"{}"}}"#, "word ".repeat(2000));
    let cases: Vec<(&str, Vec<u8>, Option<&str>)> = vec![
        ("malformed_json", b"{\"id\": \"x\", body".to_vec(), None),
        ("invalid_utf8", vec![b'{', 0xff, 0xfe, b'}'], None),
        ("empty_body", b"   ".to_vec(), Some("text/plain")),
        ("too_large", big.into_bytes(), None),
        ("unsupported_shape", b"[1, 2, 3]".to_vec(), None),
        ("invalid_field", br#"{"uri":"u1","headlines":"not a list","bodies":[]}"#.to_vec(), None),
        ("empty_body", br#"{"id":"markup-only","body":"<p> </p><script>var a;</script>"}"#.to_vec(), None),
    ];
    for (i, (_, body, content_type)) in cases.iter().enumerate() {
        let mut props = Properties::json(&format!("bad-{i}"));
        if let Some(ct) = content_type {
            props = props.with_content_type(ct);
        }
        env.publish(&broker, body, props).await;
    }
    // A good article after the bad ones still goes through.
    env.publish_json(&broker, &articles(1, "good")).await;
    let good = collect(&mut out, 1, SECS(30)).await;
    assert_eq!(good.len(), 1, "the valid article is enriched; log:\n{}", worker.log());

    let mut dlq = env.consume_dead_letters(&broker).await;
    let dead = collect(&mut dlq, cases.len(), SECS(30)).await;
    assert_eq!(dead.len(), cases.len(), "every bad message is dead-lettered; log:\n{}", worker.log());
    for d in &dead {
        let i: usize = d.properties.message_id().unwrap_or("").trim_start_matches("bad-").parse().expect("message id kept");
        let (kind, body, _) = &cases[i];
        assert_eq!(d.properties.header("x-error-kind").as_deref(), Some(*kind), "case {i}");
        assert!(d.properties.header("x-error-message").is_some_and(|m| !m.is_empty()));
        assert!(d.properties.header("x-error-stage").is_some());
        assert_eq!(&d.body, body, "the original body is kept");
    }
    assert_eq!(env.metric("news_enricher_messages_rejected_total{kind=\"malformed_json\"}"), 1.0);
    assert_eq!(env.metric("news_enricher_messages_rejected_total{kind=\"empty_body\"}"), 2.0);
    env.wait_ready(200, SECS(1));
    broker.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unroutable_output_is_retried_until_a_route_exists() {
    let env = TestEnv::new("unroutable", &[("RETRY__DELAYS_MS", "300,300,300,300,300,300,300,300")]);
    let broker = env.broker().await;
    env.declare(&broker).await;
    let worker = env.spawn_worker(&[]);
    env.wait_ready(200, SECS(20));
    // No queue is bound to the output exchange yet: the output is returned as unroutable.
    env.publish_json(&broker, &articles(3, "late-route")).await;
    let deadline = tokio::time::Instant::now() + SECS(20);
    while env.metric("news_enricher_messages_retried_total{reason=\"returned\"}") < 3.0 {
        assert!(tokio::time::Instant::now() < deadline, "no retries seen; log:\n{}", worker.log());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Now a consumer binds a queue: the retried articles arrive.
    let mut out = env.watch_output(&broker).await;
    let got = collect(&mut out, 3, SECS(20)).await;
    assert_eq!(got.len(), 3, "retried outputs arrive once routable; log:\n{}", worker.log());
    assert!(env.metric("news_enricher_publish_failures_total{reason=\"returned\"}") >= 3.0);
    let warnings = worker.log().lines().filter(|l| l.contains("the output has no route")).count();
    assert_eq!(warnings, 1, "one clear warning, the first time; log:\n{}", worker.log());
    broker.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tap_prints_the_enriched_documents_as_they_arrive() {
    let env = TestEnv::new("tap", &[]);
    let broker = env.broker().await;
    env.declare(&broker).await;
    let worker = env.spawn_worker(&[]);
    env.wait_ready(200, SECS(20));
    let mut tap = std::process::Command::new(env!("CARGO_BIN_EXE_news-enricher"));
    tap.args(["tap", "--count", "3"]).env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    for (k, v) in &env.env {
        tap.env(k, v);
    }
    let tap = tap.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().expect("tap starts");
    // The tap binds its queue within a moment; publish after that.
    tokio::time::sleep(SECS(2)).await;
    env.publish_json(&broker, &articles(3, "tapped")).await;
    let out = tokio::task::spawn_blocking(move || tap.wait_with_output()).await.unwrap().expect("tap runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}\nworker log:\n{}", String::from_utf8_lossy(&out.stderr), worker.log());
    let docs: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).expect("a JSON document per line")).collect();
    assert_eq!(docs.len(), 3, "{stdout}");
    let validator = schema();
    for d in &docs {
        assert_valid_document(&validator, d);
    }
    assert_eq!(env.metric("news_enricher_messages_retried_total{reason=\"returned\"}"), 0.0, "the tap's queue made the output routable");
    broker.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn output_that_stays_unroutable_is_parked_not_lost() {
    let env = TestEnv::new("parked", &[("RETRY__DELAYS_MS", "100,100")]);
    let broker = env.broker().await;
    env.declare(&broker).await;
    let worker = env.spawn_worker(&[]);
    env.wait_ready(200, SECS(20));
    let body = articles(1, "never-routed").remove(0);
    env.publish_json(&broker, std::slice::from_ref(&body)).await;
    let mut dlq = env.consume_dead_letters(&broker).await;
    let dead = collect(&mut dlq, 1, SECS(20)).await;
    assert_eq!(dead.len(), 1, "parked in the dead-letter queue; log:\n{}", worker.log());
    assert_eq!(dead[0].properties.header("x-error-kind").as_deref(), Some("publish_failed"));
    assert_eq!(dead[0].properties.header("x-error-stage").as_deref(), Some("publish"));
    assert_eq!(dead[0].body, body.as_bytes());
    assert_eq!(env.metric("news_enricher_messages_retried_total{reason=\"returned\"}"), 2.0);
    broker.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_mid_stream_loses_nothing() {
    let env = TestEnv::new("sigkill", &[]);
    let broker = env.broker().await;
    env.declare(&broker).await;
    let mut out = env.watch_output(&broker).await;
    let total = 4000;
    let bodies = articles(total, "kill");
    let want: HashSet<String> = (0..total).map(|i| format!("kill-{i}")).collect();
    env.publish_json(&broker, &bodies).await;

    let mut first = env.spawn_worker(&[]);
    // Let it get going, then kill it without warning.
    let early = collect(&mut out, 300, SECS(60)).await;
    assert_eq!(early.len(), 300, "first worker made progress; log:\n{}", first.log());
    first.signal("KILL");
    first.wait_exit(SECS(10));

    let second = env.spawn_worker(&[]);
    let mut seen = std::collections::HashMap::new();
    for d in &early {
        *seen.entry(output_id(d)).or_default() += 1;
    }
    collect_ids(&mut out, &mut seen, &want, SECS(120), output_id).await;
    let missing: Vec<&String> = want.iter().filter(|id| !seen.contains_key(*id)).collect();
    let duplicates: usize = seen.values().map(|n| n - 1).sum();
    eprintln!("sigkill: sent {total}, distinct delivered {}, duplicates {duplicates}, missing {}", seen.len(), missing.len());
    assert!(
        missing.is_empty(),
        "{} articles lost, e.g. {:?}; second worker log:\n{}",
        missing.len(),
        &missing[..missing.len().min(5)],
        second.log()
    );
    broker.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_drains_in_flight_and_exits_zero() {
    let env = TestEnv::new("drain", &[]);
    let broker = env.broker().await;
    env.declare(&broker).await;
    let mut out = env.watch_output(&broker).await;
    let total = 3000;
    env.publish_json(&broker, &articles(total, "drain")).await;
    let mut worker = env.spawn_worker(&[]);
    let early = collect(&mut out, 200, SECS(60)).await;
    assert_eq!(early.len(), 200, "worker made progress; log:\n{}", worker.log());
    worker.signal("TERM");
    assert_eq!(worker.wait_exit(SECS(30)), Some(0), "exit code 0 after SIGTERM; log:\n{}", worker.log());
    let log = worker.log();
    // Everything the worker published arrives; the rest is back in the queue; nothing is
    // both (an ack would have been lost) and nothing is neither (an article lost).
    let mut rest = collect(&mut out, total, SECS(3)).await;
    rest.extend(early);
    let published: HashSet<String> = rest.iter().map(output_id).collect();
    assert_eq!(published.len(), rest.len(), "no duplicates in a graceful shutdown");
    // What is left in the input queue, read back by consuming it (a message count of a
    // quorum queue can lag behind acks it has not applied yet).
    let mut input = match broker.consume(&env.settings.input.queue, 500, &format!("{}-rest", env.prefix)).await {
        Ok(d) => d,
        Err(e) => panic!("cannot consume the input queue: {e}"),
    };
    let queued = collect(&mut input, total - published.len(), SECS(20)).await;
    let queued_ids: HashSet<String> =
        queued.iter().filter_map(|d| serde_json::from_slice::<serde_json::Value>(&d.body).ok().and_then(|v| article_id(&v))).collect();
    let both: Vec<&String> = published.intersection(&queued_ids).collect();
    assert!(
        both.is_empty(),
        "{} articles were published and also left unacked, e.g. {:?}; log:\n{log}",
        both.len(),
        &both[..both.len().min(3)]
    );
    assert_eq!(
        published.len() + queued_ids.len(),
        total,
        "published {} + queued {} != {total}; log:\n{log}",
        published.len(),
        queued_ids.len()
    );
    assert!(log.contains("shutting down"), "log mentions the drain:\n{log}");
    broker.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn survives_the_broker_closing_its_connection() {
    let env = TestEnv::new("reconnect", &[]);
    let broker = env.broker().await;
    env.declare(&broker).await;
    let mut out = env.watch_output(&broker).await;
    let worker = env.spawn_worker(&[]);
    env.wait_ready(200, SECS(20));
    env.publish_json(&broker, &articles(10, "before")).await;
    assert_eq!(collect(&mut out, 10, SECS(30)).await.len(), 10);

    // rabbitmqctl lists a new connection a moment after it opens.
    let mut closed = 0;
    for _ in 0..50 {
        closed = close_connections_named(&env.prefix);
        if closed > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(closed > 0, "found the worker's connection to close");
    // It reconnects by itself and goes back to ready.
    let deadline = tokio::time::Instant::now() + SECS(30);
    while env.metric("news_enricher_reconnects_total") < 1.0 {
        assert!(tokio::time::Instant::now() < deadline, "no reconnect; log:\n{}", worker.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    env.wait_ready(200, SECS(30));
    env.publish_json(&broker, &articles(10, "after")).await;
    let got = collect(&mut out, 10, SECS(30)).await;
    assert_eq!(got.len(), 10, "articles flow again after the reconnect; log:\n{}", worker.log());
    broker.close().await;
}

/// The test broker's URL with the password replaced.
fn with_wrong_password() -> String {
    let mut url = url::Url::parse(&broker_url()).unwrap();
    url.set_password(Some("not-the-password")).unwrap();
    url.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_credentials_are_an_error_counted_and_retried() {
    let env = TestEnv::new("auth", &[("AMQP__RECONNECT_INITIAL_MS", "100"), ("AMQP__RECONNECT_MAX_MS", "200")]);
    let url = with_wrong_password();
    let mut worker = env.spawn_worker(&[("AMQP__URL", &url)]);
    let deadline = std::time::Instant::now() + SECS(20);
    while env.metric("news_enricher_broker_auth_failures_total") < 2.0 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(env.metric("news_enricher_broker_auth_failures_total") >= 2.0, "retried and counted; log:\n{}", worker.log());
    let log = worker.log();
    let line = log.lines().find(|l| l.contains("authentication failed")).unwrap_or_else(|| panic!("no authentication error in:\n{log}"));
    assert!(line.contains("\"level\":\"ERROR\""), "{line}");
    assert!(!log.contains("not-the-password"), "the password is never logged");
    assert!(worker.is_running(), "still running: it retries by default; log:\n{}", worker.log());
    worker.signal("TERM");
    assert_eq!(worker.wait_exit(SECS(10)), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_credentials_stop_the_worker_with_fail_fast_on_auth() {
    let env = TestEnv::new("authfast", &[]);
    let url = with_wrong_password();
    let mut worker = env.spawn_worker(&[("AMQP__URL", &url), ("AMQP__FAIL_FAST_ON_AUTH", "true")]);
    assert_eq!(worker.wait_exit(SECS(20)), Some(1), "log:\n{}", worker.log());
    assert!(worker.log().contains("amqp.fail_fast_on_auth"), "{}", worker.log());
}

#[test]
fn publish_to_a_missing_exchange_shows_the_brokers_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one.jsonl");
    std::fs::write(&file, "{\"id\":\"a\",\"body\":\"Anna Berg won the race in Oslo.\"}\n").unwrap();
    let exchange = format!("test-missing-{}", uuid::Uuid::new_v4().simple());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_news-enricher"))
        .args(["publish", file.to_str().unwrap(), "--exchange", &exchange])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("NEWS_ENRICHER__AMQP__URL", broker_url())
        .env("NEWS_ENRICHER__AMQP__DECLARE", "false")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 of 1 messages were not confirmed") && err.contains("NOT_FOUND") && err.contains(&exchange), "{err}");
}
