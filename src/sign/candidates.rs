//! The signatures a request offers, matched against a keyring in constant time.

use std::sync::Arc;

use subtle::ConstantTimeEq;

use super::{VerifyError, codec};
use crate::Timestamp;
use crate::keyring::{Key, Keyring};

/// How many signatures a request may offer. More are ignored: a header padded with
/// thousands of entries must not cost thousands of comparisons.
const MAX_CANDIDATES: usize = 8;

/// How a candidate signature is written and what it signs with.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    HmacBase64,
    HmacHex,
    Ed25519Base64,
}

/// The signatures a request offers, kept as the text they came in (no copy, no allocation)
/// and decoded only when compared; plus what was seen on the way, so a refusal can say
/// exactly why.
pub(crate) struct Candidates<'h> {
    header: &'h str,
    encoding: &'static str,
    offered: [(&'h [u8], Form); MAX_CANDIDATES],
    len: usize,
    supported: bool,
    /// Whether a kept candidate is an HMAC tag. This and the next two are noted as the
    /// candidates come, so matching needs no extra pass over them.
    any_hmac: bool,
    /// Whether a kept candidate is an ed25519 signature.
    any_ed25519: bool,
    /// Whether a kept candidate has any text at all (an empty one must never verify).
    any_non_empty: bool,
}

/// Which key matched.
pub(crate) struct KeyMatch {
    pub(crate) index: usize,
    pub(crate) label: Option<Arc<str>>,
}

impl<'h> Candidates<'h> {
    pub(crate) fn new(header: &'h str, encoding: &'static str) -> Self {
        Candidates {
            header,
            encoding,
            offered: [(&[], Form::HmacHex); MAX_CANDIDATES],
            len: 0,
            supported: false,
            any_hmac: false,
            any_ed25519: false,
            any_non_empty: false,
        }
    }

    fn push(&mut self, text: &'h [u8], form: Form) {
        self.supported = true;
        if self.len < MAX_CANDIDATES {
            self.offered[self.len] = (text, form);
            self.len += 1;
            self.any_hmac |= form != Form::Ed25519Base64;
            self.any_ed25519 |= form == Form::Ed25519Base64;
            self.any_non_empty |= !text.is_empty();
        }
    }

    /// An HMAC-SHA256 signature in standard base64.
    pub(crate) fn push_hmac_base64(&mut self, text: &'h [u8]) {
        self.push(text, Form::HmacBase64);
    }

    /// An HMAC-SHA256 signature in hex, either case.
    pub(crate) fn push_hmac_hex(&mut self, text: &'h [u8]) {
        self.push(text, Form::HmacHex);
    }

    /// An ed25519 signature in standard base64.
    pub(crate) fn push_ed25519_base64(&mut self, text: &'h [u8]) {
        self.push(text, Form::Ed25519Base64);
    }

    fn offered(&self) -> &[(&'h [u8], Form)] {
        &self.offered[..self.len]
    }

    fn hmac_tag(text: &[u8], form: Form) -> Option<[u32; 8]> {
        match form {
            Form::HmacBase64 => codec::base64_tag(text),
            Form::HmacHex => codec::hex_tag(text),
            Form::Ed25519Base64 => None,
        }
    }

    /// Finds the first active key whose signature over `content` (the concatenation of the
    /// parts) is among the candidates. HMAC tags are compared in constant time.
    pub(crate) fn find_key(
        &self,
        keys: &Keyring,
        now: Timestamp,
        content: &[&[u8]],
    ) -> Result<KeyMatch, VerifyError> {
        self.find_key_with(keys, now, content, None)
    }

    /// [`Candidates::find_key`], reusing the first key's tag if the caller computed it
    /// already (see [`EarlyTag`]).
    pub(crate) fn find_key_with(
        &self,
        keys: &Keyring,
        now: Timestamp,
        content: &[&[u8]],
        early: Option<EarlyTag>,
    ) -> Result<KeyMatch, VerifyError> {
        if !self.supported {
            return Err(VerifyError::NoSupportedSignature {
                header: self.header.to_owned(),
            });
        }
        if !self.any_non_empty {
            return Err(VerifyError::EmptySignature {
                header: self.header.to_owned(),
            });
        }
        let (has_hmac, has_ed25519) = (self.any_hmac, self.any_ed25519);
        let mut any_active = false;
        for (index, entry) in keys.active(now) {
            any_active = true;
            let matched = match entry.key() {
                Key::Hmac(secret) if has_hmac => {
                    let tag = match &early {
                        Some(early) if early.index == index => {
                            debug_assert_eq!(early.tag, secret.mac_words(content));
                            early.tag
                        }
                        _ => secret.mac_words(content),
                    };
                    let mut hit = subtle::Choice::from(0);
                    for (text, form) in self.offered() {
                        if let Some(candidate) = Self::hmac_tag(text, *form) {
                            hit |= tags_equal(&candidate, &tag);
                        }
                    }
                    bool::from(hit)
                }
                Key::Ed25519Signing(key) if has_ed25519 => {
                    self.ed25519_matches(|sig| key.verifying_key().verify_parts(content, sig))
                }
                Key::Ed25519Verifying(public) if has_ed25519 => {
                    self.ed25519_matches(|sig| public.verify_parts(content, sig))
                }
                _ => false,
            };
            if matched {
                return Ok(KeyMatch {
                    index,
                    label: entry.shared_label(),
                });
            }
        }
        // Nothing matched: say why as precisely as the request allows.
        let decodable = self.offered().iter().any(|(text, form)| match form {
            Form::Ed25519Base64 => codec::base64_exact::<64>(text).is_some(),
            _ => Self::hmac_tag(text, *form).is_some(),
        });
        if !decodable {
            Err(VerifyError::InvalidSignatureEncoding {
                header: self.header.to_owned(),
                encoding: self.encoding,
            })
        } else if any_active {
            Err(VerifyError::SignatureMismatch)
        } else {
            Err(VerifyError::NoActiveKey)
        }
    }

    fn ed25519_matches(&self, verify: impl Fn(&[u8; 64]) -> bool) -> bool {
        self.offered()
            .iter()
            .filter(|(_, form)| *form == Form::Ed25519Base64)
            .filter_map(|(text, _)| codec::base64_exact::<64>(text))
            .any(|signature| verify(&signature))
    }
}

/// The HMAC tag of the first active key, computed before a request's headers are checked.
///
/// A verification's three SHA-256 compressions (for a short body) form one chain of ~120 ns
/// in which each step waits for the one before, while checking headers and decoding
/// signatures is independent work. Computed first, the chain runs while the processor goes
/// on with those checks instead of after them: ~20 ns of a 64-byte Standard Webhooks
/// verification (`BENCHMARKS.md`). A request that then fails a check has cost one wasted
/// tag, which anyone can make us compute anyway by sending a wrong signature.
pub(crate) struct EarlyTag {
    index: usize,
    tag: [u32; 8],
}

impl EarlyTag {
    /// The tag over `content` of the first key active at `now`, if that key is an HMAC
    /// key. The caller must pass [`Candidates::find_key_with`] the same content (debug
    /// builds check it).
    pub(crate) fn compute(keys: &Keyring, now: Timestamp, content: &[&[u8]]) -> Option<Self> {
        let (index, entry) = keys.active(now).next()?;
        match entry.key() {
            Key::Hmac(secret) => Some(EarlyTag {
                index,
                tag: secret.mac_words(content),
            }),
            Key::Ed25519Signing(_) | Key::Ed25519Verifying(_) => None,
        }
    }
}

/// Compares two tags in constant time: the differences of all eight words are folded into
/// one without branching, and only that word goes through `subtle` (one optimisation barrier
/// instead of one per byte).
fn tags_equal(a: &[u32; 8], b: &[u32; 8]) -> subtle::Choice {
    let diff = a.iter().zip(b).fold(0u32, |diff, (x, y)| diff | (x ^ y));
    diff.ct_eq(&0)
}

/// Standard base64 with padding, as every scheme here sends it.
pub(crate) fn encode_base64(bytes: &[u8], out: &mut String) {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode_string(bytes, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;
    use crate::keyring::KeyEntry;

    fn ring() -> Keyring {
        Keyring::new().with(Secret::from_text("key").unwrap())
    }

    #[test]
    fn empty_and_truncated_signatures_never_match() {
        let now = Timestamp::UNIX_EPOCH;
        let mut c = Candidates::new("sig", "base64");
        c.push_hmac_base64(b"");
        assert!(matches!(
            c.find_key(&ring(), now, &[b"x"]),
            Err(VerifyError::EmptySignature { .. })
        ));

        let tag = Secret::from_text("key").unwrap().mac_parts(&[b"x"]);
        let short = hex::encode(&tag[..16]);
        let mut c = Candidates::new("sig", "hex");
        c.push_hmac_hex(short.as_bytes());
        assert!(matches!(
            c.find_key(&ring(), now, &[b"x"]),
            Err(VerifyError::InvalidSignatureEncoding { .. })
        ));

        let upper = hex::encode(tag).to_uppercase();
        let mut c = Candidates::new("sig", "hex");
        c.push_hmac_hex(upper.as_bytes());
        assert_eq!(
            c.find_key(&ring(), now, &[b"x"]).map(|m| m.index).ok(),
            Some(0)
        );
    }

    #[test]
    fn an_early_tag_is_the_first_active_keys_and_changes_no_outcome() {
        let now = Timestamp::from_unix_secs(100);
        let expired = Secret::from_text("old").unwrap();
        let current = Secret::from_text("key").unwrap();
        let keys = Keyring::new()
            .with(KeyEntry::new(expired).expires_at(Timestamp::from_unix_secs(50)))
            .with(current.clone());
        let early = EarlyTag::compute(&keys, now, &[b"x"]).unwrap();
        assert_eq!((early.index, early.tag), (1, current.mac_words(&[b"x"])));

        let good = hex::encode(current.mac_parts(&[b"x"]));
        for (offered, matches) in [(good.as_str(), true), (&"0".repeat(64), false)] {
            let mut c = Candidates::new("sig", "hex");
            c.push_hmac_hex(offered.as_bytes());
            let early = EarlyTag::compute(&keys, now, &[b"x"]);
            let with = c.find_key_with(&keys, now, &[b"x"], early).map(|m| m.index);
            assert_eq!(with, c.find_key(&keys, now, &[b"x"]).map(|m| m.index));
            assert_eq!(with.is_ok(), matches);
        }

        // No HMAC key first, no early tag.
        let ed25519 = Keyring::new().with(crate::Ed25519SigningKey::from_bytes(&[7; 32]).unwrap());
        assert!(EarlyTag::compute(&ed25519, now, &[b"x"]).is_none());
        assert!(EarlyTag::compute(&Keyring::new(), now, &[b"x"]).is_none());
    }

    #[test]
    fn nothing_supported_is_its_own_error() {
        let c = Candidates::new("sig", "base64");
        assert!(matches!(
            c.find_key(&ring(), Timestamp::UNIX_EPOCH, &[b"x"]),
            Err(VerifyError::NoSupportedSignature { .. })
        ));
    }

    #[test]
    fn only_the_first_eight_signatures_are_considered() {
        let tag = Secret::from_text("key").unwrap().mac_parts(&[b"x"]);
        let good = hex::encode(tag);
        let junk = "0".repeat(64);
        let mut c = Candidates::new("sig", "hex");
        for _ in 0..MAX_CANDIDATES {
            c.push_hmac_hex(junk.as_bytes());
        }
        c.push_hmac_hex(good.as_bytes());
        assert!(matches!(
            c.find_key(&ring(), Timestamp::UNIX_EPOCH, &[b"x"]),
            Err(VerifyError::SignatureMismatch)
        ));
    }

    #[test]
    fn tags_equal_is_exact() {
        let a = [7u32; 8];
        for word in 0..8 {
            for bit in 0..32 {
                let mut b = a;
                b[word] ^= 1 << bit;
                assert!(!bool::from(tags_equal(&a, &b)));
            }
        }
        assert!(bool::from(tags_equal(&a, &a)));
    }
}
