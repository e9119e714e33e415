//! Fuzzy search over every name, abbreviation, alias and study author, in Chinese and
//! English. The haystacks are converted once per document revision; a query only scores.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

use super::entity::Kind;
use super::{Document, Item};

/// One searchable thing and the strings it can be found by.
#[derive(Debug)]
struct Entry {
    item: Item,
    /// The strings as written, for showing which one matched.
    strings: Vec<String>,
    /// Lowercased strings, for exact and prefix bonuses.
    lower: Vec<String>,
    haystacks: Vec<Utf32String>,
    /// Per string: which of a–z and 0–9 it contains (after case folding and Unicode
    /// normalization, as the matcher sees them), plus a 64-bit Bloom filter of its other
    /// characters (hanzi, Greek …). A string lacking a character of the query cannot
    /// match, so it is skipped without running the matcher.
    masks: Vec<u128>,
    /// Union of `masks`: rejects the whole entry at once.
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
}

impl SearchIndex {
    /// Collects and converts the strings of every entity, table and figure of `doc`.
    pub fn build(doc: &Document) -> Self {
        let mut entries = Vec::new();
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
                entries.push(Entry::new(Item::Entity(kind, idx), &strings));
            }
        }
        for (idx, table) in doc.tables.iter().enumerate() {
            entries.push(Entry::new(
                Item::Table(idx),
                &[&table.en, &table.zh, &table.label, &table.id],
            ));
        }
        for (idx, figure) in doc.figures.iter().enumerate() {
            entries.push(Entry::new(
                Item::Figure(idx),
                &[&figure.en, &figure.zh, &figure.label, &figure.id],
            ));
        }
        Self { entries }
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
                .filter_map(|entry| entry.best_match(&pattern, &query_lower, need, matcher))
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
    let c = nucleo_matcher::chars::to_lower_case(nucleo_matcher::chars::normalize(c));
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

impl Entry {
    fn new(item: Item, strings: &[&str]) -> Self {
        let strings: Vec<String> = strings
            .iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| (*s).to_owned())
            .collect();
        let masks: Vec<u128> = strings.iter().map(|s| text_mask(s)).collect();
        Self {
            item,
            lower: strings.iter().map(|s| s.to_lowercase()).collect(),
            haystacks: strings
                .iter()
                .map(|s| Utf32String::from(s.as_str()))
                .collect(),
            mask: masks.iter().fold(0, |all, m| all | m),
            masks,
            strings,
        }
    }

    /// The best single string for `pattern`, if any string matches on its own.
    fn best_match(
        &self,
        pattern: &Pattern,
        query_lower: &str,
        need: u128,
        matcher: &mut Matcher,
    ) -> Option<Hit> {
        let mut best: Option<(u32, usize)> = None;
        for (i, haystack) in self.haystacks.iter().enumerate() {
            if self.masks.get(i).is_some_and(|m| m & need != need) {
                continue;
            }
            let Some(score) = pattern.score(haystack.slice(..), matcher) else {
                continue;
            };
            let score = score
                + self
                    .lower
                    .get(i)
                    .map_or(0, |lower| bonus(lower, query_lower));
            if best.is_none_or(|(b, _)| score > b) {
                best = Some((score, i));
            }
        }
        best.map(|(score, i)| Hit {
            item: self.item,
            score,
            matched: self.strings.get(i).cloned().unwrap_or_default(),
        })
    }
}

/// A matcher configured for names (path heuristics off).
pub fn new_matcher() -> Matcher {
    Matcher::new(Config::DEFAULT)
}
