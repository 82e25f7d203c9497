//! Decoded signatures from a request, matched against a keyring in constant time.

use std::sync::Arc;

use base64::Engine as _;
use subtle::ConstantTimeEq;

use super::VerifyError;
use crate::Timestamp;
use crate::keyring::{Key, Keyring};
use crate::secret::BASE64_LENIENT as BASE64;

/// How many signatures of one kind a request may offer. More are ignored: a header padded
/// with thousands of entries must not cost thousands of comparisons.
const MAX_CANDIDATES: usize = 16;

/// The signatures a request offers, decoded into fixed buffers (no allocation), plus what
/// was seen on the way, so a refusal can say exactly why.
pub(crate) struct Candidates<'h> {
    header: &'h str,
    encoding: &'static str,
    hmac: [[u8; 32]; MAX_CANDIDATES],
    hmac_len: usize,
    ed25519: [[u8; 64]; MAX_CANDIDATES],
    ed25519_len: usize,
    supported: bool,
    non_empty: bool,
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
            hmac: [[0; 32]; MAX_CANDIDATES],
            hmac_len: 0,
            ed25519: [[0; 64]; MAX_CANDIDATES],
            ed25519_len: 0,
            supported: false,
            non_empty: false,
        }
    }

    fn note(&mut self, text: &str) -> bool {
        self.supported = true;
        if text.is_empty() {
            return false;
        }
        self.non_empty = true;
        true
    }

    /// An HMAC-SHA256 signature in standard base64.
    pub(crate) fn push_hmac_base64(&mut self, text: &str) {
        if self.note(text) && self.hmac_len < MAX_CANDIDATES && text.len() <= 44 {
            let mut buf = [0u8; 33];
            if let Ok(32) = BASE64.decode_slice(text, &mut buf) {
                self.hmac[self.hmac_len].copy_from_slice(&buf[..32]);
                self.hmac_len += 1;
            }
        }
    }

    /// An HMAC-SHA256 signature in hex, either case.
    pub(crate) fn push_hmac_hex(&mut self, text: &str) {
        if self.note(text) && self.hmac_len < MAX_CANDIDATES {
            let mut buf = [0u8; 32];
            if hex::decode_to_slice(text, &mut buf).is_ok() {
                self.hmac[self.hmac_len] = buf;
                self.hmac_len += 1;
            }
        }
    }

    /// An ed25519 signature in standard base64.
    pub(crate) fn push_ed25519_base64(&mut self, text: &str) {
        if self.note(text) && self.ed25519_len < MAX_CANDIDATES && text.len() <= 88 {
            let mut buf = [0u8; 66];
            if let Ok(64) = BASE64.decode_slice(text, &mut buf) {
                self.ed25519[self.ed25519_len].copy_from_slice(&buf[..64]);
                self.ed25519_len += 1;
            }
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
        if !self.supported {
            return Err(VerifyError::NoSupportedSignature {
                header: self.header.to_owned(),
            });
        }
        if !self.non_empty {
            return Err(VerifyError::EmptySignature {
                header: self.header.to_owned(),
            });
        }
        if self.hmac_len == 0 && self.ed25519_len == 0 {
            return Err(VerifyError::InvalidSignatureEncoding {
                header: self.header.to_owned(),
                encoding: self.encoding,
            });
        }
        let mut any_active = false;
        for (index, entry) in keys.active(now) {
            any_active = true;
            let matched = match entry.key() {
                Key::Hmac(secret) if self.hmac_len > 0 => {
                    let tag = secret.mac_parts(content);
                    let mut hit = subtle::Choice::from(0);
                    for candidate in &self.hmac[..self.hmac_len] {
                        hit |= candidate.ct_eq(&tag);
                    }
                    bool::from(hit)
                }
                Key::Ed25519Signing(key) if self.ed25519_len > 0 => {
                    let public = key.verifying_key();
                    self.ed25519[..self.ed25519_len]
                        .iter()
                        .any(|sig| public.verify_parts(content, sig))
                }
                Key::Ed25519Verifying(public) if self.ed25519_len > 0 => self.ed25519
                    [..self.ed25519_len]
                    .iter()
                    .any(|sig| public.verify_parts(content, sig)),
                _ => false,
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

/// Standard base64 with padding, as every scheme here sends it.
pub(crate) fn encode_base64(bytes: &[u8], out: &mut String) {
    base64::engine::general_purpose::STANDARD.encode_string(bytes, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;

    fn ring() -> Keyring {
        Keyring::new().with(Secret::from_text("key").unwrap())
    }

    #[test]
    fn empty_and_truncated_signatures_never_match() {
        let now = Timestamp::UNIX_EPOCH;
        let mut c = Candidates::new("sig", "base64");
        c.push_hmac_base64("");
        assert!(matches!(
            c.find_key(&ring(), now, &[b"x"]),
            Err(VerifyError::EmptySignature { .. })
        ));

        let tag = Secret::from_text("key").unwrap().mac_parts(&[b"x"]);
        let mut c = Candidates::new("sig", "hex");
        c.push_hmac_hex(&hex::encode(&tag[..16]));
        assert!(matches!(
            c.find_key(&ring(), now, &[b"x"]),
            Err(VerifyError::InvalidSignatureEncoding { .. })
        ));

        let mut c = Candidates::new("sig", "hex");
        c.push_hmac_hex(&hex::encode(tag).to_uppercase());
        assert_eq!(
            c.find_key(&ring(), now, &[b"x"]).map(|m| m.index).ok(),
            Some(0)
        );
    }

    #[test]
    fn nothing_supported_is_its_own_error() {
        let c = Candidates::new("sig", "base64");
        assert!(matches!(
            c.find_key(&ring(), Timestamp::UNIX_EPOCH, &[b"x"]),
            Err(VerifyError::NoSupportedSignature { .. })
        ));
    }
}
