//! The webhook action step's configuration and the seed's availability rules.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::format::RenderError;
use crate::format::json_template::{JsonTemplate, TemplateError};
use crate::format::listrak::{CONTACT_KEYS, Contact, JourneyPayload};
use crate::payload::Payload;

/// The category of the journey a webhook step sits in.
///
/// ```
/// use hookwire::presets::listrak::JourneyCategory;
/// assert!(JourneyCategory::Abandonment.allows_payload());
/// assert!(!JourneyCategory::Other("Welcome".into()).allows_payload());
/// assert!(!JourneyCategory::ShopifyTransactional.allows_webhook());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum JourneyCategory {
    /// Purchase journeys (post-purchase, replenishment…).
    Purchase,
    /// Abandonment journeys (cart, browse).
    Abandonment,
    /// Alerts journeys (back in stock, price drop…).
    Alerts,
    /// Shopify Transactional journeys, where the webhook step is not available.
    ShopifyTransactional,
    /// Any other category, by name.
    Other(String),
}

impl JourneyCategory {
    /// "The webhook action step is available in all journey types except Shopify
    /// Transactional journeys."
    ///
    /// ```
    /// assert!(hookwire::presets::listrak::JourneyCategory::Alerts.allows_webhook());
    /// ```
    pub fn allows_webhook(&self) -> bool {
        !matches!(self, JourneyCategory::ShopifyTransactional)
    }

    /// "The option to send payload data is available in the journeys in the Purchase,
    /// Abandonment, and Alerts categories."
    ///
    /// ```
    /// assert!(hookwire::presets::listrak::JourneyCategory::Purchase.allows_payload());
    /// ```
    pub fn allows_payload(&self) -> bool {
        matches!(
            self,
            JourneyCategory::Purchase | JourneyCategory::Abandonment | JourneyCategory::Alerts
        )
    }
}

/// A step on the journey path before the webhook step; only coupon actions matter to it.
///
/// ```
/// use hookwire::presets::listrak::PathStep;
/// let path = [PathStep::Coupon { name: "10% off".into() }, PathStep::Other { name: "Wait 1 day".into() }];
/// assert!(matches!(path[0], PathStep::Coupon { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum PathStep {
    /// A coupon action, which gives the contact a code.
    Coupon {
        /// The action's name.
        name: String,
    },
    /// Any other step (email, wait, split…).
    Other {
        /// The step's name.
        name: String,
    },
}

/// What the webhook step sends.
///
/// ```
/// use hookwire::presets::listrak::StepMode;
/// let mode = StepMode::Payload { include_coupon_codes: true };
/// assert!(matches!(mode, StepMode::Payload { include_coupon_codes: true }));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub enum StepMode {
    /// The "JSON" radio button: a template the user wrote. Available in every journey. The
    /// step reserves the contact's keys in it ([`CONTACT_KEYS`]), as
    /// [`listrak::template`](crate::format::listrak::template) does.
    Json(JsonTemplate),
    /// The "Payload" radio button: the [`JourneyPayload`], with the "Include Coupon Code"
    /// checkbox.
    Payload {
        /// Whether the codes of the coupon actions before the step are sent.
        include_coupon_codes: bool,
    },
}

/// Why a webhook step cannot be configured where it is: these rules are about journeys, not
/// HTTP. ([`ConfigError`](crate::ConfigError) gathers it with every other setup mistake.)
///
/// ```
/// use hookwire::presets::listrak::{JourneyCategory, StepError, StepMode, WebhookStep};
///
/// let mode = StepMode::Payload { include_coupon_codes: false };
/// let err = WebhookStep::new(JourneyCategory::Other("Welcome".into()), &[], mode).unwrap_err();
/// assert!(matches!(err, StepError::PayloadUnavailable { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StepError {
    /// The journey is a Shopify Transactional one.
    #[error("the webhook step is not available in {category} journeys")]
    WebhookUnavailable {
        /// The journey's category.
        category: String,
    },
    /// Payload mode outside the Purchase, Abandonment and Alerts categories.
    #[error(
        "payload mode is only available in Purchase, Abandonment and Alerts journeys, \
         not {category}; use a JSON template"
    )]
    PayloadUnavailable {
        /// The journey's category.
        category: String,
    },
    /// "Include Coupon Code" with no coupon action before the step.
    #[error("\"Include Coupon Code\" needs a coupon action in the path before the webhook step")]
    NoCouponAction,
    /// The JSON template uses, at its top level, a key the contact is appended under
    /// ([`CONTACT_KEYS`]): [`TemplateError::ReservedKey`]. Rename the template's key.
    ///
    /// ```
    /// use hookwire::format::json_template::{JsonTemplate, TemplateError};
    /// use hookwire::presets::listrak::{JourneyCategory, StepError, StepMode, WebhookStep};
    ///
    /// let json = StepMode::Json(JsonTemplate::new(r#"{"phoneNumber": "{{sms}}"}"#)?);
    /// assert_eq!(
    ///     WebhookStep::new(JourneyCategory::Alerts, &[], json).unwrap_err(),
    ///     StepError::Template(TemplateError::ReservedKey { key: "phoneNumber".into() })
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[error("the JSON template cannot take the contact: {0}")]
    Template(TemplateError),
}

/// A webhook action step, checked against the journey it sits in.
///
/// ```
/// use hookwire::presets::listrak::{JourneyCategory, PathStep, StepError, StepMode, WebhookStep};
///
/// let coupon = PathStep::Coupon { name: "10% off".into() };
/// let mode = StepMode::Payload { include_coupon_codes: true };
/// let step = WebhookStep::new(JourneyCategory::Abandonment, &[coupon], mode.clone())?;
/// assert_eq!(step.coupon_actions(), ["10% off"]);
/// assert_eq!(
///     WebhookStep::new(JourneyCategory::Abandonment, &[], mode).unwrap_err(),
///     StepError::NoCouponAction
/// );
/// # Ok::<(), StepError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// A saved step is checked like a new one, so it cannot come back breaking the seed's rules.
#[serde(try_from = "SavedStep")]
pub struct WebhookStep {
    category: JourneyCategory,
    mode: StepMode,
    coupon_actions: Vec<String>,
}

/// A [`WebhookStep`] as serialized, before its rules are checked again.
#[derive(Deserialize)]
struct SavedStep {
    category: JourneyCategory,
    mode: StepMode,
    coupon_actions: Vec<String>,
}

impl TryFrom<SavedStep> for WebhookStep {
    type Error = StepError;

    fn try_from(saved: SavedStep) -> Result<Self, StepError> {
        let before: Vec<PathStep> = saved
            .coupon_actions
            .into_iter()
            .map(|name| PathStep::Coupon { name })
            .collect();
        WebhookStep::new(saved.category, &before, saved.mode)
    }
}

impl WebhookStep {
    /// Checks the seed's rules for a step in a `category` journey after the steps `before`
    /// (in path order):
    ///
    /// - no webhook step in Shopify Transactional journeys;
    /// - payload mode only in Purchase, Abandonment and Alerts journeys;
    /// - "Include Coupon Code" only after at least one coupon action ("A coupon action must be
    ///   configured in the path prior to the webhook step");
    /// - a JSON template leaves the contact's keys to the contact ("A contact's email address
    ///   and phone number are automatically appended to the JSON schema or payload
    ///   configured").
    ///
    /// ```
    /// use hookwire::format::json_template::JsonTemplate;
    /// use hookwire::presets::listrak::{JourneyCategory, StepError, StepMode, WebhookStep};
    ///
    /// let json = StepMode::Json(JsonTemplate::new("{}")?);
    /// assert!(WebhookStep::new(JourneyCategory::Other("Welcome".into()), &[], json.clone()).is_ok());
    /// assert!(matches!(
    ///     WebhookStep::new(JourneyCategory::ShopifyTransactional, &[], json),
    ///     Err(StepError::WebhookUnavailable { .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        category: JourneyCategory,
        before: &[PathStep],
        mode: StepMode,
    ) -> Result<Self, StepError> {
        let name = || match &category {
            JourneyCategory::Other(name) => name.clone(),
            JourneyCategory::ShopifyTransactional => "Shopify Transactional".to_owned(),
            known => format!("{known:?}"),
        };
        if !category.allows_webhook() {
            return Err(StepError::WebhookUnavailable { category: name() });
        }
        let coupon_actions: Vec<String> = before
            .iter()
            .filter_map(|step| match step {
                PathStep::Coupon { name } => Some(name.clone()),
                PathStep::Other { .. } => None,
            })
            .collect();
        if let StepMode::Payload {
            include_coupon_codes,
        } = &mode
        {
            if !category.allows_payload() {
                return Err(StepError::PayloadUnavailable { category: name() });
            }
            if *include_coupon_codes && coupon_actions.is_empty() {
                return Err(StepError::NoCouponAction);
            }
        }
        let mode = match mode {
            StepMode::Json(template) => StepMode::Json(
                template
                    .with_appended_keys(CONTACT_KEYS)
                    .map_err(StepError::Template)?,
            ),
            payload => payload,
        };
        Ok(WebhookStep {
            category,
            mode,
            coupon_actions,
        })
    }

    /// The journey's category.
    ///
    /// ```
    /// # use hookwire::format::json_template::JsonTemplate;
    /// # use hookwire::presets::listrak::*;
    /// let step = WebhookStep::new(JourneyCategory::Alerts, &[], StepMode::Json(JsonTemplate::new("{}")?))?;
    /// assert_eq!(step.category(), &JourneyCategory::Alerts);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn category(&self) -> &JourneyCategory {
        &self.category
    }

    /// What the step sends.
    ///
    /// ```
    /// # use hookwire::format::json_template::JsonTemplate;
    /// # use hookwire::presets::listrak::*;
    /// let step = WebhookStep::new(JourneyCategory::Alerts, &[], StepMode::Json(JsonTemplate::new("{}")?))?;
    /// assert!(matches!(step.mode(), StepMode::Json(_)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn mode(&self) -> &StepMode {
        &self.mode
    }

    /// The names of the coupon actions before the step, in path order; with "Include Coupon
    /// Code", the codes all of them gave the contact are sent.
    ///
    /// ```
    /// # use hookwire::presets::listrak::*;
    /// let before = [PathStep::Coupon { name: "a".into() }, PathStep::Coupon { name: "b".into() }];
    /// let step = WebhookStep::new(JourneyCategory::Purchase, &before, StepMode::Payload { include_coupon_codes: true })?;
    /// assert_eq!(step.coupon_actions(), ["a", "b"]);
    /// # Ok::<(), StepError>(())
    /// ```
    pub fn coupon_actions(&self) -> &[String] {
        &self.coupon_actions
    }

    /// Renders the body for one contact: the template with `data` in JSON mode, the
    /// `payload` in payload mode (its coupon codes dropped unless "Include Coupon Code" is
    /// on). The contact's email and phone are appended either way.
    ///
    /// In payload mode a missing `payload` is a [`RenderError::MissingField`]; in JSON mode
    /// `payload` is ignored.
    ///
    /// ```
    /// use hookwire::format::listrak::{Contact, JourneyEvent, JourneyPayload};
    /// use hookwire::presets::listrak::*;
    ///
    /// let step = WebhookStep::new(
    ///     JourneyCategory::Abandonment,
    ///     &[PathStep::Other { name: "Wait".into() }],
    ///     StepMode::Payload { include_coupon_codes: false },
    /// )?;
    /// let mut cart = JourneyPayload::new(JourneyEvent::AdvancedCartAbandonment);
    /// cart.coupon_codes.push("SAVE10".into());
    /// let contact = Contact::new().with_email("ada@example.com");
    /// let body = step.render(&serde_json::Value::Null, Some(&cart), &contact)?;
    /// assert_eq!(
    ///     body.body().as_ref(),
    ///     br#"{"eventType":"advancedCartAbandonment","emailAddress":"ada@example.com"}"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render(
        &self,
        data: &Value,
        payload: Option<&JourneyPayload>,
        contact: &Contact,
    ) -> Result<Payload, RenderError> {
        match &self.mode {
            StepMode::Json(template) => template.render(data, &contact.appended()),
            StepMode::Payload {
                include_coupon_codes,
            } => {
                let payload = payload.ok_or_else(|| RenderError::MissingField {
                    path: "(journey payload)".to_owned(),
                })?;
                let mut payload = payload.clone();
                payload.contact = contact.clone();
                if !include_coupon_codes {
                    payload.coupon_codes.clear();
                }
                payload.render()
            }
        }
    }
}
