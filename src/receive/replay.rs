//! [`ReplayGuard`]: the message ids a receiver has accepted recently, in bounded memory.

use std::collections::{BTreeMap, VecDeque};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::error::SettingsError;
use super::replay_key::ReplayKey;
use crate::time::Timestamp;

/// Remembers the messages a receiver accepted until they can no longer be replayed, in
/// at most `capacity` entries.
///
/// - An entry lives until its expiry, inclusive: for schemes with a timestamp, the signed
///   timestamp plus the verifier's past tolerance (after that the signature check refuses
///   the message as too old anyway); for schemes without one, the receiver's
///   [retention](super::ReceiverBuilder::replay_retention) from the time it was accepted.
/// - When full, the oldest entry (first remembered) is evicted to make room, so a guard
///   too small for the traffic lets an old message through again rather than refusing
///   new ones; size it to at least the peak rate times the window.
/// - Expired entries are dropped as new ones arrive, and all at once with
///   [`ReplayGuard::prune`].
///
/// **Why a separate value:** [`Receiver::receive`](super::Receiver::receive) takes `&self`
/// so one receiver can serve every request of a service; the guard is the only state, so
/// the host holds it where it wants — a local `&mut`, behind its own `Mutex`, or persisted
/// between processes with `serde` — and passes it in. hookwire never locks anything.
///
/// ```
/// use std::time::Duration;
/// use hookwire::Timestamp;
/// use hookwire::receive::{ReplayGuard, ReplayKey};
///
/// let mut guard = ReplayGuard::new(2)?;
/// let now = Timestamp::from_unix_secs(1_000);
/// let until = now.saturating_add(Duration::from_secs(300));
/// assert!(guard.remember(ReplayKey::from_message_id("a"), until, now)); // new
/// assert!(!guard.remember(ReplayKey::from_message_id("a"), until, now)); // a replay
///
/// // The state survives a trip through serde, e.g. into the host's database.
/// let saved = serde_json::to_string(&guard)?;
/// let mut guard: ReplayGuard = serde_json::from_str(&saved)?;
/// assert!(!guard.remember(ReplayKey::from_message_id("a"), until, now));
///
/// // After its expiry, the id is forgotten.
/// let later = until.saturating_add(Duration::from_millis(1));
/// assert!(guard.remember(ReplayKey::from_message_id("a"), later.saturating_add(Duration::from_secs(300)), later));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "SavedGuard", into = "SavedGuard")]
pub struct ReplayGuard {
    capacity: usize,
    /// Every entry, oldest first; may hold stale entries for keys remembered again since.
    order: VecDeque<Entry>,
    /// Each key's newest expiry. A `BTreeMap`: `HashMap`'s default hasher draws a random
    /// seed, and hookwire draws no random numbers.
    live: BTreeMap<ReplayKey, Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    key: ReplayKey,
    expires_at: Timestamp,
}

#[derive(Serialize, Deserialize)]
struct SavedGuard {
    capacity: usize,
    /// Oldest first.
    entries: Vec<Entry>,
}

impl ReplayGuard {
    /// A guard remembering at most `capacity` messages; 0 is a
    /// [`SettingsError::ZeroReplayCapacity`].
    ///
    /// ```
    /// use hookwire::receive::ReplayGuard;
    /// assert_eq!(ReplayGuard::new(100)?.capacity(), 100);
    /// assert!(ReplayGuard::new(0).is_err());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn new(capacity: usize) -> Result<Self, SettingsError> {
        if capacity == 0 {
            return Err(SettingsError::ZeroReplayCapacity);
        }
        Ok(ReplayGuard {
            capacity,
            order: VecDeque::new(),
            live: BTreeMap::new(),
        })
    }

    /// The most messages remembered at once.
    ///
    /// See [`ReplayGuard::new`] for an example.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// How many entries are held, expired ones not yet dropped included.
    ///
    /// ```
    /// # use hookwire::{Timestamp, receive::{ReplayGuard, ReplayKey}};
    /// let mut guard = ReplayGuard::new(8)?;
    /// assert_eq!(guard.len(), 0);
    /// guard.remember(ReplayKey::from_message_id("a"), Timestamp::from_unix_secs(9), Timestamp::UNIX_EPOCH);
    /// assert_eq!(guard.len(), 1);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether no entry is held.
    ///
    /// ```
    /// assert!(hookwire::receive::ReplayGuard::new(1)?.is_empty());
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// Whether `key` is remembered and not expired at `now`.
    ///
    /// ```
    /// # use hookwire::{Timestamp, receive::{ReplayGuard, ReplayKey}};
    /// let mut guard = ReplayGuard::new(8)?;
    /// let key = ReplayKey::from_message_id("a");
    /// guard.remember(key, Timestamp::from_unix_secs(10), Timestamp::UNIX_EPOCH);
    /// assert!(guard.contains(&key, Timestamp::from_unix_secs(10)));
    /// assert!(!guard.contains(&key, Timestamp::from_unix_secs(11)));
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    #[must_use]
    pub fn contains(&self, key: &ReplayKey, now: Timestamp) -> bool {
        self.live.get(key).is_some_and(|expiry| *expiry >= now)
    }

    /// Remembers `key` until `expires_at` (inclusive) and returns `true`, or returns
    /// `false` without changing anything when `key` is already remembered at `now`: the
    /// message is a replay.
    ///
    /// See [`ReplayGuard`] for an example.
    #[must_use = "`false` means the message is a replay"]
    pub fn remember(&mut self, key: ReplayKey, expires_at: Timestamp, now: Timestamp) -> bool {
        self.drop_expired_front(now);
        if self.contains(&key, now) {
            return false;
        }
        if expires_at < now {
            // Already outside its window: nothing could replay it, nothing to keep.
            return true;
        }
        while self.order.len() >= self.capacity {
            self.pop_front();
        }
        self.order.push_back(Entry { key, expires_at });
        self.live.insert(key, expires_at);
        true
    }

    /// Forgets `key`, so the same message is accepted again: for a host that accepted a
    /// message but could not process it, and wants the sender's retry to get through.
    ///
    /// ```
    /// use std::net::Ipv4Addr;
    /// use hookwire::{Keyring, MessageId, Scheme, Secret, Signer, Timestamp, Verifier};
    /// use hookwire::receive::{RawBody, Receiver, ReplayGuard};
    ///
    /// let keys = || Keyring::new().with(Secret::from_text("s").unwrap());
    /// let receiver = Receiver::builder(RawBody).verifier(Verifier::new(Scheme::Stripe, keys())?).build()?;
    /// let now = Timestamp::from_unix_secs(1_700_000_000);
    /// let mut request = http::Request::post("/");
    /// for (name, value) in Signer::new(Scheme::Stripe, keys())?.sign(&MessageId::new("m")?, now, b"{}")? {
    ///     request = request.header(name, value);
    /// }
    /// let request = request.body(&b"{}"[..])?;
    /// let peer = Ipv4Addr::LOCALHOST.into();
    /// let mut guard = ReplayGuard::new(100)?;
    ///
    /// let accepted = receiver.receive(&request, peer, now, Some(&mut guard))?;
    /// // … the host's queue is down: forget the message so the sender's retry gets in.
    /// guard.forget(&accepted.replay_key().unwrap());
    /// assert!(receiver.receive(&request, peer, now, Some(&mut guard)).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn forget(&mut self, key: &ReplayKey) {
        // Its entries go too: the message may be remembered again with the same expiry,
        // and popping an old entry must not forget the new one. Rare, so a scan is fine.
        self.live.remove(key);
        self.order.retain(|entry| entry.key != *key);
    }

    /// Drops every entry expired at `now` (the others keep their order): call it before
    /// persisting the guard to store only what matters.
    ///
    /// ```
    /// # use hookwire::{Timestamp, receive::{ReplayGuard, ReplayKey}};
    /// let mut guard = ReplayGuard::new(8)?;
    /// let t = Timestamp::from_unix_secs;
    /// guard.remember(ReplayKey::from_message_id("long"), t(100), t(0));
    /// guard.remember(ReplayKey::from_message_id("short"), t(10), t(0));
    /// guard.prune(t(50));
    /// assert_eq!(guard.len(), 1);
    /// # Ok::<(), hookwire::ConfigError>(())
    /// ```
    pub fn prune(&mut self, now: Timestamp) {
        let live = &mut self.live;
        self.order.retain(|entry| {
            let keep = entry.expires_at >= now;
            if !keep && live.get(&entry.key) == Some(&entry.expires_at) {
                live.remove(&entry.key);
            }
            keep
        });
    }

    fn drop_expired_front(&mut self, now: Timestamp) {
        while self
            .order
            .front()
            .is_some_and(|entry| entry.expires_at < now)
        {
            self.pop_front();
        }
    }

    fn pop_front(&mut self) {
        if let Some(entry) = self.order.pop_front() {
            // A key remembered again since has a newer expiry in `live`: keep that one.
            if self.live.get(&entry.key) == Some(&entry.expires_at) {
                self.live.remove(&entry.key);
            }
        }
    }
}

impl fmt::Debug for ReplayGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReplayGuard")
            .field("capacity", &self.capacity)
            .field("len", &self.order.len())
            .finish_non_exhaustive()
    }
}

impl TryFrom<SavedGuard> for ReplayGuard {
    type Error = SettingsError;

    fn try_from(saved: SavedGuard) -> Result<Self, SettingsError> {
        let mut guard = ReplayGuard::new(saved.capacity)?;
        // A list longer than the capacity (edited by hand, or saved with a larger one)
        // keeps its newest entries, as live eviction would have.
        let skip = saved.entries.len().saturating_sub(saved.capacity);
        for entry in saved.entries.into_iter().skip(skip) {
            guard.live.insert(entry.key, entry.expires_at);
            guard.order.push_back(entry);
        }
        Ok(guard)
    }
}

impl From<ReplayGuard> for SavedGuard {
    fn from(guard: ReplayGuard) -> Self {
        SavedGuard {
            capacity: guard.capacity,
            entries: guard.order.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: i64) -> Timestamp {
        Timestamp::from_unix_secs(secs)
    }

    fn key(id: &str) -> ReplayKey {
        ReplayKey::from_message_id(id)
    }

    #[test]
    fn the_oldest_entry_is_evicted_first() {
        let mut guard = ReplayGuard::new(2).unwrap();
        assert!(guard.remember(key("a"), t(100), t(0)));
        assert!(guard.remember(key("b"), t(100), t(0)));
        assert!(guard.remember(key("c"), t(100), t(0)));
        assert_eq!(guard.len(), 2);
        assert!(!guard.contains(&key("a"), t(0)));
        assert!(guard.contains(&key("b"), t(0)));
        assert!(guard.contains(&key("c"), t(0)));
    }

    #[test]
    fn expiry_is_inclusive() {
        let mut guard = ReplayGuard::new(4).unwrap();
        assert!(guard.remember(key("a"), t(10), t(0)));
        assert!(!guard.remember(key("a"), t(20), t(10)));
        assert!(guard.remember(key("a"), t(20), Timestamp::from_unix_millis(10_001)));
    }

    #[test]
    fn a_key_remembered_again_survives_its_stale_entry() {
        let mut guard = ReplayGuard::new(3).unwrap();
        assert!(guard.remember(key("a"), t(10), t(0)));
        // "a" expired; remembered again with a later expiry while its old entry lingers.
        assert!(guard.remember(key("b"), t(100), t(5)));
        assert!(guard.remember(key("a"), t(100), t(11)));
        assert!(guard.remember(key("c"), t(100), t(11)));
        // Popping the stale "a" must not forget the live one.
        assert!(guard.remember(key("d"), t(100), t(11)));
        assert!(guard.contains(&key("a"), t(12)));
        assert!(guard.len() <= 3);
    }

    #[test]
    fn already_expired_messages_are_not_stored() {
        let mut guard = ReplayGuard::new(1).unwrap();
        assert!(guard.remember(key("old"), t(5), t(10)));
        assert!(guard.is_empty());
    }

    #[test]
    fn prune_keeps_live_entries_in_order() {
        let mut guard = ReplayGuard::new(8).unwrap();
        assert!(guard.remember(key("a"), t(100), t(0)));
        assert!(guard.remember(key("b"), t(10), t(0)));
        assert!(guard.remember(key("c"), t(100), t(0)));
        guard.prune(t(50));
        let saved = SavedGuard::from(guard.clone());
        assert_eq!(
            saved.entries.iter().map(|e| e.key).collect::<Vec<_>>(),
            [key("a"), key("c")]
        );
        assert!(!guard.contains(&key("b"), t(0)));
    }

    #[test]
    fn serde_round_trip_and_validation() {
        let mut guard = ReplayGuard::new(2).unwrap();
        assert!(guard.remember(key("a"), t(100), t(0)));
        assert!(guard.remember(key("b"), t(100), t(0)));
        let json = serde_json::to_value(&guard).unwrap();
        assert_eq!(json["capacity"], 2);
        assert_eq!(json["entries"][0]["expires_at"], 100_000);
        assert_eq!(json["entries"][0]["key"].as_str().unwrap().len(), 64);
        let back: ReplayGuard = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(back, guard);

        let mut zero = json.clone();
        zero["capacity"] = 0.into();
        assert!(serde_json::from_value::<ReplayGuard>(zero).is_err());
        let mut bad_key = json.clone();
        bad_key["entries"][0]["key"] = "zz".into();
        assert!(serde_json::from_value::<ReplayGuard>(bad_key).is_err());

        // Too many entries for the capacity: the newest are kept.
        let mut small = json;
        small["capacity"] = 1.into();
        let small: ReplayGuard = serde_json::from_value(small).unwrap();
        assert_eq!(small.len(), 1);
        assert!(small.contains(&key("b"), t(0)));
    }

    #[test]
    fn content_keys_are_distinct_from_ids_and_timestamps_count() {
        let a = ReplayKey::from_signed_content(Some(t(1)), b"body");
        let b = ReplayKey::from_signed_content(Some(t(2)), b"body");
        let c = ReplayKey::from_signed_content(None, b"body");
        assert_ne!(a, b);
        assert_ne!(a, c);
        assert_eq!(a, ReplayKey::from_signed_content(Some(t(1)), b"body"));
        assert_ne!(
            ReplayKey::from_signed_content(None, b"x"),
            ReplayKey::from_message_id("x")
        );
        assert!(format!("{a:?}").starts_with("ReplayKey("));
    }
}
