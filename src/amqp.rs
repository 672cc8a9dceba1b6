//! The AMQP edge: the only module that talks to lapin.
//!
//! It offers what the worker and the `publish` command need and nothing more: connect (with
//! TLS and several broker addresses), declare the topology, consume with a prefetch, publish
//! with publisher confirms and `mandatory`, ack and reject. Message properties stay opaque
//! ([`Properties`]) so no other module depends on lapin's types.

use crate::config::{QueueType, Settings, mask_url};
use crate::error::Reject;
use futures_util::StreamExt;
use lapin::options::{
    BasicAckOptions, BasicConsumeOptions, BasicPublishOptions, BasicQosOptions, BasicRejectOptions, ConfirmSelectOptions,
    ExchangeDeclareOptions, ExchangeDeleteOptions, QueueBindOptions, QueueDeclareOptions, QueueDeleteOptions,
};
use lapin::types::{AMQPValue, FieldTable, LongString, ShortString};
use lapin::{BasicProperties, Confirmation, Connect, ConnectionProperties, ExchangeKind};
use std::time::Duration;

/// Header carrying how many times the worker has sent a message through the retry path.
pub const RETRY_COUNT_HEADER: &str = "x-retry-count";

/// A failure talking to the broker. Every one of these is transient from the message's point
/// of view: the message is retried or redelivered, never dropped.
#[derive(Debug, thiserror::Error)]
pub enum AmqpError {
    #[error("cannot connect to {url}: {source}")]
    Connect { url: String, source: lapin::Error },
    #[error("cannot read CA file {path}: {source}")]
    CaFile { path: String, source: std::io::Error },
    #[error("{what}: {source}")]
    Protocol { what: &'static str, source: lapin::Error },
    #[error("{0} not sent: the channel is closed or the delivery was already settled")]
    NotSent(&'static str),
}

impl AmqpError {
    /// Whether the broker refused the credentials (`ACCESS_REFUSED` while logging in): no
    /// retry fixes that until someone changes the password or the user.
    pub fn is_auth_failure(&self) -> bool {
        match self {
            AmqpError::Connect { source, .. } => source.to_string().contains("ACCESS_REFUSED"),
            _ => false,
        }
    }
}

/// Why a confirmed publish did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The broker returned the message: no queue is bound for its routing key.
    #[error("unroutable: returned by the broker ({0})")]
    Returned(String),
    /// The broker refused the message (a queue full with reject-publish, an internal error).
    #[error("negatively acknowledged by the broker")]
    Nacked,
    /// No confirm arrived in time.
    #[error("no publisher confirm within {0:?}")]
    Timeout(Duration),
    /// The channel or connection failed.
    #[error("channel error: {0}")]
    Channel(lapin::Error),
}

impl PublishError {
    /// Every [`PublishError::reason`], for metrics pre-registration.
    pub const REASONS: [&'static str; 4] = ["returned", "nacked", "timeout", "channel"];

    /// A short stable name for metrics labels and logs (one of [`PublishError::REASONS`]).
    pub fn reason(&self) -> &'static str {
        match self {
            PublishError::Returned(_) => "returned",
            PublishError::Nacked => "nacked",
            PublishError::Timeout(_) => "timeout",
            PublishError::Channel(_) => "channel",
        }
    }
}

fn protocol(what: &'static str) -> impl FnOnce(lapin::Error) -> AmqpError {
    move |source| AmqpError::Protocol { what, source }
}

/// An open connection with one channel for consuming and one, in confirm mode, for publishing.
pub struct Broker {
    connection: lapin::Connection,
    consume_channel: lapin::Channel,
    publish_channel: lapin::Channel,
    /// The address this connection went to, password masked.
    pub address: String,
}

/// Connects to `url` (TLS with `ca_file` when it is an amqps:// URL and one is given) and opens
/// the two channels. `name` is shown in the broker's connection list.
pub async fn connect(url: &str, ca_file: &str, name: &str) -> Result<Broker, AmqpError> {
    let props = ConnectionProperties::default().with_connection_name(LongString::from(name.to_string()));
    let mut tls = lapin::tcp::OwnedTLSConfig::default();
    if !ca_file.is_empty() {
        let pem = std::fs::read_to_string(ca_file).map_err(|source| AmqpError::CaFile { path: ca_file.to_string(), source })?;
        tls.cert_chain = Some(pem);
    }
    let address = mask_url(url);
    let runtime = lapin::runtime::default_runtime().map_err(|source| AmqpError::Connect { url: address.clone(), source })?;
    let connection =
        url.connect_with_config(props, tls, runtime).await.map_err(|source| AmqpError::Connect { url: address.clone(), source })?;
    let consume_channel = connection.create_channel().await.map_err(protocol("open consume channel"))?;
    let publish_channel = connection.create_channel().await.map_err(protocol("open publish channel"))?;
    publish_channel.confirm_select(ConfirmSelectOptions::default()).await.map_err(protocol("enable publisher confirms"))?;
    Ok(Broker { connection, consume_channel, publish_channel, address })
}

impl Broker {
    /// Declares the worker's topology (idempotent; the broker refuses a declaration whose
    /// arguments differ from an existing queue's, and that error is returned):
    /// - input exchange (topic) → input queue (quorum or classic, dead-lettering to the
    ///   dead-letter exchange, with a delivery limit when quorum), bound with `binding_key`;
    /// - output exchange (topic);
    /// - dead-letter exchange (topic) → dead-letter queue bound with `#`;
    /// - retry exchange (direct) → one queue per delay whose expired messages return to the
    ///   input queue through the default exchange.
    pub async fn declare_topology(&self, s: &Settings) -> Result<(), AmqpError> {
        let ch = &self.consume_channel;
        let durable = ExchangeDeclareOptions { durable: true, ..Default::default() };
        for (name, kind) in [
            (&s.input.exchange, ExchangeKind::Topic),
            (&s.output.exchange, ExchangeKind::Topic),
            (&s.dead_letter.exchange, ExchangeKind::Topic),
            (&s.retry.exchange, ExchangeKind::Direct),
        ] {
            ch.exchange_declare(name.as_str().into(), kind, durable, FieldTable::default()).await.map_err(protocol("declare exchange"))?;
        }
        let queue_opts = QueueDeclareOptions { durable: true, ..Default::default() };

        let mut input_args = queue_type_args(s.input.queue_type);
        input_args.insert("x-dead-letter-exchange".into(), string_value(&s.dead_letter.exchange));
        if s.input.queue_type == QueueType::Quorum {
            input_args.insert("x-delivery-limit".into(), AMQPValue::LongLongInt(i64::from(s.input.delivery_limit)));
        }
        ch.queue_declare(s.input.queue.as_str().into(), queue_opts, input_args).await.map_err(protocol("declare input queue"))?;
        ch.queue_bind(
            s.input.queue.as_str().into(),
            s.input.exchange.as_str().into(),
            s.input.binding_key.as_str().into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await
        .map_err(protocol("bind input queue"))?;

        ch.queue_declare(s.dead_letter.queue.as_str().into(), queue_opts, queue_type_args(s.input.queue_type))
            .await
            .map_err(protocol("declare dead-letter queue"))?;
        ch.queue_bind(
            s.dead_letter.queue.as_str().into(),
            s.dead_letter.exchange.as_str().into(),
            "#".into(),
            QueueBindOptions::default(),
            FieldTable::default(),
        )
        .await
        .map_err(protocol("bind dead-letter queue"))?;

        for delay in &s.retry.delays_ms {
            let queue = s.retry_queue(*delay);
            let mut args = queue_type_args(s.input.queue_type);
            args.insert("x-message-ttl".into(), AMQPValue::LongLongInt(i64::try_from(*delay).unwrap_or(i64::MAX)));
            args.insert("x-dead-letter-exchange".into(), string_value(""));
            args.insert("x-dead-letter-routing-key".into(), string_value(&s.input.queue));
            if s.input.queue_type == QueueType::Quorum {
                // Quorum queues can dead-letter at-least-once, so an expiring retry is never
                // lost between the two queues; it needs reject-publish overflow.
                args.insert("x-dead-letter-strategy".into(), string_value("at-least-once"));
                args.insert("x-overflow".into(), string_value("reject-publish"));
            }
            ch.queue_declare(queue.as_str().into(), queue_opts, args).await.map_err(protocol("declare retry queue"))?;
            ch.queue_bind(
                queue.as_str().into(),
                s.retry.exchange.as_str().into(),
                delay.to_string().into(),
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await
            .map_err(protocol("bind retry queue"))?;
        }
        Ok(())
    }

    /// Starts consuming `queue` with `prefetch` unacknowledged deliveries at most (basic.qos is
    /// set before basic.consume, so the broker never sends more).
    pub async fn consume(&self, queue: &str, prefetch: u16, tag: &str) -> Result<Deliveries, AmqpError> {
        self.consume_channel.basic_qos(prefetch, BasicQosOptions::default()).await.map_err(protocol("set prefetch"))?;
        let consumer = self
            .consume_channel
            .basic_consume(queue.into(), tag.into(), BasicConsumeOptions::default(), FieldTable::default())
            .await
            .map_err(protocol("start consumer"))?;
        Ok(Deliveries { consumer })
    }

    /// Publishes one message (`mandatory`, persistent) and waits for the broker's confirm.
    ///
    /// Returns an error when the message was returned as unroutable, nacked, not confirmed
    /// within `timeout`, or the channel failed. Only `Ok` means the broker has taken it.
    pub async fn publish(
        &self,
        exchange: &str,
        routing_key: &str,
        body: &[u8],
        properties: Properties,
        timeout: Duration,
    ) -> Result<(), PublishError> {
        let confirm = self.start_publish(exchange, routing_key, body, properties).await?;
        match tokio::time::timeout(timeout, confirm.wait()).await {
            Ok(result) => result,
            Err(_) => Err(PublishError::Timeout(timeout)),
        }
    }

    /// Sends one message and returns its pending confirm without waiting for it, for callers
    /// that keep many publishes in flight (the `publish` command).
    pub async fn start_publish(
        &self,
        exchange: &str,
        routing_key: &str,
        body: &[u8],
        properties: Properties,
    ) -> Result<PendingConfirm, PublishError> {
        let confirm = self
            .publish_channel
            .basic_publish(
                exchange.into(),
                routing_key.into(),
                BasicPublishOptions { mandatory: true, immediate: false },
                body,
                properties.0.with_delivery_mode(2),
            )
            .await
            .map_err(PublishError::Channel)?;
        Ok(PendingConfirm(confirm))
    }

    /// Stops the consumer `tag`: the broker sends no more deliveries to it. Errors are
    /// ignored (a closed channel delivers nothing either).
    pub async fn cancel_consumer(&self, tag: &str) {
        let _ = self.consume_channel.basic_cancel(tag.into(), lapin::options::BasicCancelOptions::default()).await;
    }

    /// Waits until the broker has processed every frame sent so far on the consuming channel
    /// (acks and rejects included): a `basic.qos` round trip, which the broker answers only
    /// after the frames before it. Used before closing, so no ack is lost in the close.
    pub async fn settle(&self, prefetch: u16) -> Result<(), AmqpError> {
        self.consume_channel.basic_qos(prefetch, BasicQosOptions::default()).await.map_err(protocol("settle acks"))
    }

    /// Closes the channels and the connection politely (errors are ignored: the broker
    /// requeues anything unacknowledged either way).
    pub async fn close(&self) {
        let _ = self.consume_channel.close(200, "bye".into()).await;
        let _ = self.publish_channel.close(200, "bye".into()).await;
        let _ = self.connection.close(200, "bye".into()).await;
    }

    /// Deletes queues and exchanges by name (tests and benchmarks clean up with this).
    pub async fn delete_topology(&self, queues: &[&str], exchanges: &[&str]) -> Result<(), AmqpError> {
        for q in queues {
            self.consume_channel.queue_delete((*q).into(), QueueDeleteOptions::default()).await.map_err(protocol("delete queue"))?;
        }
        for e in exchanges {
            self.consume_channel
                .exchange_delete((*e).into(), ExchangeDeleteOptions::default())
                .await
                .map_err(protocol("delete exchange"))?;
        }
        Ok(())
    }

    /// Declares a non-durable, exclusive, auto-delete queue bound to `exchange` with
    /// `binding_key` and consumes it (tests and benchmarks watch an exchange with this).
    /// With `no_ack` the broker forgets each message as it sends it (do not ack those).
    pub async fn watch(&self, exchange: &str, binding_key: &str, queue: &str, no_ack: bool) -> Result<Deliveries, AmqpError> {
        let ch = &self.consume_channel;
        let opts = QueueDeclareOptions { exclusive: true, auto_delete: true, ..Default::default() };
        ch.queue_declare(queue.into(), opts, FieldTable::default()).await.map_err(protocol("declare watch queue"))?;
        ch.queue_bind(queue.into(), exchange.into(), binding_key.into(), QueueBindOptions::default(), FieldTable::default())
            .await
            .map_err(protocol("bind watch queue"))?;
        let consumer = ch
            .basic_consume(queue.into(), "".into(), BasicConsumeOptions { no_ack, ..Default::default() }, FieldTable::default())
            .await
            .map_err(protocol("consume watch queue"))?;
        Ok(Deliveries { consumer })
    }

    /// Declares a durable quorum queue bound to `exchange` with `binding_key`: a tap that keeps
    /// what the exchange routes through broker restarts and node failures, for the
    /// fault-injection suite. Read it with [`Broker::consume`]. Errors when the broker refuses.
    pub async fn declare_tap(&self, exchange: &str, binding_key: &str, queue: &str) -> Result<(), AmqpError> {
        let ch = &self.consume_channel;
        let opts = QueueDeclareOptions { durable: true, ..Default::default() };
        ch.queue_declare(queue.into(), opts, queue_type_args(QueueType::Quorum)).await.map_err(protocol("declare tap queue"))?;
        ch.queue_bind(queue.into(), exchange.into(), binding_key.into(), QueueBindOptions::default(), FieldTable::default())
            .await
            .map_err(protocol("bind tap queue"))?;
        Ok(())
    }

    /// Number of messages ready in `queue` (passive declare), for tests and benchmarks.
    pub async fn queue_len(&self, queue: &str) -> Result<u32, AmqpError> {
        let q = self
            .consume_channel
            .queue_declare(queue.into(), QueueDeclareOptions { passive: true, ..Default::default() }, FieldTable::default())
            .await
            .map_err(protocol("inspect queue"))?;
        Ok(q.message_count())
    }
}

/// A publish on its way; `wait` resolves with the broker's verdict.
pub struct PendingConfirm(lapin::PublisherConfirm);

impl PendingConfirm {
    /// Waits for the confirm. See [`Broker::publish`] for the errors.
    pub async fn wait(self) -> Result<(), PublishError> {
        match self.0.await {
            Ok(Confirmation::Ack(None)) | Ok(Confirmation::NotRequested) => Ok(()),
            Ok(Confirmation::Ack(Some(returned))) => Err(PublishError::Returned(returned.reply_text.to_string())),
            Ok(Confirmation::Nack(Some(returned))) => Err(PublishError::Returned(returned.reply_text.to_string())),
            Ok(Confirmation::Nack(None)) => Err(PublishError::Nacked),
            Err(e) => Err(PublishError::Channel(e)),
        }
    }
}

fn queue_type_args(kind: QueueType) -> FieldTable {
    let mut args = FieldTable::default();
    let name = match kind {
        QueueType::Quorum => "quorum",
        QueueType::Classic => "classic",
    };
    args.insert("x-queue-type".into(), string_value(name));
    args
}

fn string_value(s: &str) -> AMQPValue {
    AMQPValue::LongString(LongString::from(s.to_string()))
}

/// The stream of deliveries of one consumer. It ends (`None`) when the channel or connection
/// closes or the broker cancels the consumer; the worker then reconnects.
pub struct Deliveries {
    consumer: lapin::Consumer,
}

impl Deliveries {
    /// The next delivery, or `Err` on a channel error, or `None` when consuming is over.
    pub async fn next(&mut self) -> Option<Result<Delivery, AmqpError>> {
        match self.consumer.next().await? {
            Ok(d) => Some(Ok(Delivery {
                body: d.data,
                redelivered: d.redelivered,
                routing_key: d.routing_key.to_string(),
                properties: Properties(d.properties),
                acker: d.acker,
            })),
            Err(source) => Some(Err(AmqpError::Protocol { what: "consume", source })),
        }
    }
}

/// One message received from a queue. It must be acked or rejected on the channel it came
/// from; if that channel is gone, the broker has already requeued it.
pub struct Delivery {
    pub body: Vec<u8>,
    pub redelivered: bool,
    pub routing_key: String,
    pub properties: Properties,
    acker: lapin::Acker,
}

impl Delivery {
    /// Acknowledges: the broker forgets the message. An error means the ack was not sent
    /// (the channel is gone, or the delivery was already acknowledged): the broker will
    /// deliver the message again.
    pub async fn ack(&self) -> Result<(), AmqpError> {
        match self.acker.ack(BasicAckOptions::default()).await {
            Ok(true) => Ok(()),
            Ok(false) => Err(AmqpError::NotSent("ack")),
            Err(source) => Err(AmqpError::Protocol { what: "ack", source }),
        }
    }

    /// Rejects with `basic.reject`; with `requeue` the broker delivers it again (and a quorum
    /// queue counts the attempt toward its delivery limit), without it the broker dead-letters it.
    pub async fn reject(&self, requeue: bool) -> Result<(), AmqpError> {
        match self.acker.reject(BasicRejectOptions { requeue }).await {
            Ok(true) => Ok(()),
            Ok(false) => Err(AmqpError::NotSent("reject")),
            Err(source) => Err(AmqpError::Protocol { what: "reject", source }),
        }
    }
}

/// Message properties, opaque outside this module.
#[derive(Debug, Clone, Default)]
pub struct Properties(BasicProperties);

impl Properties {
    /// Properties for a new JSON message with this `message_id`.
    pub fn json(message_id: &str) -> Self {
        Properties(BasicProperties::default().with_content_type("application/json".into()).with_message_id(message_id.into()))
    }

    /// The `content_type` property.
    pub fn content_type(&self) -> Option<&str> {
        self.0.content_type().as_ref().map(ShortString::as_str)
    }

    /// The `message_id` property.
    pub fn message_id(&self) -> Option<&str> {
        self.0.message_id().as_ref().map(ShortString::as_str)
    }

    /// A string header's value.
    pub fn header(&self, name: &str) -> Option<String> {
        let headers = self.0.headers().as_ref()?;
        match headers.inner().get(name)? {
            AMQPValue::LongString(s) => Some(s.to_string()),
            AMQPValue::ShortString(s) => Some(s.to_string()),
            other => other.as_long_long_int().map(|n| n.to_string()),
        }
    }

    /// How many times the worker has already sent this message through the retry path.
    pub fn retry_count(&self) -> u32 {
        self.header(RETRY_COUNT_HEADER).and_then(|v| v.parse().ok()).unwrap_or(0)
    }

    /// Properties for the enriched output of this input: JSON, the given deterministic
    /// `message_id`, and the input's `correlation_id` and headers (`traceparent` and the rest)
    /// carried over.
    pub fn for_output(&self, message_id: &str) -> Properties {
        let mut out = BasicProperties::default().with_content_type("application/json".into()).with_message_id(message_id.into());
        if let Some(c) = self.0.correlation_id() {
            out = out.with_correlation_id(c.clone());
        }
        if let Some(h) = self.0.headers() {
            let mut headers = FieldTable::default();
            for (k, v) in h.inner() {
                if k.as_str() != RETRY_COUNT_HEADER {
                    headers.insert(k.clone(), v.clone());
                }
            }
            out = out.with_headers(headers);
        }
        Properties(out)
    }

    /// The input's own properties with `x-retry-count` set to `count`, for the retry path.
    pub fn for_retry(&self, count: u32) -> Properties {
        let mut headers = self.0.headers().clone().unwrap_or_default();
        headers.insert(RETRY_COUNT_HEADER.into(), AMQPValue::LongLongInt(i64::from(count)));
        Properties(self.0.clone().with_headers(headers))
    }

    /// The input's own properties with the reason it was parked:
    /// `x-error-kind`, `x-error-message`, `x-error-stage`.
    pub fn for_dead_letter(&self, reject: &Reject, original_routing_key: &str) -> Properties {
        let mut headers = self.0.headers().clone().unwrap_or_default();
        headers.insert("x-error-kind".into(), string_value(reject.kind.as_str()));
        // Header values are bounded so a huge message cannot inflate the dead letter.
        let message: String = reject.message.chars().take(1000).collect();
        headers.insert("x-error-message".into(), string_value(&message));
        headers.insert("x-error-stage".into(), string_value(reject.stage));
        headers.insert("x-original-routing-key".into(), string_value(original_routing_key));
        Properties(self.0.clone().with_headers(headers))
    }

    /// Adds a string header.
    pub fn with_header(self, name: &str, value: &str) -> Properties {
        let mut headers = self.0.headers().clone().unwrap_or_default();
        headers.insert(name.into(), string_value(value));
        Properties(self.0.with_headers(headers))
    }

    /// Sets the content type.
    pub fn with_content_type(self, content_type: &str) -> Properties {
        Properties(self.0.with_content_type(content_type.into()))
    }

    /// Sets the correlation id.
    pub fn with_correlation_id(self, id: &str) -> Properties {
        Properties(self.0.with_correlation_id(id.into()))
    }
}
