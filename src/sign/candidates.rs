//! The signatures a request offers, matched against a keyring in constant time.
//!
//! Signatures are decoded strictly: the exact length, the standard alphabet, base64 with its
//! `=` padding and no stray bits after the data (the `base64` crate's `STANDARD` engine), so
//! each signature has one accepted spelling, as the reference libraries' string comparisons
//! have. Hex may be either case (the `hex` crate), as stripe-go and GitHub's octokit accept.

use std::sync::Arc;

use base64::Engine as _;
use subtle::{Choice, ConstantTimeEq};

use super::error::VerifyError;
use super::key::Key;
use super::keyring::Keyring;
use crate::time::Timestamp;

/// How many signatures a request may offer. More are ignored: a header padded with
/// thousands of entries must not cost thousands of comparisons.
const MAX_CANDIDATES: usize = 8;

/// How a candidate signature is written, and so which keys it can match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    HmacBase64,
    HmacHex,
    Ed25519Base64,
}

/// The signatures a request offers, as the text they came in, and whether any signature of
/// a supported kind was offered at all (so a refusal can say why).
pub(super) struct Candidates<'h> {
    header: &'h str,
    encoding: &'static str,
    offered: [(&'h str, Form); MAX_CANDIDATES],
    len: usize,
    supported: bool,
}

/// Which key matched.
pub(super) struct KeyMatch {
    pub(super) index: usize,
    pub(super) label: Option<Arc<str>>,
}

impl<'h> Candidates<'h> {
    /// No candidates yet, for signatures from `header` written in `encoding` (for errors).
    pub(super) fn new(header: &'h str, encoding: &'static str) -> Self {
        Candidates {
            header,
            encoding,
            offered: [("", Form::HmacHex); MAX_CANDIDATES],
            len: 0,
            supported: false,
        }
    }

    /// Offers one signature; past the first [`MAX_CANDIDATES`] it is only counted as seen.
    pub(super) fn push(&mut self, text: &'h str, form: Form) {
        self.supported = true;
        if self.len < MAX_CANDIDATES {
            self.offered[self.len] = (text, form);
            self.len += 1;
        }
    }

    fn offered(&self) -> &[(&'h str, Form)] {
        &self.offered[..self.len]
    }

    /// The first active key whose signature over `content` (the concatenation of the
    /// parts) is among the candidates. HMAC tags are compared in constant time, each with
    /// every candidate.
    pub(super) fn find_key(
        &self,
        keys: &Keyring,
        now: Timestamp,
        content: &[&[u8]],
    ) -> Result<KeyMatch, VerifyError> {
        if !self.supported {
            return Err(VerifyError::NoSupportedSignature {
                header: self.header.to_owned(),
            });
        }
        if self.offered().iter().all(|(text, _)| text.is_empty()) {
            return Err(VerifyError::EmptySignature {
                header: self.header.to_owned(),
            });
        }
        let offered = self.offered();
        let hmac_tags = || {
            offered
                .iter()
                .filter_map(|&(text, form)| decode_tag(text, form))
        };
        let ed25519_signatures = || {
            offered
                .iter()
                .filter(|(_, form)| *form == Form::Ed25519Base64)
                .filter_map(|(text, _)| decode_base64::<64>(text))
        };
        if hmac_tags().next().is_none() && ed25519_signatures().next().is_none() {
            return Err(VerifyError::InvalidSignatureEncoding {
                header: self.header.to_owned(),
                encoding: self.encoding,
            });
        }

        let mut any_active = false;
        for (index, entry) in keys.active(now) {
            any_active = true;
            let matched = match entry.key() {
                Key::Hmac(secret) => {
                    let tag = secret.mac(content);
                    let hit = hmac_tags().fold(Choice::from(0), |hit, offered| {
                        hit | tags_equal(&offered, &tag)
                    });
                    bool::from(hit)
                }
                Key::Ed25519Signing(key) => ed25519_signatures()
                    .any(|signature| key.verifying_key().verify_parts(content, &signature)),
                Key::Ed25519Verifying(key) => {
                    ed25519_signatures().any(|signature| key.verify_parts(content, &signature))
                }
            };
            if matched {
                return Ok(KeyMatch {
                    index,
                    label: entry.shared_label(),
                });
            }
        }
        if any_active {
            Err(VerifyError::SignatureMismatch)
        } else {
            Err(VerifyError::NoActiveKey)
        }
    }
}

/// Whether two tags are equal, in constant time: the bytes' differences are folded with OR,
/// without a branch, and only the folded byte goes through `subtle` (which would otherwise
/// put an optimisation barrier on each of the 32 bytes).
fn tags_equal(a: &[u8; 32], b: &[u8; 32]) -> Choice {
    let diff = a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y));
    diff.ct_eq(&0)
}

/// An HMAC-SHA256 tag from its text, if it is one: exactly 32 bytes in its form.
fn decode_tag(text: &str, form: Form) -> Option<[u8; 32]> {
    match form {
        Form::HmacHex => {
            let mut tag = [0u8; 32];
            hex::decode_to_slice(text, &mut tag).ok()?;
            Some(tag)
        }
        Form::HmacBase64 => decode_base64(text),
        Form::Ed25519Base64 => None,
    }
}

/// Exactly `N` bytes from padded standard base64.
fn decode_base64<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    let written = base64::engine::general_purpose::STANDARD
        .decode_slice(text, &mut out)
        .ok()?;
    (written == N).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::key_entry::KeyEntry;
    use crate::sign::secret::Secret;
    use base64::engine::general_purpose::STANDARD;

    fn ring() -> Keyring {
        Keyring::new().with(Secret::from_text("key").unwrap())
    }

    fn find(text: &str, form: Form) -> Result<usize, VerifyError> {
        let mut c = Candidates::new("sig", "hex");
        c.push(text, form);
        c.find_key(&ring(), Timestamp::UNIX_EPOCH, &[b"x"])
            .map(|m| m.index)
    }

    #[test]
    fn empty_truncated_and_odd_signatures_never_match() {
        let tag = Secret::from_text("key").unwrap().mac(&[b"x"]);
        assert!(matches!(
            find("", Form::HmacBase64),
            Err(VerifyError::EmptySignature { .. })
        ));
        assert!(matches!(
            find(&hex::encode(&tag[..16]), Form::HmacHex),
            Err(VerifyError::InvalidSignatureEncoding { .. })
        ));
        assert_eq!(find(&hex::encode_upper(tag), Form::HmacHex), Ok(0));
        assert_eq!(find(&STANDARD.encode(tag), Form::HmacBase64), Ok(0));
        // Unpadded, or with stray bits after the data: other spellings, refused.
        let padded = STANDARD.encode(tag);
        assert!(find(padded.trim_end_matches('='), Form::HmacBase64).is_err());
        let mut stray = padded.into_bytes();
        stray[42] = if stray[42] == b'A' { b'B' } else { b'A' };
        let stray = String::from_utf8(stray).unwrap();
        assert!(find(&stray, Form::HmacBase64).is_err());
        // A tag decoded as base64 of the wrong length.
        assert!(matches!(
            find(&STANDARD.encode([0u8; 33]), Form::HmacBase64),
            Err(VerifyError::InvalidSignatureEncoding { .. })
        ));
    }

    #[test]
    fn tags_equal_is_exact() {
        let a = [0x5a; 32];
        for byte in 0..32 {
            for bit in 0..8 {
                let mut b = a;
                b[byte] ^= 1 << bit;
                assert!(!bool::from(tags_equal(&a, &b)));
            }
        }
        assert!(bool::from(tags_equal(&a, &a)));
    }

    #[test]
    fn base64_decodes_exactly_n_bytes() {
        for len in [0usize, 31, 32, 33, 63, 64, 65] {
            let text = STANDARD.encode(vec![0xa5u8; len]);
            assert_eq!(decode_base64::<32>(&text).is_some(), len == 32, "{len}");
            assert_eq!(decode_base64::<64>(&text).is_some(), len == 64, "{len}");
        }
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
        let good = hex::encode(Secret::from_text("key").unwrap().mac(&[b"x"]));
        let junk = "0".repeat(64);
        let mut c = Candidates::new("sig", "hex");
        for _ in 0..MAX_CANDIDATES {
            c.push(&junk, Form::HmacHex);
        }
        c.push(&good, Form::HmacHex);
        assert!(matches!(
            c.find_key(&ring(), Timestamp::UNIX_EPOCH, &[b"x"]),
            Err(VerifyError::SignatureMismatch)
        ));
    }

    #[test]
    fn expired_keys_are_skipped_and_reported() {
        let key = || Secret::from_text("key").unwrap();
        let expired = KeyEntry::new(key()).expires_at(Timestamp::from_unix_secs(1));
        let good = hex::encode(key().mac(&[b"x"]));
        let mut c = Candidates::new("sig", "hex");
        c.push(&good, Form::HmacHex);
        let keys = Keyring::new().with(expired);
        assert!(matches!(
            c.find_key(&keys, Timestamp::from_unix_secs(5), &[b"x"]),
            Err(VerifyError::NoActiveKey)
        ));
    }
}
