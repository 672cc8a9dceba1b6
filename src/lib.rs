//! news-enricher: turns raw news articles from RabbitMQ into enriched documents (clean text,
//! entities, quotes) and publishes them, at least once.
//!
//! # Layout
//!
//! | module | what it holds |
//! |---|---|
//! | [`article`] | [`article::RawArticle`] (and its parser for native and ninjs inputs) and [`article::EnrichedArticle`], the output contract |
//! | [`pipeline`] | the pure enrichment stages and the [`pipeline::Pipeline`] that holds their resources |
//! | [`error`] | [`error::Reject`]: a message that can never succeed, and why |
//! | [`config`] | layered, validated [`config::Settings`] |
//! | [`amqp`] | the AMQP edge (the only module using lapin) |
//! | [`worker`] | the consume → enrich → publish → ack loop, retries, dead-lettering, reconnects, shutdown |
//! | [`http`] | `/healthz`, `/readyz`, `/metrics` |
//! | [`metrics`] | the Prometheus metrics |
//!
//! The binary (`src/main.rs`, `src/cli/`) adds the command line: `run`, `process`, `publish`,
//! `config` and `train-ner`.
//!
//! # Delivery semantics
//!
//! At least once: the input is acked only after the broker confirmed the enriched output (or
//! the dead letter). See [`worker`] for the whole contract.

#![forbid(unsafe_code)]

pub mod amqp;
pub mod article;
pub mod config;
pub mod error;
pub mod http;
pub mod metrics;
pub mod pipeline;
pub mod worker;
