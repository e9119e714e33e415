//! Fuzzy search over every name, abbreviation, alias and study author, in Chinese and
//! English. The haystacks are converted once per document revision; a query only scores.

use std::ops::Range;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::entity::Kind;
use super::{Document, Item};

/// One searchable thing and the strings it can be found by.
#[derive(Debug)]
struct Entry {
    item: Item,
    /// Its strings, in [`SearchIndex::texts`].
    texts: Range<usize>,
    /// Union of the strings' masks: rejects the whole entry at once.
    mask: u128,
}

/// One string an entry can be found by. Its characters live in the index's shared
/// buffers (a string costs its characters and these ranges, not three allocations).
#[derive(Debug)]
struct Text {
    /// The string as written (in [`SearchIndex::written`]), for showing which matched.
    written: Range<usize>,
    /// Lowercased (in [`SearchIndex::lower`]), for exact and prefix bonuses.
    lower: Range<usize>,
    /// What the matcher reads: the written bytes when they are ASCII, else the first
    /// character of each grapheme (in [`SearchIndex::unicode`]).
    unicode: Option<Range<usize>>,
    /// Which of a–z and 0–9 it contains (after case folding and Unicode normalization,
    /// as the matcher sees them), plus a 64-bit Bloom filter of its other characters
    /// (hanzi, Greek …). A string lacking a character of the query cannot match, so it
    /// is skipped without running the matcher.
    mask: u128,
}

/// A ranked search result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// What was found.
    pub item: Item,
    /// Match score, higher is better (fuzzy score plus whole-string, prefix and substring bonuses).
    pub score: u32,
    /// Which of the item's strings matched best (its name, an alias …).
    pub matched: String,
}

/// Searchable strings of every entity, table and figure of one document revision.
#[derive(Debug, Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    texts: Vec<Text>,
    /// Every string as written, one after the other.
    written: String,
    /// Every string lowercased, one after the other.
    lower: String,
    /// The matcher's characters of every string that is not ASCII.
    unicode: Vec<char>,
}

impl SearchIndex {
    /// Collects and converts the strings of every entity, table and figure of `doc`.
    pub fn build(doc: &Document) -> Self {
        let mut index = Self::default();
        for kind in Kind::ALL {
            for idx in 0..doc.count(kind) {
                let Some(named) = doc.named(kind, idx) else {
                    continue;
                };
                let mut strings: Vec<&str> = vec![named.en(), named.zh(), named.abbr()];
                strings.extend(named.aliases().iter().map(String::as_str));
                if let Some(study) = (kind == Kind::Study)
                    .then(|| doc.studies.get(idx))
                    .flatten()
                {
                    strings.push(&study.first_author);
                }
                strings.push(named.id());
                index.push(Item::Entity(kind, idx), &strings);
            }
        }
        for (idx, table) in doc.tables.iter().enumerate() {
            index.push(
                Item::Table(idx),
                &[&table.en, &table.zh, &table.label, &table.id],
            );
        }
        for (idx, figure) in doc.figures.iter().enumerate() {
            index.push(
                Item::Figure(idx),
                &[&figure.en, &figure.zh, &figure.label, &figure.id],
            );
        }
        index.entries.shrink_to_fit();
        index.texts.shrink_to_fit();
        index.written.shrink_to_fit();
        index.lower.shrink_to_fit();
        index.unicode.shrink_to_fit();
        index
    }

    /// Adds `item`, found by its `strings` that are not blank.
    fn push(&mut self, item: Item, strings: &[&str]) {
        let first = self.texts.len();
        let mut mask = 0;
        for string in strings.iter().filter(|s| !s.trim().is_empty()) {
            let written = self.written.len()..self.written.len() + string.len();
            self.written.push_str(string);
            let lower_start = self.lower.len();
            self.lower.push_str(&string.to_lowercase());
            let unicode = (!string.is_ascii()).then(|| {
                let start = self.unicode.len();
                self.unicode
                    .extend(nucleo_matcher::chars::graphemes(string));
                start..self.unicode.len()
            });
            let text_mask = text_mask(string);
            mask |= text_mask;
            self.texts.push(Text {
                written,
                lower: lower_start..self.lower.len(),
                unicode,
                mask: text_mask,
            });
        }
        self.entries.push(Entry {
            item,
            texts: first..self.texts.len(),
            mask,
        });
    }

    /// What the matcher reads of `text`.
    fn haystack(&self, text: &Text) -> Utf32Str<'_> {
        match &text.unicode {
            Some(range) => Utf32Str::Unicode(self.unicode.get(range.clone()).unwrap_or_default()),
            None => Utf32Str::Ascii(
                self.written
                    .as_bytes()
                    .get(text.written.clone())
                    .unwrap_or_default(),
            ),
        }
    }

    /// Number of searchable items.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is nothing to search.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `limit` hits for `query`, best first. Exact and prefix matches of a whole
    /// name or abbreviation outrank scattered fuzzy matches; ties keep kind order. A match
    /// lies within one string: a query never straddles a name and an alias.
    ///
    /// Large indices are searched on all cores; every string is first checked against
    /// the query's letters and digits with one AND of bitmasks.
    pub fn query(&self, query: &str, limit: usize, matcher: &mut Matcher) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let query_lower = query.to_lowercase();
        let need = query_mask(query);
        let search = |entries: &[Entry], matcher: &mut Matcher| -> Vec<Hit> {
            entries
                .iter()
                .filter(|entry| entry.mask & need == need)
                .filter_map(|entry| self.best_match(entry, &pattern, &query_lower, need, matcher))
                .collect()
        };
        let mut hits = if self.entries.len() >= PARALLEL_ENTRIES {
            let mut hits = Vec::new();
            let outcomes = super::par::map_chunks(&self.entries, PARALLEL_ENTRIES, |chunk| {
                search(chunk, &mut new_matcher())
            });
            for (_, outcome) in outcomes {
                // A panic in a matcher thread is a bug: re-raise it, never drop results.
                hits.extend(outcome.unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
            }
            hits
        } else {
            search(&self.entries, matcher)
        };
        // Stable: equal scores keep index order (kind order, then file order).
        hits.sort_by_key(|hit| std::cmp::Reverse(hit.score));
        hits.truncate(limit);
        hits
    }
}

/// Entries from which a query runs on several threads.
const PARALLEL_ENTRIES: usize = 8192;

/// Bit of a character in a string's mask, after the matcher's own folding: one of 36
/// bits for a–z and 0–9, or one of 64 hashed bits for any other non-ASCII character.
/// ASCII punctuation and spaces are not tracked.
fn char_bit(c: char) -> u128 {
    // ASCII is its own normalization, and lowercases without the tables.
    let c = if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        nucleo_matcher::chars::to_lower_case(nucleo_matcher::chars::normalize(c))
    };
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        c if c.is_ascii() || c.is_whitespace() => 0,
        // Fibonacci hashing spreads neighbouring code points over the 64 Bloom bits.
        c => 1 << (64 + ((c as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58)),
    }
}

fn text_mask(text: &str) -> u128 {
    text.chars().fold(0, |mask, c| mask | char_bit(c))
}

/// Characters every matching string must contain. Queries using the pattern
/// syntax (`!` negation, `'` exact, `^` `$` anchors, `\` escapes) are not pre-filtered.
fn query_mask(query: &str) -> u128 {
    if query.contains(['!', '\'', '^', '$', '\\']) {
        0
    } else {
        text_mask(query)
    }
}

/// Ranking bonus of one string for a query: whole-string match, prefix, substring.
fn bonus(lower: &str, query_lower: &str) -> u32 {
    if lower == query_lower {
        1000
    } else if lower.starts_with(query_lower) {
        300
    } else if lower.contains(query_lower) {
        100
    } else {
        0
    }
}

impl SearchIndex {
    /// The best single string of `entry` for `pattern`, if any string matches on its own.
    fn best_match(
        &self,
        entry: &Entry,
        pattern: &Pattern,
        query_lower: &str,
        need: u128,
        matcher: &mut Matcher,
    ) -> Option<Hit> {
        let texts = self.texts.get(entry.texts.clone()).unwrap_or_default();
        let mut best: Option<(u32, &Text)> = None;
        for text in texts {
            if text.mask & need != need {
                continue;
            }
            let Some(score) = pattern.score(self.haystack(text), matcher) else {
                continue;
            };
            let lower = self.lower.get(text.lower.clone()).unwrap_or_default();
            let score = score + bonus(lower, query_lower);
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, text));
            }
        }
        best.map(|(score, text)| Hit {
            item: entry.item,
            score,
            matched: self
                .written
                .get(text.written.clone())
                .unwrap_or_default()
                .to_owned(),
        })
    }
}

/// A matcher configured for names (path heuristics off).
pub fn new_matcher() -> Matcher {
    Matcher::new(Config::DEFAULT)
}
