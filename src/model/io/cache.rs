//! The reopen cache: after a clean load (no diagnostic at all), the document and where
//! its records are in the file are written in [`binary`](super::binary) form to the
//! user's cache folder, under the content hash of the files; opening the same bytes
//! again reads that instead of parsing and validating the text.
//!
//! Derived data only, never shipped or committed, and never trusted: a cache file is
//! used only when its magic, cache format, program version, schema fingerprint (the
//! model's source files), source length and hash all match and the payload's checksum
//! is right; anything else (corrupt, truncated, stale, unreadable) is ignored, and the
//! text is parsed and the cache rewritten. Written atomically in the background;
//! only the [`KEEP`] most recent entries are kept.
//!
//! The key is XXH64 over the files' bytes with their lengths: 64 bits tell versions of
//! a file apart by accident with odds of 2⁻⁶⁴ per pair, but not against a file crafted
//! to collide with one the user opened before. `paracrine check` never uses the cache.

use std::path::{Path, PathBuf};

use super::super::diag::Pos;
use super::super::hash::{Fnv1a, Xxh64, xxh64};
use super::super::{Claim, Document, Index, OwnedHead};
use super::binary;
use super::write::{Symlinks, write_atomic};

/// The cache entries kept; older ones are removed when a new one is written.
pub const KEEP: usize = 4;

/// The environment variable naming the cache folder; `off` (or empty) disables it.
pub const CACHE_ENV: &str = "PARACRINE_CACHE_DIR";

const MAGIC: &[u8; 16] = b"paracrine-cache\0";
/// The layout of a cache file; bump when it changes.
const CACHE_FORMAT: u32 = 4;
const EXTENSION: &str = "cache";

/// The user's cache folder for Paracrine: [`CACHE_ENV`] if set (`off` or empty: no
/// cache), else `$XDG_CACHE_HOME/paracrine`, else `~/.cache/paracrine` (on Windows
/// `%LOCALAPPDATA%\paracrine`). `None` when there is none.
pub fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(CACHE_ENV) {
        return (!dir.is_empty() && dir != "off").then(|| PathBuf::from(dir));
    }
    let absolute = |var: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    if let Some(dir) = absolute("XDG_CACHE_HOME") {
        return Some(dir.join("paracrine"));
    }
    if cfg!(windows)
        && let Some(dir) = absolute("LOCALAPPDATA")
    {
        return Some(dir.join("paracrine"));
    }
    absolute("HOME").map(|home| home.join(".cache").join("paracrine"))
}

/// What identifies the bytes of the files loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    /// XXH64 of the files (each one's hash and length, for several).
    pub hash: u64,
    /// Their total length.
    pub len: u64,
}

impl Key {
    /// The key of these files' contents, in order.
    pub fn of(contents: &[&[u8]]) -> Key {
        let len = contents.iter().map(|c| c.len() as u64).sum();
        let hash = match contents {
            [one] => xxh64(one, 0),
            many => {
                let mut parts = Vec::with_capacity(many.len() * 16);
                for content in many {
                    parts.extend_from_slice(&xxh64(content, 0).to_le_bytes());
                    parts.extend_from_slice(&(content.len() as u64).to_le_bytes());
                }
                xxh64(&parts, 1)
            }
        };
        Key { hash, len }
    }

    /// The key of one file, read a block at a time: a reopen needs the file's hash,
    /// not its bytes (which [`Key::of`] of them would hold in memory all at once).
    pub fn of_file(path: &Path) -> std::io::Result<Key> {
        use std::io::Read;
        let mut file = std::fs::File::open(path)?;
        let mut hasher = Xxh64::new(0);
        let mut block = vec![0u8; 1 << 20];
        loop {
            match file.read(&mut block) {
                Ok(0) => break,
                Ok(n) => hasher.write(block.get(..n).unwrap_or_default()),
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(err) => return Err(err),
            }
        }
        let len = hasher.len();
        Ok(Key {
            hash: hasher.finish(),
            len,
        })
    }

    fn file_name(self) -> String {
        format!("{:016x}-{}.{EXTENSION}", self.hash, self.len)
    }

    /// The key an entry's file name stands for ([`Key::file_name`] read back).
    fn of_file_name(name: &str) -> Option<Key> {
        let (hash, len) = name
            .strip_suffix(EXTENSION)?
            .strip_suffix('.')?
            .split_once('-')?;
        if hash.len() != 16 {
            return None;
        }
        Some(Key {
            hash: u64::from_str_radix(hash, 16).ok()?,
            len: len.parse().ok()?,
        })
    }
}

/// A fingerprint of what a cache entry depends on besides the bytes: the program
/// version and the source of the model's types, the loader and the validation (a
/// clean load today may not be clean for another build).
pub fn schema_fingerprint() -> u64 {
    static SOURCES: &[&str] = &[
        env!("CARGO_PKG_VERSION"),
        include_str!("../entity.rs"),
        include_str!("../claim.rs"),
        include_str!("../view.rs"),
        include_str!("../kinds.rs"),
        include_str!("../mod.rs"),
        include_str!("../diag.rs"),
        include_str!("../validate.rs"),
        include_str!("scan.rs"),
        include_str!("element.rs"),
        include_str!("fast.rs"),
        include_str!("binary.rs"),
        include_str!("cache.rs"),
    ];
    static FINGERPRINT: std::sync::OnceLock<u64> = std::sync::OnceLock::new();
    *FINGERPRINT.get_or_init(|| {
        let mut hash = Fnv1a::new();
        for source in SOURCES {
            hash.write(&(source.len() as u64).to_le_bytes());
            hash.write(source.as_bytes());
        }
        hash.finish()
    })
}

/// Where the elements of one list are: (file index, line, column) each.
pub type Positions = Vec<(u32, u32, u32)>;

/// What a cache entry holds.
#[derive(Debug)]
pub struct Cached {
    /// The document.
    pub doc: Document,
    /// Where each element of each list is (file index, position), by list field.
    pub lists: Vec<(String, Positions)>,
    /// FNV-1a of the files' bytes (the hash exports cite).
    pub fnv: u64,
    /// The claims mentioning each item, as [`Index::claim_lists`] gave them: checked
    /// against the document by [`Index::with_claim_lists`].
    pub claim_lists: Vec<Vec<usize>>,
}

/// Claims per payload section: small enough for the decoding threads to share the
/// work evenly, large enough that a section's header costs nothing.
const CLAIMS_PER_SECTION: usize = 2048;

/// An entry's bytes before the claims per item are added: the document is encoded
/// beside validation and indexing, the claims per item once the index is built.
#[derive(Debug)]
pub struct Unsealed {
    /// The header, the count of sections, the head's and the positions' sections (and
    /// then the claims per item).
    front: Vec<u8>,
    /// The claims' sections, which come after the claims per item in the file: a
    /// reopen decodes that section beside the claims, not after them.
    claims: Vec<u8>,
    /// Where the payload's length and checksum go.
    header_len: usize,
}

impl Unsealed {
    /// Adds the claims mentioning each item as [`Index`] lists them (the costliest part
    /// of building the index anew: a lookup per reference).
    pub fn with_claim_lists(mut self, index: &Index) -> Result<Whole, String> {
        section(&mut self.front, index.claim_lists())?;
        Ok(Whole(self))
    }
}

/// An entry's sections all there; its checksum is made by [`Whole::seal`], on the
/// thread that writes it.
#[derive(Debug)]
pub struct Whole(Unsealed);

impl Whole {
    /// The entry's bytes: the payload's length and checksum filled in.
    pub fn seal(self) -> Vec<u8> {
        let Unsealed {
            front: mut bytes,
            claims,
            header_len,
        } = self.0;
        bytes.reserve_exact(claims.len());
        bytes.extend_from_slice(&claims);
        drop(claims);
        let start = header_len + 16;
        let payload_len = (bytes.len() - start) as u64;
        let checksum = xxh64(bytes.get(start..).unwrap_or_default(), 0);
        if let Some(slot) = bytes.get_mut(header_len..start) {
            slot[..8].copy_from_slice(&payload_len.to_le_bytes());
            slot[8..].copy_from_slice(&checksum.to_le_bytes());
        }
        bytes
    }
}

/// The cache file's bytes for `loaded`, a clean load of `key`'s files.
pub fn encode_loaded(key: Key, loaded: &super::super::Loaded) -> Result<Vec<u8>, String> {
    let unsealed = encode(key, &loaded.doc, &loaded.origins.lists, loaded.hash)?;
    Ok(unsealed.with_claim_lists(&loaded.index)?.seal())
}

/// The cache file's bytes for a clean load of `key`'s files, but for the claims per
/// item ([`Unsealed::with_claim_lists`]) and the checksum ([`Unsealed::seal`]).
pub(crate) fn encode(
    key: Key,
    doc: &Document,
    lists: &std::collections::HashMap<&'static str, Vec<(usize, Pos)>>,
    fnv: u64,
) -> Result<Unsealed, String> {
    let narrow = |n: usize| u32::try_from(n).map_err(|_| "a position past 4 G".to_owned());
    let mut fields: Vec<(&str, Positions)> = Vec::with_capacity(lists.len());
    for (field, positions) in lists {
        let mut out = Vec::with_capacity(positions.len());
        for (file, pos) in positions {
            out.push((narrow(*file)?, narrow(pos.line)?, narrow(pos.col)?));
        }
        fields.push((field, out));
    }
    fields.sort_by(|a, b| a.0.cmp(b.0));
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let mut out = Vec::with_capacity(usize::try_from(key.len).unwrap_or(0) / 8 + 128);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&CACHE_FORMAT.to_le_bytes());
    out.extend_from_slice(&(version.len() as u32).to_le_bytes());
    out.extend_from_slice(version);
    out.extend_from_slice(&schema_fingerprint().to_le_bytes());
    out.extend_from_slice(&key.len.to_le_bytes());
    out.extend_from_slice(&key.hash.to_le_bytes());
    out.extend_from_slice(&fnv.to_le_bytes());
    let header_len = out.len();
    // Payload length and checksum, filled in by `seal`.
    out.extend_from_slice(&[0; 16]);
    // The head, the positions, the claims per item and the claims' sections.
    let sections = 3 + doc.claims.len().div_ceil(CLAIMS_PER_SECTION);
    out.extend_from_slice(&narrow(sections)?.to_le_bytes());
    section(&mut out, &doc.head())?;
    section(&mut out, &fields)?;
    let mut claims = Vec::with_capacity(usize::try_from(key.len).unwrap_or(0) * 3 / 4);
    for chunk in doc.claims.chunks(CLAIMS_PER_SECTION) {
        section(&mut claims, chunk)?;
    }
    Ok(Unsealed {
        front: out,
        claims,
        header_len,
    })
}

/// Reads and checks the entry for `key` in `dir`: why not, when it cannot be used.
///
/// The entry is read a section at a time and each section decoded as soon as it is in
/// (on every core, [`decode_stream`]), so reading the file, checking its checksum and
/// decoding go on side by side, and the entry is never in memory all at once.
pub fn read(dir: &Path, key: Key) -> Result<Cached, String> {
    let path = dir.join(key.file_name());
    let no_entry = |err: std::io::Error| format!("no cache entry: {err}");
    let file = std::fs::File::open(&path).map_err(no_entry)?;
    let len = file.metadata().map_err(no_entry)?.len();
    decode_from(file, len, key)
}

/// Reads and checks the entry for the file at `path`, whatever its contents are: the
/// entry is guessed from the file's length (in each entry's name) and decoded while the
/// file is hashed beside it, and used only when the hash is the entry's; else the entry
/// for the hash is read, as [`read`] would. A reopen then waits for the hash and the
/// decode side by side, not one after the other.
pub fn read_for_file(dir: &Path, path: &Path) -> Result<Cached, String> {
    let guess = std::fs::metadata(path)
        .ok()
        .and_then(|meta| newest_of_length(dir, meta.len()));
    let Some(guess) = guess else {
        let key = Key::of_file(path)
            .map_err(|err| format!("the file could not be read for its key: {err}"))?;
        return read(dir, key);
    };
    let (key, guessed) = std::thread::scope(|scope| {
        let hashing = scope.spawn(|| Key::of_file(path));
        let guessed = read(dir, guess);
        // A panic there is a bug, not bad input: re-raise it.
        let key = hashing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (key, guessed)
    });
    let key = key.map_err(|err| format!("the file could not be read for its key: {err}"))?;
    if key == guess {
        guessed
    } else {
        read(dir, key)
    }
}

/// The key of the newest entry in `dir` for contents of `len` bytes, from its name.
fn newest_of_length(dir: &Path, len: u64) -> Option<Key> {
    let mut newest: Option<(std::time::SystemTime, Key)> = None;
    for entry in std::fs::read_dir(dir).ok()?.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(key) = name.to_str().and_then(Key::of_file_name) else {
            continue;
        };
        let modified = entry.metadata().and_then(|meta| meta.modified());
        if let (true, Ok(modified)) = (key.len == len, modified)
            && newest.is_none_or(|(time, _)| modified > time)
        {
            newest = Some((modified, key));
        }
    }
    newest.map(|(_, key)| key)
}

/// Checks and decodes a cache file's bytes for `key`.
pub fn decode(bytes: &[u8], key: Key) -> Result<Cached, String> {
    decode_from(bytes, bytes.len() as u64, key)
}

fn cut_short() -> String {
    "the cache file is cut short".to_owned()
}

/// Reads exactly `n` bytes; a file that ends before is cut short.
fn read_exact_vec(src: &mut impl std::io::Read, n: usize) -> Result<Vec<u8>, String> {
    let mut bytes = vec![0; n];
    src.read_exact(&mut bytes).map_err(|_| cut_short())?;
    Ok(bytes)
}

fn read_u32(src: &mut impl std::io::Read) -> Result<u32, String> {
    let mut bytes = [0; 4];
    src.read_exact(&mut bytes).map_err(|_| cut_short())?;
    Ok(u32::from_le_bytes(bytes))
}

fn read_u64(src: &mut impl std::io::Read) -> Result<u64, String> {
    let mut bytes = [0; 8];
    src.read_exact(&mut bytes).map_err(|_| cut_short())?;
    Ok(u64::from_le_bytes(bytes))
}

/// Checks and decodes the `len` bytes of a cache file read from `src`.
fn decode_from(mut src: impl std::io::Read + Send, len: u64, key: Key) -> Result<Cached, String> {
    if read_exact_vec(&mut src, MAGIC.len())? != MAGIC {
        return Err("not a cache file".to_owned());
    }
    if read_u32(&mut src)? != CACHE_FORMAT {
        return Err("another cache format".to_owned());
    }
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let version_len = read_u32(&mut src)? as usize;
    if version_len != version.len() || read_exact_vec(&mut src, version_len)? != version {
        return Err("written by another version".to_owned());
    }
    if read_u64(&mut src)? != schema_fingerprint() {
        return Err("written by another build".to_owned());
    }
    if read_u64(&mut src)? != key.len || read_u64(&mut src)? != key.hash {
        return Err("for other contents".to_owned());
    }
    let fnv = read_u64(&mut src)?;
    let payload_len = read_u64(&mut src)?;
    let checksum = read_u64(&mut src)?;
    let header_len = (MAGIC.len() + 4 + 4 + version_len + 8 * 6) as u64;
    match header_len.checked_add(payload_len).map(|end| end.cmp(&len)) {
        Some(std::cmp::Ordering::Equal) => {}
        Some(std::cmp::Ordering::Less) => return Err("bytes after the payload".to_owned()),
        Some(std::cmp::Ordering::Greater) | None => return Err(cut_short()),
    }
    let (head, lists, claims, claim_lists) = decode_stream(|send| {
        let mut payload = Checked::new(src.take(payload_len));
        let framed = read_sections(&mut payload, payload_len, send);
        // The checksum first: a damaged payload is reported as that, whatever its
        // damage made of the framing (the rest is read to find out).
        if payload.finish()? != checksum {
            return Err("the payload's checksum is wrong".to_owned());
        }
        framed.map_err(|err| format!("the payload does not decode: {err}"))
    })?;
    Ok(Cached {
        doc: head.with_claims(claims),
        lists,
        fnv,
        claim_lists,
    })
}

/// A reader that hashes what is read through it.
struct Checked<R> {
    src: R,
    hash: Xxh64,
}

impl<R: std::io::Read> Checked<R> {
    fn new(src: R) -> Self {
        Checked {
            src,
            hash: Xxh64::new(0),
        }
    }

    /// Reads what is left (unread, for the hash) and gives the hash of it all.
    fn finish(mut self) -> Result<u64, String> {
        let mut block = vec![0; 1 << 16];
        loop {
            match std::io::Read::read(&mut self, &mut block) {
                Ok(0) => return Ok(self.hash.finish()),
                Ok(_) => {}
                Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return Err(cut_short()),
            }
        }
    }
}

impl<R: std::io::Read> std::io::Read for Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.src.read(buf)?;
        self.hash.write(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
}

/// One section as read: its place, how many there are, its bytes.
struct Section {
    at: usize,
    count: usize,
    bytes: Vec<u8>,
}

/// Reads the framing of a payload of `payload_len` bytes (a count of sections, then
/// each one's length and bytes) and hands each section to `send` as soon as it is read;
/// stops early when `send` says no one is listening.
fn read_sections(
    src: &mut impl std::io::Read,
    payload_len: u64,
    send: &mut dyn FnMut(Section) -> bool,
) -> Result<(), String> {
    let short = || "the payload is cut short".to_owned();
    let count = read_u32(src).map_err(|_| short())? as usize;
    // Each section takes at least its 8-byte length: a count past that is a lie.
    if count < 3 || count as u64 > payload_len / 8 {
        return Err("a wrong count of payload sections".to_owned());
    }
    let mut left = payload_len - 4;
    for at in 0..count {
        let len = read_u64(src).map_err(|_| short())?;
        left = left.checked_sub(8).ok_or_else(short)?;
        if len > left {
            return Err(short());
        }
        left -= len;
        let len = usize::try_from(len).map_err(|_| short())?;
        let bytes = read_exact_vec(src, len).map_err(|_| short())?;
        if !send(Section { at, count, bytes }) {
            break;
        }
    }
    if left != 0 {
        return Err("bytes after the last payload section".to_owned());
    }
    Ok(())
}

/// Appends one payload section: its length, then `value`'s encoding.
fn section<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) -> Result<(), String> {
    let at = out.len();
    out.extend_from_slice(&[0; 8]);
    binary::encode_into(value, out).map_err(|err| err.to_string())?;
    let len = (out.len() - at - 8) as u64;
    if let Some(slot) = out.get_mut(at..at + 8) {
        slot.copy_from_slice(&len.to_le_bytes());
    }
    Ok(())
}

/// The payload's sections of `payload` (in memory), as [`read_sections`] frames them.
#[cfg(test)]
fn split_sections(payload: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let mut sections = Vec::new();
    let mut src = payload;
    read_sections(&mut src, payload.len() as u64, &mut |section| {
        sections.push(section.bytes);
        true
    })?;
    Ok(sections)
}

/// One decoded section.
enum Part {
    Head(Box<OwnedHead>),
    Lists(Vec<(String, Positions)>),
    Claims(Vec<Claim>),
    ClaimLists(Vec<Vec<usize>>),
}

/// The sections decoded: the document's head, the positions, the claims in order and
/// the claims per item (in the file before the claims).
type Decoded = (
    OwnedHead,
    Vec<(String, Positions)>,
    Vec<Claim>,
    Vec<Vec<usize>>,
);

/// Decodes one section by its place: the document's head, the positions, the claims
/// per item, then the claims in chunks of [`CLAIMS_PER_SECTION`].
fn decode_section(section: &Section) -> Result<Part, String> {
    let bytes = &section.bytes;
    let part = match section.at {
        0 => binary::decode(bytes).map(|head| Part::Head(Box::new(head))),
        1 => binary::decode(bytes).map(Part::Lists),
        2 => binary::decode(bytes).map(Part::ClaimLists),
        _ => binary::decode(bytes).map(Part::Claims),
    };
    part.map_err(|err| err.to_string())
}

/// One section decoded (or why not), with its place and how many there are.
struct Decoded1 {
    at: usize,
    count: usize,
    part: Result<Part, String>,
}

/// The document put together from its sections as they are decoded, in any order:
/// the claims are appended as soon as those before them are in (the copy into one
/// list goes on while later sections are still being decoded). Refused when any
/// section is missing or out of place, or could not be decoded (the first such
/// error, by place).
fn assemble(decoded: impl IntoIterator<Item = Decoded1>) -> Result<Decoded, String> {
    let (mut head, mut lists, mut claim_lists) = (None, None, None);
    let mut claims: Vec<Claim> = Vec::new();
    let mut waiting: std::collections::BTreeMap<usize, Vec<Claim>> = Default::default();
    let mut next_claims = 3;
    let mut first_error: Option<(usize, String)> = None;
    let mut count = 0;
    for Decoded1 { at, count: n, part } in decoded {
        count = n;
        match part {
            Err(err) => {
                if first_error.as_ref().is_none_or(|(first, _)| at < *first) {
                    first_error = Some((at, err));
                }
            }
            Ok(Part::Head(part)) => head = Some(*part),
            Ok(Part::Lists(part)) => lists = Some(part),
            Ok(Part::ClaimLists(part)) => claim_lists = Some(part),
            Ok(Part::Claims(part)) => {
                waiting.insert(at, part);
                while let Some(mut chunk) = waiting.remove(&next_claims) {
                    if claims.capacity() == 0 {
                        // Room for every section as large as the first, if there is
                        // room: a count that lies costs only a failed reservation.
                        let sections = n.saturating_sub(3);
                        let _ = claims.try_reserve(chunk.len().saturating_mul(sections));
                    }
                    claims.append(&mut chunk);
                    next_claims += 1;
                }
            }
        }
    }
    if let Some((_, err)) = first_error {
        return Err(format!("the payload does not decode: {err}"));
    }
    let whole = next_claims == count && waiting.is_empty();
    match (head, lists, claim_lists) {
        (Some(head), Some(lists), Some(claim_lists)) if whole => {
            Ok((head, lists, claims, claim_lists))
        }
        _ => Err("the payload does not decode: a section is missing".to_owned()),
    }
}

/// The sections `feed` reads (on a thread of its own, at most a few ahead), decoded on
/// every core as they come, the claims put together in order as they are decoded. An
/// error of `feed` comes first (a damaged file), then any of the decoding.
fn decode_stream(
    feed: impl FnOnce(&mut dyn FnMut(Section) -> bool) -> Result<(), String> + Send,
) -> Result<Decoded, String> {
    use std::sync::{Mutex, mpsc};
    let n_threads = std::thread::available_parallelism().map_or(1, usize::from);
    let (to_decode, sections) = mpsc::sync_channel::<Section>(n_threads);
    let sections = Mutex::new(sections);
    let (to_collect, decoded) = mpsc::channel::<Decoded1>();
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || feed(&mut |section| to_decode.send(section).is_ok()));
        for _ in 0..n_threads {
            let to_collect = to_collect.clone();
            let sections = &sections;
            scope.spawn(move || {
                loop {
                    // The lock is held only to take the next section, not to decode it.
                    let next = sections.lock().map(|rx| rx.recv());
                    let Ok(Ok(section)) = next else {
                        return;
                    };
                    // Bytes that make the decoder panic are bad input like any other.
                    let decode = std::panic::AssertUnwindSafe(|| decode_section(&section));
                    let part = std::panic::catch_unwind(decode)
                        .unwrap_or_else(|_| Err("a section could not be read".to_owned()));
                    let (at, count) = (section.at, section.count);
                    // The bytes are freed before the next section is read into memory.
                    drop(section);
                    if to_collect.send(Decoded1 { at, count, part }).is_err() {
                        return;
                    }
                }
            });
        }
        drop(to_collect);
        let assembled = assemble(decoded);
        // The reader's panic is a bug, not bad input: re-raise it.
        let framed = reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        framed?;
        assembled
    })
}
/// Seals `entry` and writes it for `key` in `dir`, atomically, on a thread of its own,
/// then removes all but the [`KEEP`] newest entries. The handle says how it went; the
/// app drops it (nothing waits for the cache).
pub fn store(
    dir: PathBuf,
    key: Key,
    entry: Whole,
) -> std::thread::JoinHandle<Result<PathBuf, String>> {
    std::thread::spawn(move || {
        let bytes = entry.seal();
        std::fs::create_dir_all(&dir)
            .map_err(|err| format!("cannot make {}: {err}", dir.display()))?;
        let path = dir.join(key.file_name());
        write_atomic(&path, &bytes, Symlinks::Refuse).map_err(|err| err.to_string())?;
        evict(&dir);
        Ok(path)
    })
}

/// How old a temporary file of an entry's write must be before [`evict`] takes it for
/// the remains of a write that was cut off: far longer than writing the largest entry
/// takes, so a write running in another instance of the app is left alone.
pub const STALE_TEMPORARY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Removes all but the [`KEEP`] most recently written entries of `dir`, and what writes
/// cut off (the app closed, the machine off) left behind: regular files named like an
/// entry's temporary file and older than [`STALE_TEMPORARY`] (each as large as an
/// entry; nothing else ever removes them). Never a link, nor what a link points to.
fn evict(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = std::time::SystemTime::now();
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        // The entry's own metadata: a link is seen as a link, never followed.
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let (Ok(modified), true) = (meta.modified(), meta.file_type().is_file()) else {
            continue;
        };
        let path = entry.path();
        if path.extension().is_some_and(|x| x == EXTENSION) {
            found.push((modified, path));
        } else if is_entry_temporary(&entry.file_name().to_string_lossy())
            && now
                .duration_since(modified)
                .is_ok_and(|age| age >= STALE_TEMPORARY)
        {
            let _ = std::fs::remove_file(path);
        }
    }
    found.sort_by_key(|entry| std::cmp::Reverse(entry.0));
    for (_, path) in found.into_iter().skip(KEEP) {
        let _ = std::fs::remove_file(path);
    }
}

/// Whether `name` is the temporary file of an entry's atomic write
/// (`.HASH-LEN.cache.RANDOM.tmp`, as [`write_atomic`] names them).
fn is_entry_temporary(name: &str) -> bool {
    let Some((stem, _)) = name
        .strip_prefix('.')
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .and_then(|rest| rest.rsplit_once('.'))
    else {
        return false;
    };
    stem.strip_suffix(EXTENSION)
        .is_some_and(|rest| rest.ends_with('.'))
        && super::write::is_temporary_of(name, stem)
}

#[cfg(test)]
// Tests may panic on broken fixtures: that is how they fail.
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{
        Decoded, Decoded1, Key, Part, Section, assemble, binary, decode_stream, encode, section,
        split_sections,
    };
    use crate::model::{CacheUse, Index, Search};

    /// The sections decoded as a cache file's are, handed over in order.
    fn decode_sections(sections: &[&[u8]]) -> Result<Decoded, String> {
        let count = sections.len();
        let owned: Vec<Vec<u8>> = sections.iter().map(|bytes| bytes.to_vec()).collect();
        decode_stream(move |send| {
            for (at, bytes) in owned.into_iter().enumerate() {
                if !send(Section { at, count, bytes }) {
                    break;
                }
            }
            Ok(())
        })
    }

    #[test]
    fn an_entry_name_reads_back_as_its_key_and_other_names_as_none() {
        let key = Key {
            hash: 0x0123_4567_89ab_cdef,
            len: 60_556_715,
        };
        assert_eq!(Key::of_file_name(&key.file_name()), Some(key));
        for other in [
            "0123456789abcdef-60556715.cache.x1y2.tmp",
            ".0123456789abcdef-60556715.cache.a1b2c3.tmp",
            "123456789abcdef-60556715.cache",
            "0123456789abcdeg-60556715.cache",
            "0123456789abcdef-.cache",
            "0123456789abcdef-6055671x.cache",
            "0123456789abcdef60556715.cache",
            "notes.txt",
        ] {
            assert_eq!(Key::of_file_name(other), None, "{other}");
        }
    }

    #[test]
    fn claims_decoded_in_any_order_are_put_together_in_order() {
        let doc = crate::model::synth::synthetic(30, 2);
        let index = Index::build_without_search(&doc);
        let chunks: Vec<Vec<crate::model::Claim>> =
            doc.claims.chunks(7).map(<[_]>::to_vec).collect();
        let count = 3 + chunks.len();
        let mut head = Vec::new();
        binary::encode_into(&doc.head(), &mut head).unwrap();
        let head = binary::decode(&head).unwrap();
        let mut parts = vec![
            Decoded1 {
                at: 0,
                count,
                part: Ok(Part::Head(Box::new(head))),
            },
            Decoded1 {
                at: 1,
                count,
                part: Ok(Part::Lists(Vec::new())),
            },
            Decoded1 {
                at: 2,
                count,
                part: Ok(Part::ClaimLists(index.claim_lists().to_vec())),
            },
        ];
        for (i, chunk) in chunks.iter().enumerate() {
            parts.push(Decoded1 {
                at: 3 + i,
                count,
                part: Ok(Part::Claims(chunk.clone())),
            });
        }
        // Claims last to first, the others between them.
        parts.reverse();
        let (head, _, claims, _) = assemble(parts).unwrap();
        assert_eq!(head.with_claims(claims), doc);
    }

    fn payload(count: u32, sections: &[&[u8]]) -> Vec<u8> {
        let mut out = count.to_le_bytes().to_vec();
        for bytes in sections {
            out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            out.extend_from_slice(bytes);
        }
        out
    }

    #[test]
    fn sections_that_lie_about_their_count_or_length_are_refused() {
        let sections: [&[u8]; 3] = [b"ab", b"c", b""];
        let good = payload(3, &sections);
        assert_eq!(split_sections(&good).unwrap(), sections);
        // Counts too small, or past what the bytes could hold.
        assert!(split_sections(&payload(1, &sections[..1])).is_err());
        assert!(split_sections(&payload(u32::MAX, &sections)).is_err());
        assert!(split_sections(&payload(4, &sections)).is_err());
        // Cut short anywhere, or with bytes after the last section.
        for end in 0..good.len() {
            assert!(split_sections(&good[..end]).is_err(), "cut at {end}");
        }
        let mut longer = good.clone();
        longer.push(0);
        assert!(split_sections(&longer).is_err());
        // A length past the end (and one that would overflow).
        let mut lying = good.clone();
        lying[4..12].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(split_sections(&lying).is_err());
    }

    #[test]
    fn sections_out_of_place_are_refused() {
        let doc = crate::model::synth::synthetic(3, 1);
        let encoded = |value: &dyn Fn(&mut Vec<u8>)| {
            let mut bytes = Vec::new();
            value(&mut bytes);
            bytes[8..].to_vec()
        };
        let head = encoded(&|out| section(out, &doc.head()).unwrap());
        let no_lists: Vec<(String, super::Positions)> = Vec::new();
        let lists = encoded(&|out| section(out, &no_lists).unwrap());
        let claims = encoded(&|out| section(out, &doc.claims[..]).unwrap());
        let index = crate::model::Index::build_without_search(&doc);
        let per_item = encoded(&|out| section(out, index.claim_lists()).unwrap());
        let decoded = decode_sections(&[&head, &lists, &per_item, &claims]).unwrap();
        assert_eq!(decoded.0.with_claims(decoded.2), doc);
        assert_eq!(decoded.3, index.claim_lists());
        assert!(decode_sections(&[&claims, &lists, &per_item, &head]).is_err());
        assert!(decode_sections(&[&head, &claims, &per_item, &lists]).is_err());
        assert!(decode_sections(&[&head, &lists, &per_item, &head]).is_err());
        assert!(decode_sections(&[&head, &lists, &claims, &per_item]).is_err());
        assert!(decode_sections(&[&head, &lists, &claims]).is_err());
        let cut = &claims[..claims.len() - 1];
        assert!(decode_sections(&[&head, &lists, &per_item, cut]).is_err());
        // The codec agrees the claims section is whole.
        assert!(binary::decode::<Vec<crate::model::Claim>>(&claims).is_ok());
    }

    #[test]
    fn an_entry_whose_claims_per_item_do_not_fit_its_document_is_not_used() {
        let root = std::env::temp_dir().join(format!("paracrine-lists-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let dir = root.join("cache");
        std::fs::create_dir_all(&dir).unwrap();
        let doc = crate::model::synth::synthetic(40, 3);
        let text = crate::model::io::to_ron_string(&doc).unwrap();
        let file = root.join("s.ron");
        std::fs::write(&file, &text).unwrap();
        let key = Key::of(&[text.as_bytes()]);
        let loaded = crate::model::load_bytes(&file, text.as_bytes());
        assert!(loaded.diagnostics.is_empty());
        // An entry checksummed and whole, but with another document's claims per item.
        let other = Index::build(&crate::model::synth::synthetic(60, 4));
        let entry = encode(key, &loaded.doc, &loaded.origins.lists, loaded.hash)
            .unwrap()
            .with_claim_lists(&other)
            .unwrap()
            .seal();
        std::fs::write(dir.join(key.file_name()), entry).unwrap();
        let open = || {
            crate::model::load_files_cached_with(
                std::slice::from_ref(&file),
                Some(&dir),
                &crate::platform::Progress::default(),
                Search::Later,
            )
        };
        let (reopened, used) = open();
        let CacheUse::Miss { why, writing } = used else {
            panic!("lists that do not fit must not be used: {used:?}");
        };
        assert!(why.contains("claim lists"), "{why}");
        assert_eq!(reopened.doc, doc);
        assert!(reopened.index.same_links(&loaded.index));
        // Rebuilt from the text, the entry is good again.
        writing.unwrap().join().unwrap().unwrap();
        let (again, used) = open();
        assert!(matches!(used, CacheUse::Hit), "{used:?}");
        assert!(again.index.same_links(&loaded.index));
        let _ = std::fs::remove_dir_all(&root);
    }
}
