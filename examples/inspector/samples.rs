//! The "send test" samples: one body per format, taken from the vendors' own documents (the
//! seeds) where they give one, and the scheme and retry policy each vendor's sender uses.

use hookwire::Payload;
use hookwire::format::netcore::{self, Batch};

/// One sample the "send test" form can fire.
#[derive(Debug)]
pub(crate) struct Sample {
    /// The form value.
    pub(crate) name: &'static str,
    pub(crate) label: &'static str,
    /// The check the vendor's sender uses: a `verify::SCHEMES` value.
    pub(crate) scheme: &'static str,
    /// The vendor whose sender the sample stands for.
    pub(crate) vendor: &'static str,
    /// The vendor's retry policy, by its `hookwire::presets::by_name` name.
    pub(crate) policy: &'static str,
    build: fn() -> Result<Payload, String>,
}

impl Sample {
    /// The body, its content type and any headers the format needs.
    pub(crate) fn payload(&self) -> Result<Payload, String> {
        (self.build)()
    }
}

pub(crate) const SAMPLES: &[Sample] = &[
    Sample {
        name: "netcore",
        label: "Netcore batch (SMS delivered, email opened)",
        scheme: "basic",
        vendor: "Netcore",
        policy: "netcore",
        build: netcore_batch,
    },
    Sample {
        name: "lytics",
        label: "Lytics audience enter event",
        scheme: "none",
        vendor: "Lytics",
        policy: "lytics",
        build: || Ok(Payload::json(LYTICS_ENTER)),
    },
    Sample {
        name: "cloudevents",
        label: "CloudEvents structured (Lytics)",
        scheme: "none",
        vendor: "Lytics",
        policy: "lytics",
        build: || {
            Payload::new("application/cloudevents+json", CLOUDEVENT_STRUCTURED)
                .map_err(|err| err.to_string())
        },
    },
    Sample {
        name: "cloudevents-binary",
        label: "CloudEvents binary (ce- headers)",
        scheme: "none",
        vendor: "Lytics",
        policy: "lytics",
        build: cloudevent_binary,
    },
    Sample {
        name: "cloudevents-batch",
        label: "CloudEvents batch",
        scheme: "none",
        vendor: "Lytics",
        policy: "lytics",
        build: || {
            Payload::new("application/cloudevents-batch+json", CLOUDEVENT_BATCH)
                .map_err(|err| err.to_string())
        },
    },
    Sample {
        name: "listrak",
        label: "Listrak cart abandonment payload",
        scheme: "listrak",
        vendor: "Listrak",
        policy: "listrak",
        build: || Ok(Payload::json(LISTRAK_CART)),
    },
    Sample {
        name: "smarter-launch",
        label: "Smarter Launch proposal accepted",
        scheme: "smarter-launch",
        vendor: "Smarter Launch",
        policy: "smarter-launch",
        build: || Ok(Payload::json(SMARTER_LAUNCH_ACCEPTED)),
    },
    Sample {
        name: "standard",
        label: "Standard Webhooks JSON",
        scheme: "standard",
        vendor: "Standard Webhooks",
        policy: "standard",
        build: || Ok(Payload::json(STANDARD_JSON)),
    },
];

pub(crate) fn by_name(name: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|sample| sample.name == name)
}

/// Netcore's second sample (seed 002): an SMS delivery and an email open in one batch, sent
/// as Netcore does — `data=<percent-encoded JSON>` — by hookwire's own encoder.
fn netcore_batch() -> Result<Payload, String> {
    let document: serde_json::Value =
        serde_json::from_str(NETCORE_BATCH).map_err(|err| err.to_string())?;
    let batch = Batch::from_value(document).map_err(|err| err.to_string())?;
    netcore::render(&batch).map_err(|err| err.to_string())
}

/// Binary mode carries the attributes as `ce-` headers and the data as the body.
fn cloudevent_binary() -> Result<Payload, String> {
    let headers = [
        ("ce-specversion", "1.0"),
        ("ce-id", "6449017691630140399"),
        ("ce-source", "/work/abcd42a455d7365e08d5f4ce321e4bacd"),
        ("ce-type", "com.lytics.audience.user.event"),
        ("ce-time", "2023-05-10T23:27:53.568929003Z"),
    ];
    headers
        .into_iter()
        .try_fold(Payload::json(LYTICS_USER_DATA), |payload, (name, value)| {
            payload.with_header(name, value)
        })
        .map_err(|err| err.to_string())
}

const NETCORE_BATCH: &str = r#"{"qa_manual1":[
 {"channel":"sms","event":"delivered","custom_params":{"Action":"SMS Deliver"},
  "att_params":{"LASTNAME":"","FIRSTNAME":"","MOBILE":"9999999999","EMAIL":"abcd@gmail.com"},
  "msgid":"1318","webhook_name":"testqa112",
  "event_params":{"foreignkey":"abcd@gmail.com","timestamp":"2022-12-01T18:12:46","ts":221201181246,"name":"WebHook Test_SMS","mobile":"8281904975"},
  "journey_name":"Webhook Journey_SMS"},
 {"channel":"email","event":"open","custom_params":{"Action":"Email Open"},
  "att_params":{"LASTNAME":"Thomas","FIRSTNAME":"RMT","MOBILE":"1234567890","EMAIL":"abcde@gmail.com"},
  "msgid":"4930","webhook_name":"testqa112",
  "event_params":{"ip_addr":"66.249.84.250","foreignkey":"abcde@gmail.com","timestamp":"2022-12-01T18:12:54","ts":221201181254,"user_agent":"Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)","name":null,"mobile":"1234567890"},
  "journey_name":"Webhook Journey_Email"}]}"#;

/// Lytics' "audience enter event with user fields selected" (seed 004).
const LYTICS_ENTER: &str = r#"{"id":"15761203643149024539","data":{"first_name":"Joe","last_name":"Flow","segment_events":[{"id":"efdcc4da20554be02e90c563f69bc0ec","event":"enter","slug":"first_name_joe","enter":"2023-05-25T23:09:59.872199615Z"}]},"meta":{"object":"user","subscription_id":"f825f096718d07c65b9d6a94a4cc0c35","timestamp":"2023-05-25T23:10:04.651979584Z"}}"#;

/// The user fields of Lytics' CloudEvents sample (seed 004), shortened.
const LYTICS_USER_DATA: &str = r#"{"email":"beth@example.com","first_name":"Beth","last_name":"Izzi","channels":["web"],"score_frequency":99,"segment_events":[{"id":"42976a269a5e6b9d06c681b1c27292df","event":"enter","slug":"emailzz5","enter":"2020-10-14T13:27:33.916374949-07:00"}]}"#;

/// Lytics' CloudEvents sample (seed 004), its data shortened.
const CLOUDEVENT_STRUCTURED: &str = r#"{"specversion":"1.0","id":"6449017691630140398","source":"/work/abcd42a455d7365e08d5f4ce321e4bacd","type":"com.lytics.audience.user.event","datacontenttype":"application/json","time":"2023-05-10T23:27:53.568929003Z","data":{"email":"beth@example.com","first_name":"Beth","last_name":"Izzi","channels":["web"],"score_frequency":99,"segment_events":[{"id":"42976a269a5e6b9d06c681b1c27292df","event":"enter","slug":"emailzz5","enter":"2020-10-14T13:27:33.916374949-07:00"}]}}"#;

const CLOUDEVENT_BATCH: &str = r#"[{"specversion":"1.0","id":"6449017691630140400","source":"/work/abcd42a455d7365e08d5f4ce321e4bacd","type":"com.lytics.audience.user.event","datacontenttype":"application/json","time":"2023-05-10T23:27:53.568929003Z","data":{"first_name":"Joe","segment_events":[{"id":"efdcc4da20554be02e90c563f69bc0ec","event":"enter","slug":"first_name_joe"}]}},{"specversion":"1.0","id":"6449017691630140401","source":"/work/abcd42a455d7365e08d5f4ce321e4bacd","type":"com.lytics.audience.user.event","datacontenttype":"application/json","time":"2023-05-10T23:28:01.100000000Z","data":{"first_name":"Joseph","segment_events":[{"id":"efdcc4da20554be02e90c563f69bc0ec","event":"exit","slug":"first_name_joe"}]}}]"#;

/// A cart abandonment journey payload with a coupon, the contact appended (seed 000 lists
/// what a payload carries; it shows no sample, so this one follows hookwire's field names).
const LISTRAK_CART: &str = r#"{"eventType":"advancedCartAbandonment","products":[{"sku":"TEA-01","title":"Sencha green tea","category":"Tea","quantity":2,"price":12.5,"url":"https://shop.example.com/p/tea-01"}],"cart":{"recoveryUrl":"https://shop.example.com/cart/r/8f2","total":25.0,"currency":"USD","abandonedAt":"2026-11-25T00:30:00Z"},"couponCodes":["WELCOME10"],"emailAddress":"ada@example.com","phoneNumber":"+15550100"}"#;

/// Smarter Launch's example trigger, "when a proposal is accepted" (seed 001).
const SMARTER_LAUNCH_ACCEPTED: &str = r#"{"event":"proposal.accepted","data":{"proposal_id":42,"client":"Zoë & Co","amount":1500.5,"line_items":[{"name":"Launch plan","price":1500.5}]}}"#;

const STANDARD_JSON: &str = r#"{"type":"audience.entered","timestamp":"2026-11-25T00:38:46Z","data":{"user":{"email":"ada@example.com","first_name":"Ada"},"audience":"first_name_joe"}}"#;
