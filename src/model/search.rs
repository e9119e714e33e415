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
    /// All strings joined: one fuzzy match per entry rejects most entries at once.
    joined: Utf32String,
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
    ///
    /// One fuzzy match against each entry's joined strings finds the candidates (a string
    /// that matches makes its superstring match, so nothing is missed); the cheap
    /// exact/prefix bonuses rank them; only the top candidates are then matched string by
    /// string, which drops matches that straddle two strings and names the one that matched.
    pub fn query(&self, query: &str, limit: usize, matcher: &mut Matcher) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let query_lower = query.to_lowercase();
        let mut candidates: Vec<(u32, usize)> = Vec::new();
        for (entry_idx, entry) in self.entries.iter().enumerate() {
            let Some(score) = pattern.score(entry.joined.slice(..), matcher) else {
                continue;
            };
            let bonus = entry
                .lower
                .iter()
                .map(|lower| bonus(lower, &query_lower))
                .max()
                .unwrap_or(0);
            candidates.push((score + bonus, entry_idx));
        }
        // Stable: equal scores keep index order (kind order, then file order).
        candidates.sort_by_key(|&(score, _)| std::cmp::Reverse(score));
        let mut hits = Vec::with_capacity(limit);
        for (_, entry_idx) in candidates {
            let Some(entry) = self.entries.get(entry_idx) else {
                continue;
            };
            if let Some(hit) = entry.best_match(&pattern, &query_lower, matcher) {
                hits.push(hit);
                if hits.len() == limit {
                    break;
                }
            }
        }
        // Re-rank the verified hits by their own field scores.
        hits.sort_by_key(|hit| std::cmp::Reverse(hit.score));
        hits
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
        Self {
            item,
            lower: strings.iter().map(|s| s.to_lowercase()).collect(),
            haystacks: strings
                .iter()
                .map(|s| Utf32String::from(s.as_str()))
                .collect(),
            joined: Utf32String::from(strings.join(" \u{1f} ").as_str()),
            strings,
        }
    }

    /// The best single string for `pattern`, if any string matches on its own.
    fn best_match(
        &self,
        pattern: &Pattern,
        query_lower: &str,
        matcher: &mut Matcher,
    ) -> Option<Hit> {
        let mut best: Option<(u32, usize)> = None;
        for (i, haystack) in self.haystacks.iter().enumerate() {
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
