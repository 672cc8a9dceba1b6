//! Typed failures the worker branches on.
//!
//! A [`Reject`] means "this message can never succeed": the worker parks it in the dead-letter
//! queue with its reason and moves on. Anything transient (a broker nack, an unroutable output,
//! a lost channel) is not a `Reject`; the worker retries it instead (see `crate::worker`).

use serde::Serialize;
use std::fmt;

/// Why a message was rejected. The snake_case name is what appears in the `x-error-kind`
/// header, the `kind` field of `process` error lines and the `kind` label of
/// `news_enricher_messages_rejected_total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectKind {
    /// The message body is larger than `limits.max_message_bytes`.
    TooLarge,
    /// The message body is not valid UTF-8.
    InvalidUtf8,
    /// The body claims to be JSON but does not parse.
    MalformedJson,
    /// Valid JSON, but neither a native article nor an IPTC ninjs item.
    UnsupportedShape,
    /// A known shape with a field of the wrong type or an unparsable value.
    InvalidField,
    /// The article has no body text.
    EmptyBody,
    /// Processing took longer than `worker.processing_timeout_ms`.
    Timeout,
    /// The enriched document could not be routed or confirmed after every retry.
    PublishFailed,
    /// A bug of ours, not the input's fault: the pipeline panicked or its output could not
    /// be serialized. Alerted on (`NewsEnricherInternalError`); replay the message after a fix.
    Internal,
}

impl RejectKind {
    /// Every kind, for metrics pre-registration and documentation.
    pub const ALL: [RejectKind; 9] = [
        RejectKind::TooLarge,
        RejectKind::InvalidUtf8,
        RejectKind::MalformedJson,
        RejectKind::UnsupportedShape,
        RejectKind::InvalidField,
        RejectKind::EmptyBody,
        RejectKind::Timeout,
        RejectKind::PublishFailed,
        RejectKind::Internal,
    ];

    /// The stable snake_case name used in headers, metrics and error lines.
    pub fn as_str(self) -> &'static str {
        match self {
            RejectKind::TooLarge => "too_large",
            RejectKind::InvalidUtf8 => "invalid_utf8",
            RejectKind::MalformedJson => "malformed_json",
            RejectKind::UnsupportedShape => "unsupported_shape",
            RejectKind::InvalidField => "invalid_field",
            RejectKind::EmptyBody => "empty_body",
            RejectKind::Timeout => "timeout",
            RejectKind::PublishFailed => "publish_failed",
            RejectKind::Internal => "internal",
        }
    }
}

impl fmt::Display for RejectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message that can never succeed, with a reason a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at {stage}: {message}")]
pub struct Reject {
    /// What class of problem this is.
    pub kind: RejectKind,
    /// The stage that found it (`input`, `normalize`, `publish`, ...): the `x-error-stage` header.
    pub stage: &'static str,
    /// Human-readable detail: the `x-error-message` header.
    pub message: String,
}

impl Reject {
    /// A reject found while reading the message itself.
    pub fn input(kind: RejectKind, message: impl Into<String>) -> Self {
        Reject { kind, stage: "input", message: message.into() }
    }
}
