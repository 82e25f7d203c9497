//! [`DeliverySpec`]: what to deliver, where, signed how, retried how — fixed for a delivery's
//! whole life.

use serde::{Deserialize, Serialize};

use crate::endpoint::Endpoint;
use crate::message_id::MessageId;
use crate::payload::Payload;
use crate::retry::RetryPolicy;
use crate::sign::Signer;

/// Everything about one delivery that does not change while it runs: the message id, the
/// [`Endpoint`], the optional [`Signer`], the rendered [`Payload`] and the [`RetryPolicy`].
///
/// Many deliveries can share one spec's parts by cloning (the payload body is
/// reference-counted). The serialized form holds the signer's keys and the endpoint's
/// credentials.
///
/// ```
/// use hookwire::{Endpoint, Keyring, MessageId, Payload, Scheme, Secret, Signer};
/// use hookwire::delivery::DeliverySpec;
/// use hookwire::retry::RetryPolicy;
///
/// let spec = DeliverySpec::new(
///     MessageId::new("evt_42")?,
///     Endpoint::builder("https://hooks.example.com/in").build()?,
///     Payload::json(r#"{"event":"email_opened"}"#),
/// )
/// .with_signer(Signer::new(Scheme::StandardWebhooks, Keyring::new().with(Secret::from_bytes([7u8; 32])?))?)
/// .with_policy(RetryPolicy::exponential());
/// assert_eq!(spec.message_id().as_str(), "evt_42");
/// # Ok::<(), hookwire::ConfigError>(())
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeliverySpec {
    message_id: MessageId,
    endpoint: Endpoint,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    signer: Option<Signer>,
    payload: Payload,
    policy: RetryPolicy,
}

impl DeliverySpec {
    /// A spec with no signature and [`RetryPolicy::exponential`].
    ///
    /// See [`DeliverySpec`] for an example.
    pub fn new(message_id: MessageId, endpoint: Endpoint, payload: Payload) -> Self {
        DeliverySpec {
            message_id,
            endpoint,
            signer: None,
            payload,
            policy: RetryPolicy::exponential(),
        }
    }

    /// Signs every attempt with `signer` (freshly, at the attempt's time).
    ///
    /// See [`DeliverySpec`] for an example.
    #[must_use]
    pub fn with_signer(mut self, signer: Signer) -> Self {
        self.signer = Some(signer);
        self
    }

    /// Retries by `policy`.
    ///
    /// See [`DeliverySpec`] for an example.
    #[must_use]
    pub fn with_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The caller's id for the message (it seeds the retry jitter and signs as `webhook-id`).
    ///
    /// See [`DeliverySpec`] for an example.
    pub fn message_id(&self) -> &MessageId {
        &self.message_id
    }

    /// Where it goes.
    ///
    /// ```
    /// # use hookwire::{delivery::DeliverySpec, Endpoint, MessageId, Payload};
    /// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/").build()?, Payload::json("1"));
    /// assert_eq!(spec.endpoint().url().as_str(), "https://e.com/");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// The signer, if requests are signed.
    ///
    /// ```
    /// # use hookwire::{delivery::DeliverySpec, Endpoint, MessageId, Payload};
    /// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/").build()?, Payload::json("1"));
    /// assert!(spec.signer().is_none());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn signer(&self) -> Option<&Signer> {
        self.signer.as_ref()
    }

    /// The rendered body and its headers.
    ///
    /// ```
    /// # use hookwire::{delivery::DeliverySpec, Endpoint, MessageId, Payload};
    /// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/").build()?, Payload::json("1"));
    /// assert_eq!(spec.payload().body().as_ref(), b"1");
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn payload(&self) -> &Payload {
        &self.payload
    }

    /// The retry policy.
    ///
    /// ```
    /// # use hookwire::{delivery::DeliverySpec, Endpoint, MessageId, Payload};
    /// # let spec = DeliverySpec::new(MessageId::new("m")?, Endpoint::builder("https://e.com/").build()?, Payload::json("1"));
    /// assert_eq!(spec.policy().max_attempts(), 10);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }
}
