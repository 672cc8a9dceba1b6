//! The command line without a broker: `process` and `config`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

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
    let mut child = bin().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("binary starts");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    let out = child.wait_with_output().expect("binary runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).to_string(), String::from_utf8_lossy(&out.stderr).to_string())
}

#[test]
fn process_bundled_examples_gives_one_valid_document_per_line() {
    let out = bin().arg("process").output().expect("binary runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let examples = include_str!("../examples/articles.jsonl");
    let inputs: Vec<serde_json::Value> = examples.lines().map(|l| serde_json::from_str(l).expect("example is JSON")).collect();
    let outputs: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("output line is JSON")).collect();
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
    assert_eq!(lines.len(), 6, "one output per input line, blank ones included");
    assert_eq!(lines[0]["id"], "a");
    assert_eq!(lines[0]["text"], "The first article.");
    assert_eq!(lines[1]["error"]["kind"], "malformed_json");
    assert_eq!(lines[2]["error"]["kind"], "unsupported_shape");
    assert_eq!((lines[3]["line"].as_u64(), lines[3]["error"]["kind"].as_str()), (Some(4), Some("empty_body")));
    assert_eq!(lines[4]["id"], "c");
    assert_eq!(lines[4]["error"]["kind"], "invalid_field");
    assert_eq!(lines[5]["id"], "d");
    assert!(
        stderr.contains("read 6 lines: 2 enriched, 4 errors (empty_body 1, invalid_field 1, malformed_json 1, unsupported_shape 1)"),
        "summary on stderr: {stderr}"
    );
}

/// Runs `process -` on raw bytes; returns the exit code, the output lines and stderr.
fn process_bytes(args: &[&str], input: &[u8]) -> (i32, Vec<serde_json::Value>, String) {
    let mut child = bin().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("binary starts");
    child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
    let out = child.wait_with_output().expect("binary runs");
    let lines = String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    (out.status.code().unwrap_or(-1), lines, String::from_utf8_lossy(&out.stderr).to_string())
}

#[test]
fn a_line_of_invalid_utf8_gives_an_error_line_and_the_run_goes_on() {
    let mut input = br#"{"id":"a","body":"Anna Berg won the race in Oslo."}"#.to_vec();
    input.extend_from_slice(b"\n{\"id\":\"b\",\"body\":\"caf\xE9\"}\n");
    input.extend_from_slice(br#"{"id":"c","body":"The last article."}"#);
    let (code, lines, stderr) = process_bytes(&["process", "-"], &input);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["id"], "a");
    assert_eq!((lines[1]["line"].as_u64(), lines[1]["error"]["kind"].as_str()), (Some(2), Some("invalid_utf8")));
    assert_eq!(lines[2]["id"], "c");
}

#[test]
fn a_byte_order_mark_before_the_first_line_is_ignored() {
    let input = "\u{feff}{\"id\":\"bom\",\"body\":\"Anna Berg won the race in Oslo.\"}\n";
    let (code, lines, stderr) = process_bytes(&["process", "-"], input.as_bytes());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["id"], "bom", "{:?}", lines[0]);
}

#[test]
fn fail_on_error_sets_the_exit_status_after_writing_every_line() {
    let input = b"{\"id\":\"a\",\"body\":\"Fine.\"}\nnot json\n";
    let (code, lines, _) = process_bytes(&["process", "-"], input);
    assert_eq!((code, lines.len()), (0, 2), "errors alone do not fail the run");
    let (code, lines, stderr) = process_bytes(&["process", "--fail-on-error", "-"], input);
    assert_eq!((code, lines.len()), (1, 2), "{stderr}");
    assert!(stderr.contains("1 of 2 lines gave an error line"), "{stderr}");
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
    let out = bin().arg("config").env("NEWS_ENRICHER__AMQP__URL", "amqp://worker:hunter2@rabbit:5672/news").output().expect("binary runs");
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

#[test]
fn a_bad_rust_log_stops_the_program_naming_it() {
    let out = bin().arg("config").env("RUST_LOG", "infoo").output().expect("binary runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("RUST_LOG") && err.contains("trace, debug, info, warn, error, off"), "{err}");
}

#[test]
fn a_single_underscore_setting_is_warned_about() {
    let out = bin().arg("config").env("NEWS_ENRICHER_INPUT_PREFETCH", "3").output().expect("binary runs");
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning: NEWS_ENRICHER_INPUT_PREFETCH is not read") && err.contains("NEWS_ENRICHER__INPUT__PREFETCH"), "{err}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("prefetch = 64"), "the variable changed nothing");
}

#[test]
fn pretty_logs_to_a_file_have_no_colour_codes() {
    // `run` against a port where no broker listens logs its connection attempts, then is stopped.
    let dir = tempfile::tempdir().expect("temp dir");
    let log = std::fs::File::create(dir.path().join("log")).expect("log file");
    let mut child = bin()
        .arg("run")
        .env("NEWS_ENRICHER__LOG__FORMAT", "pretty")
        .env("NEWS_ENRICHER__AMQP__URL", "amqp://guest:guest@127.0.0.1:1/%2f")
        .env("NEWS_ENRICHER__HTTP__LISTEN", "127.0.0.1:0")
        .stderr(log)
        .spawn()
        .expect("binary starts");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let _ = child.kill();
    let _ = child.wait();
    let text = std::fs::read_to_string(dir.path().join("log")).expect("log readable");
    assert!(text.contains("INFO") || text.contains("WARN"), "something was logged: {text}");
    assert!(!text.contains('\u{1b}'), "ANSI escape codes in a file: {text:?}");
}
