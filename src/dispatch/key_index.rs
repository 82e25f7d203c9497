//! The delivery-key index: an open-addressing hash table of slab slots, 8 bytes a bucket.
//!
//! Why not `BTreeMap<DeliveryKey, u32>`: at a million keys it costs ~25 bytes a delivery and
//! eight cache-missing levels per lookup; `HashMap` would need a hasher (the std one seeds
//! itself from the OS, which a sans-IO core must not) and 16-byte buckets. Here a bucket
//! holds the slot and 32 bits of the key's hash: probing compares the hash bits in the table
//! and reads the key back from the slab only on a match, so a miss costs no slab access and
//! the table can be rebuilt without one. Linear probing with backward-shift deletion, so
//! there are no tombstones; the hash is splitmix64's finalizer, deterministic everywhere.

use super::keys::DeliveryKey;

const EMPTY: u64 = u64::MAX;

#[derive(Default)]
pub(super) struct KeyIndex {
    /// `tag << 32 | slot`; a table never has 2³² buckets, so `tag & mask` is the home.
    table: Vec<u64>,
    len: usize,
}

fn tag(key: DeliveryKey) -> u32 {
    let mut z = key.get();
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    // The low 32 bits: the table's mask never reaches past them.
    (z ^ (z >> 31)) as u32
}

fn bucket(tag: u32, slot: u32) -> u64 {
    (u64::from(tag) << 32) | u64::from(slot)
}

fn tag_of(bucket: u64) -> u32 {
    (bucket >> 32) as u32
}

fn slot_of(bucket: u64) -> u32 {
    // The low half is the slot.
    bucket as u32
}

impl KeyIndex {
    pub(super) fn len(&self) -> usize {
        self.len
    }

    pub(super) fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn mask(&self) -> usize {
        self.table.len().wrapping_sub(1)
    }

    /// The bucket holding `key`, if any.
    fn home(&self, tag: u32) -> usize {
        tag as usize & self.mask()
    }

    fn position(&self, key: DeliveryKey, key_of: impl Fn(u32) -> DeliveryKey) -> Option<usize> {
        if self.table.is_empty() {
            return None;
        }
        let tag = tag(key);
        let mask = self.mask();
        let mut i = self.home(tag);
        loop {
            let entry = self.table[i];
            if entry == EMPTY {
                return None;
            }
            if tag_of(entry) == tag && key_of(slot_of(entry)) == key {
                return Some(i);
            }
            i = (i + 1) & mask;
        }
    }

    pub(super) fn get(&self, key: DeliveryKey, key_of: impl Fn(u32) -> DeliveryKey) -> Option<u32> {
        self.position(key, key_of).map(|i| slot_of(self.table[i]))
    }

    /// Adds `slot` for `key`, which must be absent (the caller checked).
    pub(super) fn insert(&mut self, key: DeliveryKey, slot: u32) {
        // At most seven eighths full: the hash bits keep long probes cheap.
        if (self.len + 1) * 8 > self.table.len() * 7 {
            self.grow();
        }
        self.place(bucket(tag(key), slot));
        self.len += 1;
    }

    fn place(&mut self, entry: u64) {
        let mask = self.mask();
        let mut i = self.home(tag_of(entry));
        while self.table[i] != EMPTY {
            i = (i + 1) & mask;
        }
        self.table[i] = entry;
    }

    /// Removes `key`; returns its slot.
    pub(super) fn remove(
        &mut self,
        key: DeliveryKey,
        key_of: impl Fn(u32) -> DeliveryKey,
    ) -> Option<u32> {
        let found = self.position(key, &key_of)?;
        let slot = slot_of(self.table[found]);
        let mask = self.mask();
        let mut hole = found;
        let mut j = found;
        loop {
            j = (j + 1) & mask;
            let next = self.table[j];
            if next == EMPTY {
                break;
            }
            let home = self.home(tag_of(next));
            // `next` may move back into the hole unless its home lies cyclically in
            // (hole, j]: then the hole is before where its probe starts.
            let stays = if hole <= j {
                hole < home && home <= j
            } else {
                hole < home || home <= j
            };
            if !stays {
                self.table[hole] = next;
                hole = j;
            }
        }
        self.table[hole] = EMPTY;
        self.len -= 1;
        Some(slot)
    }

    fn grow(&mut self) {
        let capacity = (self.table.len() * 2).max(16);
        let old = std::mem::replace(&mut self.table, vec![EMPTY; capacity]);
        for entry in old.into_iter().filter(|&e| e != EMPTY) {
            self.place(entry);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn agrees_with_a_btreemap_through_inserts_and_removals() {
        // Slot n holds key keys[n]; clustered keys make long probe runs.
        let keys: Vec<DeliveryKey> = (0..2_000u64)
            .map(|n| DeliveryKey::new(n * 1_024 + (n % 7)))
            .collect();
        let key_of = |slot: u32| keys[slot as usize];
        let mut index = KeyIndex::default();
        let mut model = BTreeMap::new();
        let mut state = 0x1234_5678_u64;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let slot = ((state >> 33) % 2_000) as u32;
            let key = key_of(slot);
            if let std::collections::btree_map::Entry::Vacant(vacant) = model.entry(key) {
                index.insert(key, slot);
                vacant.insert(slot);
            } else {
                assert_eq!(index.remove(key, key_of), model.remove(&key));
            }
            assert_eq!(index.len(), model.len());
        }
        for (n, key) in keys.iter().enumerate() {
            assert_eq!(index.get(*key, key_of), model.get(key).copied(), "key #{n}");
        }
    }
}
