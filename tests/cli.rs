//! The command line without a broker: `process` and `config`.

mod common;

use common::{assert_valid_document, schema};
use std::io::Write;
use std::process::{Command, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_news-enricher"));
    c.env_clear().env("PATH", std::env::var("PATH").unwrap_or_default());
    c
}

fn run_with_stdin(args: &[&str], input: &str) -> (i32, String, String) {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn process_bundled_examples_gives_one_valid_document_per_line() {
    let out = bin().arg("process").output().expect("binary runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let examples = include_str!("../examples/articles.jsonl");
    let inputs: Vec<serde_json::Value> = examples.lines().map(|l| serde_json::from_str(l).expect("example is JSON")).collect();
    let outputs: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("output line is JSON"))
        .collect();
    assert!(inputs.len() >= 5, "a handful of examples");
    assert_eq!(outputs.len(), inputs.len());
    let validator = schema();
    for (input, output) in inputs.iter().zip(&outputs) {
        assert_valid_document(&validator, output);
        let id = input.get("id").or_else(|| input.get("uri")).expect("example has an id");
        assert_eq!(&output["id"], id, "same order as the input");
        assert!(output["text"].as_str().is_some_and(|t| !t.contains('<')), "no markup left");
    }
}

#[test]
fn process_keeps_going_after_bad_lines_and_keeps_order() {
    let input = [
        r#"{"id":"a","body":"<p>The first article.</p>"}"#,
        r#"{"id":"b", "body": "#,
        r#"[1,2]"#,
        "",
        r#"{"id":"c","body":42}"#,
        r#"{"id":"d","body":"The last article."}"#,
    ]
    .join("\n");
    let (code, stdout, stderr) = run_with_stdin(&["process", "-"], &input);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(lines.len(), 5, "one output per non-empty input line");
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["text"], "The first article.");
    assert_eq!(lines[1]["error"]["kind"], "malformed_json");
    assert_eq!(lines[2]["error"]["kind"], "unsupported_shape");
    assert_eq!(lines[3]["id"], "c");
    assert_eq!(lines[3]["error"]["kind"], "invalid_field");
    assert_eq!(lines[4]["id"], "d");
}

#[test]
fn process_writes_to_an_output_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.jsonl");
    let output = dir.path().join("out.jsonl");
    std::fs::write(&input, "{\"id\":\"x\",\"body\":\"Hello there, world.\"}\n").expect("write input");
    let status = bin()
        .args(["process", input.to_str().unwrap_or_default(), "-o", output.to_str().unwrap_or_default()])
        .status()
        .expect("binary runs");
    assert!(status.success());
    let written = std::fs::read_to_string(&output).expect("output written");
    assert_eq!(written.lines().count(), 1);
    assert!(written.contains("\"id\":\"x\""));
}

#[test]
fn config_masks_secrets_and_names_bad_keys() {
    let out = bin()
        .arg("config")
        .env("NEWS_ENRICHER__AMQP__URL", "amqp://worker:hunter2@rabbit:5672/news")
        .output()
        .expect("binary runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("hunter2"), "password shown:\n{text}");
    assert!(text.contains("worker:****@rabbit"));
    assert!(text.contains("prefetch = 64"));

    let bad = bin().arg("config").env("NEWS_ENRICHER__INPUT__PREFETCH", "many").output().expect("binary runs");
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("input.prefetch"), "{err}");

    let missing = bin().args(["--config", "/nonexistent/news-enricher.toml", "config"]).output().expect("binary runs");
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn config_file_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("news-enricher.yaml");
    std::fs::write(&path, "input:\n  prefetch: 7\n").expect("write config");
    let out = bin().arg("config").env("NEWS_ENRICHER_CONFIG", &path).output().expect("binary runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("prefetch = 7"));
}
