//! HMAC-SHA256 (RFC 2104) from two pre-keyed SHA-256 states.
//!
//! HMAC hashes one block derived from the key before the message (`key ⊕ ipad`) and another
//! before the inner digest (`key ⊕ opad`). Those two compressions depend on the key alone, so
//! a [`Secret`](crate::Secret) runs them once and keeps the two 32-byte states; every message
//! then starts from copies of them. What remains per message is the message's own blocks,
//! the padding block and one outer block: three compressions for a 64-byte Standard Webhooks
//! body, against five for HMAC keyed per message.
//!
//! The `hmac` crate keeps these states too, but behind a general block buffer that a message
//! made of several small parts (`id`, `.`, `timestamp`, `.`, `body`) crosses part by part; on
//! short messages that bookkeeping cost as much as the hashing. Here the parts go straight
//! into one stack block and whole blocks are compressed where they lie in the caller's body,
//! never copied. SHA-256 itself is `sha2`'s compression function (its `block_api`), with the
//! hardware instructions where the CPU has them. The tests check every result against the
//! `hmac` crate and RFC 4231's vectors, and the `hmac_reference` fuzz target does the same for
//! arbitrary keys and messages.
//!
//! This is a deliberate exception to the project's rule of using a well-kept crate for HMAC,
//! taken for the short messages webhooks mostly are: with the `hmac` crate's pre-keyed state a
//! 64-byte Standard Webhooks verify ran ~45 ns slower (`BENCHMARKS.md`). Going back to the
//! crate is a change to this file alone.

use std::slice;

use sha2::Digest as _;
use sha2::block_api::compress256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// SHA-256's block size in bytes.
const BLOCK: usize = 64;

/// SHA-256's initial hash value (FIPS 180-4, section 5.3.3).
const INITIAL_STATE: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// The SHA-256 states after `key ⊕ ipad` and after `key ⊕ opad`: as good as the key itself,
/// so wiped on drop and never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub(crate) struct PreKeyed {
    inner: [u32; 8],
    outer: [u32; 8],
}

impl PreKeyed {
    /// Runs HMAC's key schedule for `key` (any length; longer than a block is hashed first).
    pub(crate) fn new(key: &[u8]) -> Self {
        let mut padded = Zeroizing::new([0u8; BLOCK]);
        if key.len() > BLOCK {
            // The key's hash stands in for the key, so it is written straight into the
            // wiped buffer rather than returned through a temporary.
            let hasher = sha2::Sha256::new_with_prefix(key);
            if let Ok(out) = <&mut sha2::digest::Output<sha2::Sha256>>::try_from(&mut padded[..32])
            {
                hasher.finalize_into(out);
            }
        } else {
            padded[..key.len()].copy_from_slice(key);
        }
        let mut block = Zeroizing::new([0u8; BLOCK]);
        let mut keyed = |pad: u8| {
            for (out, key) in block.iter_mut().zip(padded.iter()) {
                *out = key ^ pad;
            }
            let mut state = INITIAL_STATE;
            compress256(&mut state, slice::from_ref(&*block));
            state
        };
        PreKeyed {
            inner: keyed(0x36),
            outer: keyed(0x5c),
        }
    }

    /// HMAC-SHA256 over the concatenation of `parts`, without copying them together.
    pub(crate) fn mac_parts(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut tag = [0u8; 32];
        write_be_words(&self.mac_words(parts), &mut tag);
        tag
    }

    /// [`PreKeyed::mac_parts`] as SHA-256 leaves it: eight words, each four bytes of the tag
    /// in big-endian order. Verifiers compare tags in this form (see `sign::codec`).
    pub(crate) fn mac_words(&self, parts: &[&[u8]]) -> [u32; 8] {
        let mut state = self.inner;
        // The bytes hashed so far, counting the key block already in `state`.
        let mut length = BLOCK as u64;
        // A block being filled from parts that end or start inside a block. It only ever
        // holds message bytes, which are not secret, and everything from `filled` on is zero
        // (the padding relies on that): it is cleared whenever it has been compressed.
        let mut block = [0u8; BLOCK];
        let mut filled = 0;
        for &part in parts {
            length = length.wrapping_add(part.len() as u64);
            let mut rest = part;
            if filled > 0 {
                let take = rest.len().min(BLOCK - filled);
                copy_short(&mut block[filled..filled + take], &rest[..take]);
                filled += take;
                rest = &rest[take..];
                if filled < BLOCK {
                    continue;
                }
                compress256(&mut state, slice::from_ref(&block));
                block = [0u8; BLOCK];
            }
            let (whole, tail) = rest.as_chunks::<BLOCK>();
            if !whole.is_empty() {
                compress256(&mut state, whole);
            }
            copy_short(&mut block[..tail.len()], tail);
            filled = tail.len();
        }
        // SHA-256 padding: 0x80, zeros, and the length in bits in the block's last 8 bytes,
        // which takes one more block when fewer than 9 bytes are left in this one.
        block[filled] = 0x80;
        if filled + 1 > BLOCK - 8 {
            compress256(&mut state, slice::from_ref(&block));
            block = [0u8; BLOCK];
        }
        block[BLOCK - 8..].copy_from_slice(&length.wrapping_mul(8).to_be_bytes());
        compress256(&mut state, slice::from_ref(&block));

        // The outer hash: the opad state, then the 32-byte inner digest, padded, in one block.
        let mut outer_block = [0u8; BLOCK];
        write_be_words(&state, &mut outer_block[..32]);
        outer_block[32] = 0x80;
        outer_block[BLOCK - 8..].copy_from_slice(&((BLOCK as u64 + 32) * 8).to_be_bytes());
        let mut outer = self.outer;
        compress256(&mut outer, slice::from_ref(&outer_block));
        // Deliberately not wiped. The key-equivalent copies of the pre-keyed states live only
        // until the first compression of each, which overwrites them in place; what these
        // locals hold afterwards is message bytes, the inner digest and the tag, none of which
        // reveals the key. Copies the compiler makes on its own (registers spilled inside the
        // compression function) are out of reach of any wipe, here as in the `hmac` crate. A
        // volatile wipe of these locals cost ~25 ns a message. The states kept in the
        // `Secret` are wiped when it drops.
        outer
    }
}

/// Copies `src` over `dst`, which has the same length. The parts of a signed message are
/// mostly a few bytes (`.`, ten digits, an id), and a call into `memcpy` for each cost more
/// than the copying: up to 32 bytes go as two fixed-size moves that may overlap, which the
/// compiler keeps inline.
#[inline(always)]
fn copy_short(dst: &mut [u8], src: &[u8]) {
    debug_assert_eq!(dst.len(), src.len());
    let n = src.len();
    match n {
        0 => {}
        1..=3 => {
            dst[0] = src[0];
            dst[n / 2] = src[n / 2];
            dst[n - 1] = src[n - 1];
        }
        4..=7 => {
            dst[..4].copy_from_slice(&src[..4]);
            dst[n - 4..].copy_from_slice(&src[n - 4..]);
        }
        8..=15 => {
            dst[..8].copy_from_slice(&src[..8]);
            dst[n - 8..].copy_from_slice(&src[n - 8..]);
        }
        16..=32 => {
            dst[..16].copy_from_slice(&src[..16]);
            dst[n - 16..].copy_from_slice(&src[n - 16..]);
        }
        _ => dst.copy_from_slice(src),
    }
}

/// Writes eight state words as SHA-256's big-endian digest bytes.
fn write_be_words(words: &[u32; 8], out: &mut [u8]) {
    for (bytes, word) in out.chunks_exact_mut(4).zip(words) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hmac::{KeyInit, Mac};
    use proptest::prelude::*;

    fn reference(key: &[u8], message: &[u8]) -> [u8; 32] {
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).unwrap();
        mac.update(message);
        mac.finalize().into_bytes().into()
    }

    #[test]
    fn rfc_4231_vectors() {
        // Test cases 1, 2, 4 and 6 (a 131-byte key, hashed first); case 5 truncates.
        let cases: [(&[u8], &[u8], &str); 4] = [
            (
                &[0x0b; 20],
                b"Hi There",
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            ),
            (
                b"Jefe",
                b"what do ya want for nothing?",
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            ),
            (
                &[
                    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
                    0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19,
                ],
                &[0xcd; 50],
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
            ),
            (
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First",
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
            ),
        ];
        for (key, message, want) in cases {
            let tag = PreKeyed::new(key).mac_parts(&[message]);
            assert_eq!(hex::encode(tag), want);
        }
    }

    #[test]
    fn short_copies_are_exact() {
        let src: Vec<u8> = (1..=70).collect();
        for n in 0..=src.len() {
            let mut dst = vec![0u8; n];
            copy_short(&mut dst, &src[..n]);
            assert_eq!(dst, &src[..n]);
        }
    }

    #[test]
    fn keys_around_the_block_size() {
        // A key of exactly one block is used as it is; one byte more is hashed first.
        for len in [1, 32, 63, 64, 65, 128, 200] {
            let key: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
            for message in [&b""[..], b"abc", &[0x5a; 100]] {
                assert_eq!(
                    PreKeyed::new(&key).mac_parts(&[message]),
                    reference(&key, message),
                    "key {len}, message {}",
                    message.len()
                );
            }
        }
    }

    #[test]
    fn every_padding_boundary() {
        // Messages ending at each offset in a block, including the 55/56 split where the
        // length no longer fits and at exact block multiples.
        let key = b"boundary key";
        let keyed = PreKeyed::new(key);
        let message: Vec<u8> = (0..=255u8).cycle().take(200).collect();
        for len in 0..message.len() {
            assert_eq!(
                keyed.mac_parts(&[&message[..len]]),
                reference(key, &message[..len]),
                "{len}"
            );
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_hmac_crate_however_the_message_is_split(
            key in proptest::collection::vec(any::<u8>(), 1..150),
            message in proptest::collection::vec(any::<u8>(), 0..400),
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..6),
        ) {
            let mut cuts: Vec<usize> = cuts.iter().map(|i| i.index(message.len() + 1)).collect();
            cuts.sort_unstable();
            let mut parts = Vec::new();
            let mut start = 0;
            for cut in cuts {
                parts.push(&message[start..cut]);
                start = cut;
            }
            parts.push(&message[start..]);
            prop_assert_eq!(PreKeyed::new(&key).mac_parts(&parts), reference(&key, &message));
        }
    }
}
