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
    /// Lowercased strings, for exact and prefix bonuses.
    lower: Vec<String>,
    haystacks: Vec<Utf32String>,
}

/// A ranked search result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub item: Item,
    pub score: u32,
    /// Which of the item's strings matched best (its name, an alias …).
    pub matched: String,
}

#[derive(Debug, Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
}

impl SearchIndex {
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

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `limit` hits for `query`, best first. Exact and prefix matches of a whole
    /// name or abbreviation outrank scattered fuzzy matches; ties keep kind order.
    pub fn query(&self, query: &str, limit: usize, matcher: &mut Matcher) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() {
            return Vec::new();
        }
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let query_lower = query.to_lowercase();
        let mut hits: Vec<Hit> = Vec::new();
        for entry in &self.entries {
            let mut best: Option<(u32, usize)> = None;
            for (i, haystack) in entry.haystacks.iter().enumerate() {
                let Some(mut score) = pattern.score(haystack.slice(..), matcher) else {
                    continue;
                };
                let lower = entry.lower.get(i).map_or("", String::as_str);
                if lower == query_lower {
                    score += 1000;
                } else if lower.starts_with(&query_lower) {
                    score += 300;
                } else if lower.contains(&query_lower) {
                    score += 100;
                }
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, i));
                }
            }
            if let Some((score, i)) = best {
                hits.push(Hit {
                    item: entry.item,
                    score,
                    matched: entry.lower.get(i).cloned().unwrap_or_default(),
                });
            }
        }
        // Stable sort keeps index order (kind order, then file order) among equal scores.
        hits.sort_by_key(|hit| std::cmp::Reverse(hit.score));
        hits.truncate(limit);
        hits
    }
}

impl Entry {
    fn new(item: Item, strings: &[&str]) -> Self {
        let strings: Vec<&str> = strings
            .iter()
            .copied()
            .filter(|s| !s.trim().is_empty())
            .collect();
        Self {
            item,
            lower: strings.iter().map(|s| s.to_lowercase()).collect(),
            haystacks: strings.iter().map(|s| Utf32String::from(*s)).collect(),
        }
    }
}

/// A matcher configured for names (path heuristics off).
pub fn new_matcher() -> Matcher {
    Matcher::new(Config::DEFAULT)
}
