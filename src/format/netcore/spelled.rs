//! [`Spelled`]: a channel or activity name as the sender wrote it, next to what it means.
//!
//! Real Netcore traffic spells the same thing several ways (`whatsapp` and `WhatsApp`,
//! `click` and `Clicked`). Decoding recognizes them all; re-encoding writes the sender's
//! spelling back, so a parsed batch renders to the same JSON.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A name as it was written on the wire, and the [`Term`] it stands for.
///
/// Built from a known term, it carries the canonical spelling; parsed from text, it keeps
/// the text exactly and recognizes the term case-insensitively. Two `Spelled` values are
/// equal when both the term and the spelling are.
///
/// ```
/// use hookwire::format::netcore::{Activity, Channel, Spelled};
///
/// let parsed = Spelled::<Channel>::parse("WhatsApp");
/// assert_eq!(parsed.kind(), &Channel::WhatsApp);
/// assert_eq!(parsed.as_str(), "WhatsApp"); // re-encoded as received
///
/// let built = Spelled::new(Activity::Click);
/// assert_eq!(built.as_str(), "click");
/// assert_eq!(Spelled::<Activity>::parse("Clicked").kind(), &Activity::Click);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Spelled<K> {
    kind: K,
    text: String,
}

impl<K: Term> Spelled<K> {
    /// A term with its canonical spelling (`email`, `whatsapp`, `click`…).
    ///
    /// An `Other` holding a known name is that term (`Other("SMS")` is [`Channel::Sms`]
    /// spelled `SMS`), as decoding would read it: what is built renders and parses back
    /// to the same value.
    ///
    /// ```
    /// use hookwire::format::netcore::{Channel, Spelled};
    /// assert_eq!(Spelled::new(Channel::CustomActivity).as_str(), "custom_activity");
    /// assert_eq!(Spelled::new(Channel::Other("SMS".into())).kind(), &Channel::Sms);
    /// ```
    #[must_use]
    pub fn new(kind: K) -> Self {
        Spelled::parse(kind.canonical())
    }

    /// Recognizes `text` (ASCII case-insensitively, with the spellings listed on each term),
    /// keeping it verbatim. Unknown text becomes the term's `Other` variant; nothing fails.
    ///
    /// ```
    /// use hookwire::format::netcore::{Channel, Spelled};
    /// let push = Spelled::<Channel>::parse("Push");
    /// assert_eq!(push.kind(), &Channel::Other("Push".into()));
    /// assert_eq!(push.as_str(), "Push");
    /// ```
    #[must_use]
    pub fn parse(text: impl Into<String>) -> Self {
        let text = text.into();
        Spelled {
            kind: K::recognize(&text),
            text,
        }
    }

    /// What the name means.
    ///
    /// ```
    /// use hookwire::format::netcore::{Channel, Spelled};
    /// assert_eq!(Spelled::<Channel>::parse("SMS").kind(), &Channel::Sms);
    /// ```
    pub fn kind(&self) -> &K {
        &self.kind
    }

    /// The name exactly as written (what rendering sends).
    ///
    /// ```
    /// use hookwire::format::netcore::{Activity, Spelled};
    /// assert_eq!(Spelled::<Activity>::parse("Opened").as_str(), "Opened");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl<K: Term> From<K> for Spelled<K> {
    fn from(kind: K) -> Self {
        Spelled::new(kind)
    }
}

impl<K> fmt::Debug for Spelled<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The spelling says it all; the term is derived from it.
        fmt::Debug::fmt(&self.text, f)
    }
}

impl<K> fmt::Display for Spelled<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<K> Serialize for Spelled<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de, K: Term> Deserialize<'de> for Spelled<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Spelled::parse)
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Channel {}
    impl Sealed for super::Activity {}
}

/// A closed vocabulary of names: [`Channel`] and [`Activity`]. Sealed.
///
/// ```
/// use hookwire::format::netcore::{Channel, Term};
/// assert_eq!(Channel::recognize("RCS"), Channel::Rcs);
/// assert_eq!(Channel::Rcs.canonical(), "rcs");
/// ```
pub trait Term: sealed::Sealed + Sized {
    /// The term `text` names, ASCII case-insensitively; `Other(text)` when none does.
    fn recognize(text: &str) -> Self;
    /// The spelling hookwire writes for a term built in code.
    fn canonical(&self) -> &str;
}

/// A Netcore channel (the `channel` field), from the seeds' "channels and activities" tables.
///
/// ```
/// use hookwire::format::netcore::{Channel, Term};
/// assert_eq!(Channel::recognize("whatsapp"), Channel::WhatsApp);
/// assert_eq!(Channel::recognize("fax"), Channel::Other("fax".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Channel {
    /// `email`: delivered, open, click, bounce.
    Email,
    /// `sms`: delivered, click.
    Sms,
    /// `apn`, app push: delivered, view, click.
    Apn,
    /// `bpn`, browser push: delivered, view, click.
    Bpn,
    /// `whatsapp`: delivered, open, click, failed.
    WhatsApp,
    /// `rcs`: delivered, open, click, failed.
    Rcs,
    /// `custom_activity`: a web activity, with its `payload_params` items.
    CustomActivity,
    /// Any other channel, as written.
    Other(String),
}

impl Term for Channel {
    fn recognize(text: &str) -> Self {
        const KNOWN: &[(&str, Channel)] = &[
            ("email", Channel::Email),
            ("sms", Channel::Sms),
            ("apn", Channel::Apn),
            ("bpn", Channel::Bpn),
            ("whatsapp", Channel::WhatsApp),
            ("rcs", Channel::Rcs),
            ("custom_activity", Channel::CustomActivity),
        ];
        KNOWN
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text))
            .map_or_else(|| Channel::Other(text.to_owned()), |(_, c)| c.clone())
    }

    fn canonical(&self) -> &str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Apn => "apn",
            Channel::Bpn => "bpn",
            Channel::WhatsApp => "whatsapp",
            Channel::Rcs => "rcs",
            Channel::CustomActivity => "custom_activity",
            Channel::Other(text) => text,
        }
    }
}

/// What the contact did (the `event` field). The seeds write both the verb and its past
/// tense (`open`/`Opened`, `click`/`clicked`); both are recognized.
///
/// ```
/// use hookwire::format::netcore::{Activity, Term};
/// assert_eq!(Activity::recognize("Opened"), Activity::Open);
/// assert_eq!(Activity::Open.canonical(), "open");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Activity {
    /// `delivered` (also `deliver`).
    Delivered,
    /// `open` (also `opened`).
    Open,
    /// `click` (also `clicked`).
    Click,
    /// `bounce` (also `bounced`).
    Bounce,
    /// `view` (also `viewed`).
    View,
    /// `failed` (also `fail`).
    Failed,
    /// Any other activity, as written.
    Other(String),
}

impl Term for Activity {
    fn recognize(text: &str) -> Self {
        const KNOWN: &[(&str, Activity)] = &[
            ("delivered", Activity::Delivered),
            ("deliver", Activity::Delivered),
            ("open", Activity::Open),
            ("opened", Activity::Open),
            ("click", Activity::Click),
            ("clicked", Activity::Click),
            ("bounce", Activity::Bounce),
            ("bounced", Activity::Bounce),
            ("view", Activity::View),
            ("viewed", Activity::View),
            ("failed", Activity::Failed),
            ("fail", Activity::Failed),
        ];
        KNOWN
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(text))
            .map_or_else(|| Activity::Other(text.to_owned()), |(_, a)| a.clone())
    }

    fn canonical(&self) -> &str {
        match self {
            Activity::Delivered => "delivered",
            Activity::Open => "open",
            Activity::Click => "click",
            Activity::Bounce => "bounce",
            Activity::View => "view",
            Activity::Failed => "failed",
            Activity::Other(text) => text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seed_spelling_is_recognized_and_kept() {
        let cases = [
            ("email", Channel::Email),
            ("SMS", Channel::Sms),
            ("APN", Channel::Apn),
            ("bpn", Channel::Bpn),
            ("WhatsApp", Channel::WhatsApp),
            ("rcs", Channel::Rcs),
            ("custom_activity", Channel::CustomActivity),
        ];
        for (text, kind) in cases {
            let spelled = Spelled::<Channel>::parse(text);
            assert_eq!(spelled.kind(), &kind, "{text}");
            assert_eq!(spelled.as_str(), text);
            assert!(kind.canonical().eq_ignore_ascii_case(text));
        }
        for (text, kind) in [
            ("Clicked", Activity::Click),
            ("click", Activity::Click),
            ("Opened", Activity::Open),
            ("delivered", Activity::Delivered),
            ("Bounce", Activity::Bounce),
            ("view", Activity::View),
            ("FAILED", Activity::Failed),
        ] {
            assert_eq!(Spelled::<Activity>::parse(text).kind(), &kind, "{text}");
        }
    }

    #[test]
    fn unknown_names_round_trip_exactly() {
        let spelled = Spelled::<Activity>::parse("Unsubscribed ");
        assert_eq!(spelled.kind(), &Activity::Other("Unsubscribed ".into()));
        assert_eq!(Spelled::new(spelled.kind().clone()), spelled);
        // An `Other` that names a known term is that term, as decoding would read it.
        let known = Spelled::new(Activity::Other("Clicked".into()));
        assert_eq!(known, Spelled::parse("Clicked"));
        assert_eq!(known.kind(), &Activity::Click);
        let json = serde_json::to_string(&spelled).unwrap();
        assert_eq!(json, r#""Unsubscribed ""#);
        let back: Spelled<Activity> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, spelled);
    }

    #[test]
    fn spelling_is_part_of_equality() {
        assert_ne!(
            Spelled::<Channel>::parse("WhatsApp"),
            Spelled::new(Channel::WhatsApp)
        );
        assert_eq!(format!("{:?}", Spelled::new(Channel::Sms)), r#""sms""#);
    }
}
