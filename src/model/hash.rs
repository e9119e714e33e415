//! A short content hash of evidence files: 64-bit FNV-1a over the bytes as loaded.
//! Not cryptographic; it tells two versions of a file apart in an export's footer.
//! [`xxh64`], about ten times faster on large inputs (four independent lanes instead of
//! one multiply per byte), keys the reopen cache ([`super::io::cache`]).

/// A hash map keyed by ids read from a file. Keyed hashing, the key drawn at random
/// for each run (`ahash` seeded from the operating system): ids crafted to collide
/// cannot be written into a file in advance, unlike with a fixed-seed hash (FxHash),
/// and it hashes a short id several times faster than std's SipHash.
pub type IdMap<K, V> = std::collections::HashMap<K, V, ahash::RandomState>;

/// The set of [`IdMap`].
pub type IdSet<K> = std::collections::HashSet<K, ahash::RandomState>;

/// 64-bit FNV-1a, fed in pieces (several files hash as their concatenation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fnv1a(u64);

impl Fnv1a {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    /// The hash of nothing yet.
    pub const fn new() -> Fnv1a {
        Fnv1a(Self::OFFSET_BASIS)
    }

    /// Feeds `bytes`.
    pub fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    /// The hash of everything fed so far.
    pub const fn finish(self) -> u64 {
        self.0
    }
}

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a::new()
    }
}

/// The FNV-1a hash of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hasher = Fnv1a::new();
    hasher.write(bytes);
    hasher.finish()
}

/// A hash as 8 hex digits (its high 32 bits), as footers and file names show it.
pub fn short_hash(hash: u64) -> String {
    format!("{:08x}", hash >> 32)
}

/// XXH64 (Yann Collet's xxHash, 64-bit) of `bytes` with `seed`: the reopen cache's key
/// and payload checksum. Not cryptographic: it tells versions of a file apart by
/// accident, not against someone crafting a collision.
pub fn xxh64(bytes: &[u8], seed: u64) -> u64 {
    let mut hasher = Xxh64::new(seed);
    hasher.write(bytes);
    hasher.finish()
}

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;
const P5: u64 = 0x27D4_EB2F_1656_67C5;

fn word(chunk: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(chunk.get(..8).unwrap_or(&[0; 8]));
    u64::from_le_bytes(b)
}

fn round(acc: u64, input: u64) -> u64 {
    acc.wrapping_add(input.wrapping_mul(P2))
        .rotate_left(31)
        .wrapping_mul(P1)
}

fn merge(acc: u64, lane: u64) -> u64 {
    (acc ^ round(0, lane)).wrapping_mul(P1).wrapping_add(P4)
}

/// [`xxh64`] of bytes given in pieces (a file read a block at a time): the same value
/// as of their concatenation.
#[derive(Clone, Debug)]
pub struct Xxh64 {
    seed: u64,
    lanes: [u64; 4],
    len: u64,
    /// Bytes of an unfinished 32-byte stripe.
    pending: [u8; 32],
    n_pending: usize,
}

impl Xxh64 {
    /// A hasher with `seed`, nothing written yet.
    pub fn new(seed: u64) -> Self {
        Xxh64 {
            seed,
            lanes: [
                seed.wrapping_add(P1).wrapping_add(P2),
                seed.wrapping_add(P2),
                seed,
                seed.wrapping_sub(P1),
            ],
            len: 0,
            pending: [0; 32],
            n_pending: 0,
        }
    }

    fn stripe(&mut self, stripe: &[u8]) {
        for (lane, word_bytes) in self.lanes.iter_mut().zip(stripe.chunks_exact(8)) {
            *lane = round(*lane, word(word_bytes));
        }
    }

    /// Adds `bytes`.
    pub fn write(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        if self.n_pending > 0 {
            let take = (32 - self.n_pending).min(bytes.len());
            let (head, rest) = bytes.split_at(take);
            self.pending[self.n_pending..self.n_pending + take].copy_from_slice(head);
            self.n_pending += take;
            bytes = rest;
            if self.n_pending < 32 {
                return;
            }
            let pending = self.pending;
            self.stripe(&pending);
            self.n_pending = 0;
        }
        let mut stripes = bytes.chunks_exact(32);
        for stripe in &mut stripes {
            self.stripe(stripe);
        }
        let tail = stripes.remainder();
        self.pending[..tail.len()].copy_from_slice(tail);
        self.n_pending = tail.len();
    }

    /// How many bytes were written.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The hash of everything written.
    pub fn finish(&self) -> u64 {
        let mut hash = if self.len >= 32 {
            let [v1, v2, v3, v4] = self.lanes;
            let mut h = v1
                .rotate_left(1)
                .wrapping_add(v2.rotate_left(7))
                .wrapping_add(v3.rotate_left(12))
                .wrapping_add(v4.rotate_left(18));
            for lane in self.lanes {
                h = merge(h, lane);
            }
            h
        } else {
            self.seed.wrapping_add(P5)
        };
        hash = hash.wrapping_add(self.len);
        let mut tail = self.pending.get(..self.n_pending).unwrap_or_default();
        while tail.len() >= 8 {
            hash ^= round(0, word(tail));
            hash = hash.rotate_left(27).wrapping_mul(P1).wrapping_add(P4);
            tail = tail.get(8..).unwrap_or_default();
        }
        if tail.len() >= 4 {
            let mut b = [0u8; 4];
            b.copy_from_slice(tail.get(..4).unwrap_or(&[0; 4]));
            hash ^= u64::from(u32::from_le_bytes(b)).wrapping_mul(P1);
            hash = hash.rotate_left(23).wrapping_mul(P2).wrapping_add(P3);
            tail = tail.get(4..).unwrap_or_default();
        }
        for &byte in tail {
            hash ^= u64::from(byte).wrapping_mul(P5);
            hash = hash.rotate_left(11).wrapping_mul(P1);
        }
        hash ^= hash >> 33;
        hash = hash.wrapping_mul(P2);
        hash ^= hash >> 29;
        hash = hash.wrapping_mul(P3);
        hash ^ (hash >> 32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xxh64_reference_values() {
        // Reference values of XXH64 (seed 0), short and past one 32-byte stripe.
        assert_eq!(xxh64(b"", 0), 0xEF46_DB37_51D8_E999);
        assert_eq!(xxh64(b"a", 0), 0xD24E_C4F1_A98C_6E5B);
        assert_eq!(xxh64(b"abc", 0), 0x44BC_2CF5_AD77_0999);
        assert_eq!(
            xxh64(b"Nobody inspects the spammish repetition", 0),
            0xFBCE_A83C_8A37_8BF1
        );
        assert_ne!(xxh64(b"abc", 1), xxh64(b"abc", 0));
    }

    #[test]
    fn xxh64_in_pieces_is_xxh64_of_the_whole() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for split in [0, 1, 7, 31, 32, 33, 64, 100, 999, 1000] {
            for seed in [0, 1] {
                let mut hasher = Xxh64::new(seed);
                let (a, b) = bytes.split_at(split);
                hasher.write(a);
                // Odd-sized pieces after the split too.
                for piece in b.chunks(13) {
                    hasher.write(piece);
                }
                assert_eq!(hasher.finish(), xxh64(&bytes, seed), "split {split}");
            }
        }
    }

    #[test]
    fn known_values() {
        // Reference values of 64-bit FNV-1a.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(short_hash(0x8594_4171_f739_67e8), "85944171");
    }

    #[test]
    fn pieces_hash_as_their_concatenation() {
        let mut hasher = Fnv1a::default();
        hasher.write(b"foo");
        hasher.write(b"bar");
        assert_eq!(hasher.finish(), fnv1a(b"foobar"));
    }
}
