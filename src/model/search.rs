//! Search over what a reader types: entity names, abbreviations, aliases and study
//! authors; the reviews' tables and figures by label ("表1", "Fig 2", "Table 1") and by
//! title; and the text of every claim (summaries, quotes, glosses, notes, caveats), in
//! Chinese and English.
//!
//! Every string is folded once per document revision (case, accents, full-width forms,
//! character for character, so a match maps back onto the text as written); a query only
//! compares. Ranking: how the query matches comes first — the whole string, its start,
//! whole words, word starts, anywhere, and last (short names only) scattered letters —
//! then which field matched (a name above a word in a quote), then shorter strings.
//! Claim text is matched word for word, never fuzzily: scattered letters match almost
//! any sentence.

use std::ops::Range;

use memchr::arch::all::packedpair::HeuristicFrequencyRank;
use memchr::memmem;
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32String};

use super::claim::Claim;
use super::entity::Kind;
use super::{Document, Item};

/// Which field of a record a hit matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// An entity's Chinese or English name.
    Name,
    /// An entity's abbreviation.
    Abbr,
    /// One of an entity's aliases.
    Alias,
    /// A study's first author.
    Author,
    /// A table's or figure's label as the review prints it ("表1", "图 2").
    Label,
    /// A table's title or a figure's caption.
    Title,
    /// A claim's one-sentence summary (Chinese or English).
    Summary,
    /// The verbatim quote a claim cites.
    Quote,
    /// The English gloss of that quote.
    Gloss,
    /// A curator's note on a claim.
    Note,
    /// A curator's caveat on a claim.
    Caveat,
    /// The record's id (found, never shown).
    Id,
}

impl Field {
    /// Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Field::Name => "名称",
            Field::Abbr => "缩写",
            Field::Alias => "别名",
            Field::Author => "作者",
            Field::Label => "编号",
            Field::Title => "标题",
            Field::Summary => "摘要",
            Field::Quote => "原文",
            Field::Gloss => "原文释义",
            Field::Note => "注",
            Field::Caveat => "警示",
            Field::Id => "标识",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Abbr => "abbreviation",
            Field::Alias => "alias",
            Field::Author => "author",
            Field::Label => "label",
            Field::Title => "title",
            Field::Summary => "summary",
            Field::Quote => "quote",
            Field::Gloss => "gloss",
            Field::Note => "note",
            Field::Caveat => "caveat",
            Field::Id => "id",
        }
    }

    /// How much a match in this field counts, after how well it matched.
    fn weight(self) -> u32 {
        match self {
            Field::Name | Field::Abbr | Field::Label => 9,
            Field::Alias => 8,
            Field::Author => 7,
            Field::Title => 6,
            Field::Summary => 5,
            Field::Quote | Field::Gloss => 4,
            Field::Note | Field::Caveat => 3,
            Field::Id => 1,
        }
    }

    /// Whether scattered letters count as a match: for names, never for prose.
    fn fuzzy(self) -> bool {
        match self {
            Field::Name | Field::Abbr | Field::Alias | Field::Author => true,
            // Ids ("targets-1236") and labels ("表 1") hold the letters of too many
            // queries; they are found word for word.
            Field::Label
            | Field::Id
            | Field::Title
            | Field::Summary
            | Field::Quote
            | Field::Gloss
            | Field::Note
            | Field::Caveat => false,
        }
    }
}

/// How a string matched a query, worst first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Quality {
    /// The query's letters in order, scattered (names only).
    Fuzzy = 1,
    /// Every word of the query somewhere, inside words.
    Substring,
    /// Every word of the query at the start of a word.
    WordStart,
    /// Every word of the query as a whole word (in Chinese: anywhere).
    Word,
    /// The string starts with the query.
    Prefix,
    /// The string is the query.
    Exact,
}

/// Score of a match: quality first, then the field, then `fine` (below 1000).
fn score(quality: Quality, field: Field, fine: u32) -> u32 {
    quality as u32 * 10_000 + field.weight() * 1_000 + fine.min(999)
}

/// Tie-break among equal matches: shorter strings first.
fn shortness(n_chars: u32) -> u32 {
    999u32.saturating_sub(n_chars)
}

/// The groups results are shown in: one per entity kind, tables, figures, claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HitGroup {
    /// Entities of one kind.
    Entity(Kind),
    /// The reviews' tables.
    Table,
    /// The reviews' figures.
    Figure,
    /// Claims.
    Claim,
}

impl HitGroup {
    /// The group `item` is shown in.
    pub fn of(item: Item) -> Self {
        match item {
            Item::Entity(kind, _) => HitGroup::Entity(kind),
            Item::Table(_) => HitGroup::Table,
            Item::Figure(_) => HitGroup::Figure,
            Item::Claim(_) => HitGroup::Claim,
        }
    }

    /// Fixed order among groups whose best hits score the same (the kinds' UI order,
    /// then tables, figures, claims).
    fn rank(self) -> usize {
        match self {
            HitGroup::Entity(kind) => usize::from(kind.rank()),
            HitGroup::Table => Kind::COUNT,
            HitGroup::Figure => Kind::COUNT + 1,
            HitGroup::Claim => Kind::COUNT + 2,
        }
    }
}

/// A ranked search result.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// What was found.
    pub item: Item,
    /// Match score, higher is better.
    pub score: u32,
    /// Which field matched.
    pub field: Field,
    /// The string that matched, as written (a name, an alias, a quote …).
    pub matched: String,
    /// Where in `matched` the query's first word matched (bytes); `None` for a scattered
    /// match.
    pub span: Option<Range<usize>>,
}

/// A one-line excerpt of a hit's text around the match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    /// The excerpt, "…" where it was cut, line breaks as spaces.
    pub text: String,
    /// The match within `text` (bytes; empty when there is none to mark).
    pub mark: Range<usize>,
}

impl Hit {
    /// The matched text cut to about `width` columns around the match (a hanzi takes
    /// two), keeping at most `before` columns in front of it.
    pub fn snippet(&self, before: usize, width: usize) -> Snippet {
        snippet(&self.matched, self.span.as_ref(), before, width)
    }
}

fn snippet(text: &str, span: Option<&Range<usize>>, before: usize, width: usize) -> Snippet {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let char_at = |byte: usize| chars.partition_point(|&(i, _)| i < byte);
    let (mark_start, mark_end) = match span {
        Some(span) => (char_at(span.start), char_at(span.end)),
        None => (0, 0),
    };
    let columns = |n: usize| chars.get(n).map_or(1, |&(_, c)| display_width(c));
    // Back from the match while the context fits, not starting at a space.
    let mut first = mark_start;
    let mut used = 0;
    while first > 0 && used + columns(first - 1) <= before {
        first -= 1;
        used += columns(first);
    }
    while first < mark_start && chars.get(first).is_some_and(|(_, c)| c.is_whitespace()) {
        first += 1;
    }
    // A short way in, the start of the text reads better than a cut.
    if first <= 4 {
        first = 0;
    }
    let mut last = first;
    let mut used = 0;
    while last < chars.len() && (last < mark_end || used + columns(last) <= width) {
        used += columns(last);
        last += 1;
    }
    let mut out = String::new();
    let mut mark = 0..0;
    if first > 0 {
        out.push('…');
    }
    for (n, &(_, c)) in chars.iter().enumerate().take(last).skip(first) {
        if n == mark_start {
            mark.start = out.len();
        }
        out.push(if c.is_whitespace() { ' ' } else { c });
        if n + 1 == mark_end {
            mark.end = out.len();
        }
    }
    if mark.end < mark.start {
        mark = 0..0;
    }
    if last < chars.len() {
        let kept = out.trim_end().len().max(mark.end);
        out.truncate(kept);
        out.push('…');
    }
    Snippet { text: out, mark }
}

/// Columns a character takes: two for hanzi and full-width forms, else one.
fn display_width(c: char) -> usize {
    if is_cjk(c) || ('\u{ff00}'..='\u{ffef}').contains(&c) {
        2
    } else {
        1
    }
}

/// One group of results: the best hits and how many there are in all.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// Which group.
    pub group: HitGroup,
    /// How many items of the group match (see `estimated`).
    pub total: usize,
    /// Whether `total` is an estimate: when more claims may match than a query reads
    /// ([`CLAIMS_READ`]), it reads the first of them and scales what it found.
    pub estimated: bool,
    /// The best of them, best first.
    pub hits: Vec<Hit>,
}

/// A table or figure label reduced to what it means: ("表 1", "Table 1") → table 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ViewLabel {
    Table(u32),
    Figure(u32),
}

/// Reads a (folded) label or query as a view label: "表1", "表 1", "table 1", "tab. 1",
/// "图2", "fig 2", "fig. 2b", "figure 2" (a panel letter may follow the number).
fn view_label(folded: &str) -> Option<ViewLabel> {
    const PREFIXES: &[(&str, bool)] = &[
        ("figures", false),
        ("figure", false),
        ("figs", false),
        ("fig", false),
        ("图", false),
        ("tables", true),
        ("table", true),
        ("tab", true),
        ("tbl", true),
        ("表", true),
    ];
    let text = folded.trim();
    let (table, rest) = PREFIXES
        .iter()
        .find_map(|&(prefix, table)| text.strip_prefix(prefix).map(|rest| (table, rest)))?;
    let rest = rest.trim_start_matches(|c: char| c == '.' || c.is_whitespace());
    let n_digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let number: u32 = rest.get(..n_digits)?.parse().ok()?;
    let panel = rest.get(n_digits..)?.trim();
    if panel.chars().count() > 1 || panel.chars().any(|c| !c.is_ascii_lowercase()) {
        return None;
    }
    Some(if table {
        ViewLabel::Table(number)
    } else {
        ViewLabel::Figure(number)
    })
}

/// Longest query considered (characters); the rest is ignored. Nothing searchable is
/// this long, and a query must stay cheap on the UI thread.
const MAX_QUERY_CHARS: usize = 200;

/// Most words of a query considered.
const MAX_WORDS: usize = 8;

/// Names longer than this are matched word for word only: scattered letters match
/// almost any long string.
const FUZZY_MAX_CHARS: u32 = 64;

/// Scattered matches scoring less than this per character of the query are dropped:
/// nucleo gives 16 a character plus bonuses for word starts and runs, less for gaps.
/// Measured on the curated names: "tsg6" → "TSG-6" 27, "exosme" → "exosome" 24, but
/// "lupus" → "nucleus pulposus cell" 18 and "placebo" → "polycaprolactone fiber" 14.
const FUZZY_MIN_PER_CHAR: u32 = 20;

/// One word of a query, folded, with nucleo's pattern syntax taken off: `!` excludes,
/// `^` anchors at the start, `$` at the end, `'` (exact) is the default here anyway.
#[derive(Debug)]
struct Word {
    text: String,
    /// Finds `text`, built once per query.
    finder: memmem::Finder<'static>,
    negated: bool,
    at_start: bool,
    at_end: bool,
}

impl Word {
    fn parse(word: &str) -> Option<Self> {
        let (negated, rest) = strip(word, '!');
        let (at_start, rest) = strip(rest, '^');
        let (_, rest) = strip(rest, '\'');
        let (at_end, rest) = match rest.strip_suffix('$') {
            Some(rest) if !rest.ends_with('\\') => (true, rest),
            Some(_) | None => (false, rest),
        };
        let text = rest.replace('\\', "");
        (!text.is_empty()).then(|| Self {
            finder: memmem::Finder::new(text.as_bytes()).into_owned(),
            text,
            negated,
            at_start,
            at_end,
        })
    }
}

fn strip(text: &str, prefix: char) -> (bool, &str) {
    match text.strip_prefix(prefix) {
        Some(rest) => (true, rest),
        None => (false, text),
    }
}

/// A parsed query.
struct Query {
    /// The positive words joined by single spaces: what an exact or prefix match equals.
    plain: String,
    words: Vec<Word>,
    /// Scattered matching of short names.
    pattern: Pattern,
    /// The least scattered score that counts (see [`FUZZY_MIN_PER_CHAR`]).
    min_fuzzy: u32,
    /// Characters every matching string contains.
    need: u128,
    /// The query read as a table or figure label.
    label: Option<ViewLabel>,
    /// The longest positive word, which claim text is scanned for.
    anchor: String,
    /// The hashed character pairs of the positive words; claim text is searched only
    /// when there is one (a word of two characters or more).
    pairs: Vec<usize>,
}

impl Query {
    fn parse(raw: &str) -> Option<Self> {
        let raw: String = raw.trim().chars().take(MAX_QUERY_CHARS).collect();
        let folded = fold(&raw);
        let kept: Vec<&str> = folded.split_whitespace().take(MAX_WORDS).collect();
        let label = view_label(&kept.join(" "));
        let mut words: Vec<Word> = kept.iter().filter_map(|w| Word::parse(w)).collect();
        if label.is_some() {
            // "表1", "Fig 2": the label as one phrase, found in claim text as written
            // there ("表1称…"; Chinese writes no space before the number).
            let phrase = if kept.first().is_some_and(|w| w.starts_with(is_cjk)) {
                kept.concat()
            } else {
                kept.join(" ")
            };
            words = Word::parse(&phrase).into_iter().collect();
        }
        let positive: Vec<&Word> = words.iter().filter(|w| !w.negated).collect();
        let anchor = positive
            .iter()
            .copied()
            .reduce(|a, b| if b.text.len() > a.text.len() { b } else { a })?;
        let mut pairs: Vec<usize> = positive.iter().flat_map(|w| bigram_bits(&w.text)).collect();
        pairs.sort_unstable();
        pairs.dedup();
        let plain = positive
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let n_chars = positive
            .iter()
            .map(|w| w.text.chars().count())
            .sum::<usize>();
        Some(Self {
            label,
            pattern: Pattern::parse(&kept.join(" "), CaseMatching::Ignore, Normalization::Smart),
            min_fuzzy: u32::try_from(n_chars)
                .unwrap_or(u32::MAX)
                .saturating_mul(FUZZY_MIN_PER_CHAR),
            need: positive.iter().fold(0, |m, w| m | text_mask(&w.text)),
            anchor: anchor.text.clone(),
            pairs,
            plain,
            words,
        })
    }

    fn negated(&self) -> impl Iterator<Item = &Word> {
        self.words.iter().filter(|w| w.negated)
    }
}

/// How a query matched one string: its quality and where its first word is (bytes).
struct Eval {
    quality: Quality,
    span: Range<usize>,
}

/// Matches `text` (folded) word for word against `query`. Negated words reject the
/// string unless `skip_negated` (claims check them once over the whole claim).
fn eval(text: &str, query: &Query, skip_negated: bool) -> Option<Eval> {
    let mut quality = Quality::Word;
    let mut span = None;
    for word in &query.words {
        if word.negated {
            if !skip_negated && find_at(text.as_bytes(), word.text.as_bytes(), 0).is_some() {
                return None;
            }
            continue;
        }
        let (found, at) = best_occurrence(text, word)?;
        quality = quality.min(found);
        span.get_or_insert(at..at + word.text.len());
    }
    let span = span?;
    if text == query.plain {
        quality = Quality::Exact;
    } else if quality >= Quality::WordStart && text.starts_with(&query.plain) {
        quality = Quality::Prefix;
    }
    Some(Eval { quality, span })
}

/// The best place `word` occurs in `text`: a whole word beats a word start beats inside.
fn best_occurrence(text: &str, word: &Word) -> Option<(Quality, usize)> {
    let mut best: Option<(Quality, usize)> = None;
    let mut from = 0;
    while let Some(at) = find_at(text.as_bytes(), word.text.as_bytes(), from) {
        from = at + 1;
        if word.at_start && at > 0 {
            break;
        }
        if word.at_end && at + word.text.len() != text.len() {
            continue;
        }
        let quality = boundaries(text, at..at + word.text.len());
        if best.is_none_or(|(b, _)| quality > b) {
            best = Some((quality, at));
        }
        if quality == Quality::Word {
            break;
        }
    }
    best
}

/// Where `needle` first occurs in `hay` at or after `from`. The strings judged here are
/// short (a name, one sentence): a search by the first byte beats building a searcher.
fn find_at(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let (&first, rest) = needle.split_first()?;
    let mut at = from;
    while let Some(found) = hay.get(at..).and_then(|h| memchr::memchr(first, h)) {
        let start = at + found;
        if hay
            .get(start + 1..start + needle.len())
            .is_some_and(|tail| tail == rest)
        {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// Whether `span` of `text` starts and ends at word boundaries. Hanzi have no spaces
/// between words: next to one there is always a boundary.
fn boundaries(text: &str, span: Range<usize>) -> Quality {
    let before = text.get(..span.start).and_then(|t| t.chars().next_back());
    let after = text.get(span.end..).and_then(|t| t.chars().next());
    let inside = text.get(span).unwrap_or_default();
    let starts = before.is_none_or(|c| !is_word_char(c))
        || inside.chars().next().is_some_and(|c| !is_word_char(c));
    let ends = after.is_none_or(|c| !is_word_char(c))
        || inside.chars().next_back().is_some_and(|c| !is_word_char(c));
    match (starts, ends) {
        (true, true) => Quality::Word,
        (true, false) => Quality::WordStart,
        (false, _) => Quality::Substring,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && !is_cjk(c) && c.is_alphanumeric())
}

/// Chinese, Japanese and Korean characters (ideographs, kana, hangul, radicals).
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{9fff}' | '\u{ac00}'..='\u{d7af}' | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{3ffff}')
}

/// One character folded for matching: lower case, accents off (nucleo's table),
/// full-width ASCII as ASCII, ideographic and no-break spaces as spaces, a few Greek
/// letters as Latin. Always one
/// character for one, so positions map back onto the text as written.
fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match c {
        // Ideographs have no case: skip the tables.
        '\u{3400}'..='\u{9fff}' => c,
        '\u{ff01}'..='\u{ff5e}' => {
            char::from_u32(u32::from(c) - 0xfee0).map_or(c, |a| a.to_ascii_lowercase())
        }
        '\u{3000}' | '\u{a0}' => ' ',
        // Greek letters of biomedical names as typed on a Latin keyboard: NF-κB as
        // "nf-kb", TNF-α as "tnf-a", TGF-β as "tgf-b", IFN-γ as "ifn-g".
        'α' | 'Α' => 'a',
        'β' | 'Β' => 'b',
        'γ' | 'Γ' => 'g',
        'δ' | 'Δ' => 'd',
        'ε' | 'Ε' => 'e',
        'κ' | 'Κ' => 'k',
        c => {
            let c = nucleo_matcher::chars::normalize(c);
            if c.is_ascii() {
                c.to_ascii_lowercase()
            } else {
                nucleo_matcher::chars::to_lower_case(c)
            }
        }
    }
}

fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// Bit of a folded character in a string's mask: one of 36 bits for a–z and 0–9, or
/// one of 64 hashed bits for any other non-ASCII character. ASCII punctuation and spaces
/// are not tracked.
fn char_bit(c: char) -> u128 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        c if c.is_ascii() || c.is_whitespace() => 0,
        // Fibonacci hashing spreads neighbouring code points over the 64 Bloom bits.
        c => 1 << (64 + ((c as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 58)),
    }
}

/// Which characters a folded string contains. A string lacking a character of the query
/// cannot match, so it is skipped without looking further.
fn text_mask(folded: &str) -> u128 {
    folded.chars().fold(0, |mask, c| mask | char_bit(c))
}

/// One entity, table or figure and the strings it can be found by.
#[derive(Debug)]
struct Entry {
    item: Item,
    /// Position in [`SearchIndex::entries`].
    index: usize,
    /// The strings as written, for showing which one matched.
    strings: Vec<String>,
    /// The same, folded.
    folded: Vec<String>,
    fields: Vec<Field>,
    n_chars: Vec<u32>,
    /// Converted for scattered matching: short strings of name-like fields only.
    haystacks: Vec<Option<Utf32String>>,
    /// Per string: which characters it contains (see [`text_mask`]).
    masks: Vec<u128>,
    /// Union of `masks`: rejects the whole entry at once.
    mask: u128,
    /// What a table's or figure's label means, and which string it is.
    label: Option<(ViewLabel, usize)>,
}

impl Entry {
    fn new(item: Item, index: usize, strings: &[(Field, &str)]) -> Self {
        let strings: Vec<(Field, &str)> = strings
            .iter()
            .copied()
            .filter(|(_, s)| !s.trim().is_empty())
            .collect();
        let folded: Vec<String> = strings.iter().map(|(_, s)| fold(s)).collect();
        let n_chars: Vec<u32> = folded
            .iter()
            .map(|s| u32::try_from(s.chars().count()).unwrap_or(u32::MAX))
            .collect();
        let masks: Vec<u128> = folded.iter().map(|s| text_mask(s)).collect();
        let label = strings
            .iter()
            .zip(&folded)
            .position(|((field, _), _)| *field == Field::Label)
            .and_then(|i| Some((view_label(folded.get(i)?)?, i)));
        Self {
            item,
            index,
            haystacks: strings
                .iter()
                .zip(&folded)
                .zip(&n_chars)
                .map(|(((field, _), folded), &n)| {
                    (field.fuzzy() && n <= FUZZY_MAX_CHARS)
                        .then(|| Utf32String::from(folded.as_str()))
                })
                .collect(),
            fields: strings.iter().map(|(field, _)| *field).collect(),
            strings: strings.iter().map(|(_, s)| (*s).to_owned()).collect(),
            mask: masks.iter().fold(0, |all, m| all | m),
            masks,
            n_chars,
            folded,
            label,
        }
    }

    /// The best string of this entry for `query`: (score, string, span).
    fn best_match(
        &self,
        query: &Query,
        matcher: &mut Matcher,
    ) -> Option<(u32, usize, Option<Range<usize>>)> {
        let mut best: Option<(u32, usize, Option<Range<usize>>)> = None;
        let mut consider = |found: (u32, usize, Option<Range<usize>>)| {
            if best.as_ref().is_none_or(|b| found.0 > b.0) {
                best = Some(found);
            }
        };
        // "Fig 2" finds the review's "图 2", whatever the spelling.
        if let (Some((label, i)), Some(wanted)) = (self.label, query.label)
            && label == wanted
        {
            let len = self.folded.get(i).map_or(0, String::len);
            consider((score(Quality::Exact, Field::Label, 999), i, Some(0..len)));
        }
        // A label query means the reviews' tables and figures, not names that hold its
        // letters. (The caller has checked the entry's mask.)
        if query.label.is_some() {
            return best;
        }
        for (i, folded) in self.folded.iter().enumerate() {
            if self
                .masks
                .get(i)
                .is_some_and(|m| m & query.need != query.need)
            {
                continue;
            }
            let field = self.fields.get(i).copied().unwrap_or(Field::Id);
            let n_chars = self.n_chars.get(i).copied().unwrap_or(u32::MAX);
            if let Some(found) = eval(folded, query, false) {
                consider((
                    score(found.quality, field, shortness(n_chars)),
                    i,
                    Some(found.span),
                ));
            } else if let Some(Some(haystack)) = self.haystacks.get(i)
                && let Some(fuzzy) = query.pattern.score(haystack.slice(..), matcher)
                && fuzzy >= query.min_fuzzy
            {
                consider((score(Quality::Fuzzy, field, fuzzy), i, None));
            }
        }
        best
    }
}

/// The text of every claim, folded, in one buffer scanned at once.
#[derive(Debug, Default)]
struct ClaimTexts {
    /// Every segment, folded, each followed by a line break (query words have no
    /// whitespace, so no match straddles two segments).
    text: String,
    /// The segments as written, for snippets.
    originals: Vec<String>,
    segments: Vec<Segment>,
    /// Per segment, its field (apart: a query reads these for every claim it judges).
    fields: Vec<Field>,
    /// Per claim, in file order.
    claims: Vec<ClaimSpan>,
    /// Which claims hold which character pairs.
    pairs: BigramRows,
    /// How common each byte of `text` is.
    ranks: ByteRanks,
}

/// How common each byte is in the claim text, 0–255. memchr scans for the rarest bytes
/// of a word; its built-in table expects mostly ASCII, where UTF-8 lead bytes are rare,
/// but in Chinese text they are the commonest bytes there are.
#[derive(Debug)]
struct ByteRanks([u8; 256]);

impl Default for ByteRanks {
    fn default() -> Self {
        Self([0; 256])
    }
}

impl ByteRanks {
    fn of(text: &[u8]) -> Self {
        let mut counts = [0u64; 256];
        for &byte in text {
            if let Some(count) = counts.get_mut(usize::from(byte)) {
                *count += 1;
            }
        }
        let most = counts.iter().copied().max().unwrap_or(0).max(1);
        let mut ranks = [0u8; 256];
        for (rank, count) in ranks.iter_mut().zip(counts) {
            *rank = u8::try_from(count * 255 / most).unwrap_or(u8::MAX);
        }
        Self(ranks)
    }
}

/// [`ByteRanks`] as memchr asks for them.
struct Ranker<'a>(&'a ByteRanks);

impl HeuristicFrequencyRank for Ranker<'_> {
    fn rank(&self, byte: u8) -> u8 {
        self.0.0.get(usize::from(byte)).copied().unwrap_or(u8::MAX)
    }
}

/// One string of one claim within [`ClaimTexts::text`].
#[derive(Debug)]
struct Segment {
    start: usize,
    end: usize,
    claim: usize,
}

/// One claim's part of [`ClaimTexts::text`] and its segments.
#[derive(Debug)]
struct ClaimSpan {
    start: usize,
    end: usize,
    segments: Range<usize>,
}

/// The strings a claim can be found by, best field first.
fn claim_strings(claim: &Claim) -> Vec<(Field, &str)> {
    let mut strings = vec![
        (Field::Summary, claim.zh.as_str()),
        (Field::Summary, claim.en.as_str()),
        (Field::Quote, claim.cite.quote.as_str()),
        (Field::Gloss, claim.cite.gloss.as_str()),
        (Field::Note, claim.note.as_str()),
    ];
    for caveat in &claim.caveats {
        strings.push((Field::Caveat, &caveat.zh));
        strings.push((Field::Caveat, &caveat.en));
    }
    strings.push((Field::Id, &claim.id));
    strings
}

impl ClaimTexts {
    fn build(claims: &[Claim]) -> Self {
        let mut texts = ClaimTexts {
            pairs: BigramRows::new(claims.len()),
            ..ClaimTexts::default()
        };
        for (idx, claim) in claims.iter().enumerate() {
            let start = texts.text.len();
            let first_segment = texts.segments.len();
            for (field, original) in claim_strings(claim) {
                if original.trim().is_empty() {
                    continue;
                }
                let seg_start = texts.text.len();
                for c in original.chars() {
                    // Line breaks separate segments; within one they are spaces.
                    let c = fold_char(c);
                    texts.text.push(if c.is_control() { ' ' } else { c });
                }
                texts.segments.push(Segment {
                    start: seg_start,
                    end: texts.text.len(),
                    claim: idx,
                });
                texts.fields.push(field);
                texts.originals.push(original.to_owned());
                texts.text.push('\n');
            }
            let end = texts.text.len();
            texts.claims.push(ClaimSpan {
                start,
                end,
                segments: first_segment..texts.segments.len(),
            });
            for pair in bigram_bits(texts.text.get(start..end).unwrap_or_default()) {
                texts.pairs.set(pair, idx);
            }
        }
        texts.ranks = ByteRanks::of(texts.text.as_bytes());
        texts
    }

    /// Adds one candidate per claim of `claims` (indices) matching `query`: its best
    /// segment.
    fn search(
        &self,
        claims: &[usize],
        query: &Query,
        anchor: &memmem::Finder<'_>,
        order: usize,
        out: &mut Vec<Candidate>,
    ) {
        for (claim, span) in claims
            .iter()
            .filter_map(|&i| Some((i, self.claims.get(i)?)))
        {
            if let Some(best) = self.best_segment(claim, span, query, anchor, order)
                && !self.excluded(span, query)
            {
                out.push(best);
            }
        }
    }

    /// The best matching segment of claim `claim`, if any. Only the claim's own bytes
    /// are read (segments are told apart by the line breaks between them), and its
    /// segments come best field first: the first whole-word match ends the search.
    fn best_segment(
        &self,
        claim: usize,
        span: &ClaimSpan,
        query: &Query,
        anchor: &memmem::Finder<'_>,
        order: usize,
    ) -> Option<Candidate> {
        // Bytes first: a str slice would check both ends, reading a second cache line.
        let bytes = self.text.as_bytes().get(span.start..span.end)?;
        let mut best: Option<Candidate> = None;
        let mut seg_idx = span.segments.start;
        let mut seg_start = 0;
        while seg_start < bytes.len() {
            let Some(found) = bytes.get(seg_start..).and_then(|hay| anchor.find(hay)) else {
                break;
            };
            let pos = seg_start + found;
            let base = seg_start;
            for line_break in memchr::memchr_iter(b'\n', bytes.get(base..pos).unwrap_or_default()) {
                seg_idx += 1;
                seg_start = base + line_break + 1;
            }
            let seg_end = bytes
                .get(pos..)
                .and_then(|rest| memchr::memchr(b'\n', rest))
                .map_or(bytes.len(), |i| pos + i);
            let segment = self.text.get(span.start + seg_start..span.start + seg_end);
            let (Some(segment), Some(&field)) = (segment, self.fields.get(seg_idx)) else {
                break;
            };
            let at = Found {
                segment: seg_idx,
                claim,
                field,
            };
            if let Some(candidate) = judge(segment, at, query, order) {
                if candidate.quality >= Quality::Word {
                    return Some(candidate);
                }
                if best.as_ref().is_none_or(|b| candidate.score > b.score) {
                    best = Some(candidate);
                }
            }
            seg_start = seg_end + 1;
            seg_idx += 1;
        }
        best
    }

    /// Whether the claim contains one of the query's negated words.
    fn excluded(&self, span: &ClaimSpan, query: &Query) -> bool {
        let text = self
            .text
            .as_bytes()
            .get(span.start..span.end)
            .unwrap_or_default();
        query.negated().any(|w| w.finder.find(text).is_some())
    }
}

/// Hashed character pairs: 2048 of them.
const BIGRAM_BITS: usize = 2048;

/// The hashed pair of two folded characters, below [`BIGRAM_BITS`].
fn bigram_bit(a: char, b: char) -> usize {
    let pair = (u64::from(a) << 32) | u64::from(b);
    (pair.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 53) as usize
}

/// The hashed pairs of every two neighbouring characters of `folded`.
fn bigram_bits(folded: &str) -> impl Iterator<Item = usize> + '_ {
    folded
        .chars()
        .zip(folded.chars().skip(1))
        .map(|(a, b)| bigram_bit(a, b))
}

/// Which claims hold each hashed character pair: one bit per claim and pair
/// (bit-sliced signatures). A claim lacking a pair of the query cannot contain it, so a
/// query ANDs the rows of its pairs (a few kilobytes, whatever the number of claims) and
/// reads only the claims left. A claim of the curated file's length sets about a fifth
/// of the pairs: a one-pair word ("巨噬") leaves a fifth of the claims that lack it, a
/// longer word almost none.
#[derive(Debug, Default)]
struct BigramRows {
    /// Words (of 64 claims) per row.
    width: usize,
    /// Row `pair` is `bits[pair * width..][..width]`.
    bits: Vec<u64>,
}

impl BigramRows {
    fn new(n_claims: usize) -> Self {
        let width = n_claims.div_ceil(64);
        Self {
            width,
            bits: vec![0; width * BIGRAM_BITS],
        }
    }

    fn set(&mut self, pair: usize, claim: usize) {
        if let Some(word) = self.bits.get_mut(pair * self.width + claim / 64) {
            *word |= 1 << (claim % 64);
        }
    }

    fn row(&self, pair: usize) -> &[u64] {
        self.bits
            .get(pair * self.width..(pair + 1) * self.width)
            .unwrap_or_default()
    }

    /// The claims holding every pair of `pairs`, in file order.
    fn claims_with_all(&self, pairs: &[usize]) -> Vec<usize> {
        let Some((&first, rest)) = pairs.split_first() else {
            return Vec::new();
        };
        let mut all = self.row(first).to_vec();
        for &pair in rest {
            for (word, bits) in all.iter_mut().zip(self.row(pair)) {
                *word &= bits;
            }
        }
        let mut claims = Vec::new();
        for (i, &word) in all.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                claims.push(i * 64 + word.trailing_zeros() as usize);
                word &= word - 1;
            }
        }
        claims
    }
}

/// Which segment of which claim a match was found in.
#[derive(Clone, Copy)]
struct Found {
    segment: usize,
    claim: usize,
    field: Field,
}

/// One claim segment (folded) judged against `query`.
fn judge(text: &str, at: Found, query: &Query, order: usize) -> Option<Candidate> {
    let found = eval(text, query, true)?;
    // A label is a whole word: "表1" is not in "表12".
    if query.label.is_some() && found.quality < Quality::Word {
        return None;
    }
    // In prose a whole word is the best match there is: a sentence that starts with the
    // query is not a better hit than one that has it further on.
    let quality = found.quality.min(Quality::Word);
    let length = u32::try_from(text.len()).unwrap_or(u32::MAX);
    Some(Candidate {
        score: score(quality, at.field, shortness(length)),
        quality,
        order: order + at.claim,
        source: Source::Segment(at.segment),
        span: Some(found.span),
    })
}

/// Where a candidate matched.
#[derive(Clone, Copy, Debug)]
enum Source {
    /// String `string` of entry `entry`.
    Entry { entry: usize, string: usize },
    /// A claim segment.
    Segment(usize),
}

/// A match before it is ranked: cheap to copy, turned into a [`Hit`] only if shown.
#[derive(Clone, Debug)]
struct Candidate {
    score: u32,
    quality: Quality,
    /// Index order (kinds, file order, then claims): equal scores keep it.
    order: usize,
    source: Source,
    /// Where the first word matched, in the folded string.
    span: Option<Range<usize>>,
}

/// Searchable strings of every entity, table, figure and claim of one document revision.
#[derive(Debug, Default)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    /// Per entry, what rejects it without reading it (kept apart: a query reads all of
    /// them, and few entries).
    filters: Vec<EntryFilter>,
    claims: ClaimTexts,
}

/// What a query checks of every entry before reading it.
#[derive(Debug)]
struct EntryFilter {
    /// Union of the entry's string masks.
    mask: u128,
    /// A table's or figure's label.
    label: Option<ViewLabel>,
    index: usize,
}

/// Entries from which a query runs on several threads.
const PARALLEL_ENTRIES: usize = 8192;

/// Claims left by the pair rows from which they are read on several threads.
const PARALLEL_CLAIMS: usize = 2048;

/// Most claims one query reads. A word in most claims ("MSC" is in nine of ten) would
/// otherwise cost a read of every claim on each key press; past this many the first
/// ones are read, ranked, and counted towards an estimate of the rest. The curated file
/// has a few hundred claims: its counts are exact.
pub const CLAIMS_READ: usize = 4096;

impl SearchIndex {
    /// Collects and folds the strings of every entity, table, figure and claim of `doc`.
    pub fn build(doc: &Document) -> Self {
        let mut entries = Vec::new();
        for kind in Kind::ALL {
            for idx in 0..doc.count(kind) {
                let Some(named) = doc.named(kind, idx) else {
                    continue;
                };
                let mut strings: Vec<(Field, &str)> = vec![
                    (Field::Name, named.en()),
                    (Field::Name, named.zh()),
                    (Field::Abbr, named.abbr()),
                ];
                strings.extend(named.aliases().iter().map(|a| (Field::Alias, a.as_str())));
                if let Some(study) = (kind == Kind::Study)
                    .then(|| doc.studies.get(idx))
                    .flatten()
                {
                    strings.push((Field::Author, &study.first_author));
                }
                strings.push((Field::Id, named.id()));
                entries.push(Entry::new(Item::Entity(kind, idx), entries.len(), &strings));
            }
        }
        for (idx, table) in doc.tables.iter().enumerate() {
            entries.push(Entry::new(
                Item::Table(idx),
                entries.len(),
                &[
                    (Field::Label, &table.label),
                    (Field::Title, &table.zh),
                    (Field::Title, &table.en),
                    (Field::Id, &table.id),
                ],
            ));
        }
        for (idx, figure) in doc.figures.iter().enumerate() {
            entries.push(Entry::new(
                Item::Figure(idx),
                entries.len(),
                &[
                    (Field::Label, &figure.label),
                    (Field::Title, &figure.zh),
                    (Field::Title, &figure.en),
                    (Field::Id, &figure.id),
                ],
            ));
        }
        let filters = entries
            .iter()
            .map(|entry| EntryFilter {
                mask: entry.mask,
                label: entry.label.map(|(label, _)| label),
                index: entry.index,
            })
            .collect();
        Self {
            entries,
            filters,
            claims: ClaimTexts::build(&doc.claims),
        }
    }

    /// Number of searchable items (entities, tables, figures and claims).
    pub fn len(&self) -> usize {
        self.entries.len() + self.claims.claims.len()
    }

    /// Whether there is nothing to search.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The best `limit` hits for `query`, best first, whatever their kind. A match lies
    /// within one string: a query never straddles a name and an alias.
    pub fn query(&self, query: &str, limit: usize, matcher: &mut Matcher) -> Vec<Hit> {
        let Some(query) = Query::parse(query) else {
            return Vec::new();
        };
        let (mut candidates, _) = self.candidates(&query, matcher);
        best_first(&mut candidates, limit)
            .iter()
            .filter_map(|c| self.hit(c))
            .collect()
    }

    /// Hits for `query` grouped by kind: each group's best `limit(group)` hits and its
    /// total, groups ordered by their best hit (then tables, figures, claims after the
    /// entity kinds in their UI order).
    pub fn query_grouped(
        &self,
        query: &str,
        limit: impl Fn(HitGroup) -> usize,
        matcher: &mut Matcher,
    ) -> Vec<Group> {
        let Some(query) = Query::parse(query) else {
            return Vec::new();
        };
        let (mut candidates, estimate) = self.candidates(&query, matcher);
        // Candidates come in index order, which is group order (kinds in their UI order,
        // tables, figures, claims); sort only should that ever change.
        let group_of = |c: &Candidate| self.item_of(c.source).map(HitGroup::of);
        if !candidates.is_sorted_by_key(|c| group_of(c).map(HitGroup::rank)) {
            candidates.sort_by_key(|c| group_of(c).map(HitGroup::rank));
        }
        let mut groups: Vec<(u32, usize, Group)> = Vec::new();
        for run in candidates.chunk_by_mut(|a, b| group_of(a) == group_of(b)) {
            let Some(group) = run.first().and_then(group_of) else {
                continue;
            };
            let estimated = estimate.filter(|_| group == HitGroup::Claim);
            let total = estimated.unwrap_or(run.len());
            let best = best_first(run, limit(group).max(1));
            let top = best.first().map_or(0, |c| c.score);
            let hits = best.iter().filter_map(|c| self.hit(c)).collect();
            groups.push((
                top,
                group.rank(),
                Group {
                    group,
                    total,
                    estimated: estimated.is_some(),
                    hits,
                },
            ));
        }
        groups.sort_by_key(|(best, rank, _)| (std::cmp::Reverse(*best), *rank));
        groups.into_iter().map(|(_, _, group)| group).collect()
    }

    /// Every match of `query`, unranked, in index order. Large indices are searched on
    /// all cores.
    fn candidates(&self, query: &Query, matcher: &mut Matcher) -> (Vec<Candidate>, Option<usize>) {
        let search_entries = |filters: &[EntryFilter],
                              matcher: &mut Matcher,
                              out: &mut Vec<Candidate>| {
            for filter in filters {
                let wanted = match query.label {
                    Some(label) => filter.label == Some(label),
                    None => filter.mask & query.need == query.need,
                };
                let Some(entry) = wanted.then(|| self.entries.get(filter.index)).flatten() else {
                    continue;
                };
                if let Some((score, string, span)) = entry.best_match(query, matcher) {
                    out.push(Candidate {
                        score,
                        quality: Quality::Fuzzy,
                        order: entry.index,
                        source: Source::Entry {
                            entry: entry.index,
                            string,
                        },
                        span,
                    });
                }
            }
        };
        let mut out = Vec::new();
        if self.filters.len() >= PARALLEL_ENTRIES {
            let outcomes = super::par::map_chunks(&self.filters, PARALLEL_ENTRIES, |chunk| {
                let mut found = Vec::new();
                search_entries(chunk, &mut new_matcher(), &mut found);
                found
            });
            for (_, outcome) in outcomes {
                // A panic in a matcher thread is a bug: re-raise it, never drop results.
                out.extend(outcome.unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
            }
        } else {
            search_entries(&self.filters, matcher, &mut out);
        }
        let mut estimate = None;
        if !query.pairs.is_empty() {
            let order = self.entries.len();
            let claims = &self.claims;
            let candidates = claims.pairs.claims_with_all(&query.pairs);
            let read = candidates.get(..CLAIMS_READ).unwrap_or(&candidates);
            let before = out.len();
            let anchor = memmem::FinderBuilder::new()
                .build_forward_with_ranker(Ranker(&claims.ranks), query.anchor.as_bytes());
            let outcomes = super::par::map_chunks(read, PARALLEL_CLAIMS, |chunk| {
                let mut found = Vec::new();
                claims.search(chunk, query, &anchor, order, &mut found);
                found
            });
            for (_, outcome) in outcomes {
                out.extend(outcome.unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
            }
            if read.len() < candidates.len() {
                let found = out.len() - before;
                estimate = Some(found * candidates.len() / read.len().max(1));
            }
        }
        (out, estimate)
    }

    fn item_of(&self, source: Source) -> Option<Item> {
        match source {
            Source::Entry { entry, .. } => self.entries.get(entry).map(|e| e.item),
            Source::Segment(idx) => self.claims.segments.get(idx).map(|s| Item::Claim(s.claim)),
        }
    }

    /// A candidate as a hit: the item, the string as written, the match within it.
    fn hit(&self, candidate: &Candidate) -> Option<Hit> {
        let (item, field, original, folded) = match candidate.source {
            Source::Entry { entry, string } => {
                let entry = self.entries.get(entry)?;
                (
                    entry.item,
                    *entry.fields.get(string)?,
                    entry.strings.get(string)?,
                    entry.folded.get(string)?.as_str(),
                )
            }
            Source::Segment(idx) => {
                let segment = self.claims.segments.get(idx)?;
                (
                    Item::Claim(segment.claim),
                    *self.claims.fields.get(idx)?,
                    self.claims.originals.get(idx)?,
                    self.claims.text.get(segment.start..segment.end)?,
                )
            }
        };
        let span = candidate
            .span
            .clone()
            .and_then(|span| map_span(folded, original, span));
        Some(Hit {
            item,
            score: candidate.score,
            field,
            matched: original.clone(),
            span,
        })
    }
}

/// The best `limit` candidates, best first; equal scores keep index order.
fn best_first(candidates: &mut [Candidate], limit: usize) -> &[Candidate] {
    let key = |c: &Candidate| (std::cmp::Reverse(c.score), c.order);
    let limit = limit.min(candidates.len());
    if limit == 0 {
        return &[];
    }
    if limit < candidates.len() {
        candidates.select_nth_unstable_by_key(limit - 1, key);
    }
    let best = candidates.get_mut(..limit).unwrap_or_default();
    best.sort_unstable_by_key(key);
    best
}

/// A byte range of a folded string as the same range of the string as written (folding
/// keeps one character for one).
fn map_span(folded: &str, original: &str, span: Range<usize>) -> Option<Range<usize>> {
    let first = folded.get(..span.start)?.chars().count();
    let n = folded.get(span)?.chars().count();
    let mut bounds = original
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(original.len()));
    let start = bounds.nth(first)?;
    let end = if n == 0 { start } else { bounds.nth(n - 1)? };
    Some(start..end)
}

/// A matcher configured for names (path heuristics off).
pub fn new_matcher() -> Matcher {
    Matcher::new(Config::DEFAULT)
}

#[cfg(test)]
mod tests {
    use super::{Quality, ViewLabel, boundaries, fold, map_span, snippet, view_label};

    #[test]
    fn labels_are_read_whatever_the_spelling() {
        let cases = [
            ("表1", Some(ViewLabel::Table(1))),
            ("表 1", Some(ViewLabel::Table(1))),
            ("table 12", Some(ViewLabel::Table(12))),
            ("tab. 3", Some(ViewLabel::Table(3))),
            ("图2", Some(ViewLabel::Figure(2))),
            ("fig 2", Some(ViewLabel::Figure(2))),
            ("fig.2b", Some(ViewLabel::Figure(2))),
            ("figure 2 a", Some(ViewLabel::Figure(2))),
            ("figure", None),
            ("表", None),
            ("fig 2 shows", None),
            ("table 99999999999", None),
            ("tablet 1", None),
        ];
        for (text, want) in cases {
            assert_eq!(view_label(text), want, "{text:?}");
        }
        // Full-width digits fold to ASCII first.
        assert_eq!(view_label(&fold("表１")), Some(ViewLabel::Table(1)));
    }

    #[test]
    fn word_boundaries() {
        let cases = [
            ("lupus nephritis", "lupus", Quality::Word),
            ("systemic lupus", "lup", Quality::WordStart),
            ("mir-146a-5p", "146a", Quality::Word),
            ("nucleus", "cleus", Quality::Substring),
            // Next to hanzi there is always a boundary.
            ("与安慰剂组相比", "安慰剂", Quality::Word),
            ("il-10", "-10", Quality::Word),
        ];
        for (text, word, want) in cases {
            let at = text.find(word).unwrap_or_default();
            assert_eq!(
                boundaries(text, at..at + word.len()),
                want,
                "{word} in {text}"
            );
        }
    }

    #[test]
    fn folding_keeps_one_character_for_one() {
        let original = "NF-\u{3ba}B ＴＳＧ-６ Crème\u{a0}brûlée İ";
        let folded = fold(original);
        assert_eq!(folded.chars().count(), original.chars().count());
        assert!(folded.starts_with("nf-kb tsg-6 creme brulee"), "{folded}");
        let at = folded.find("tsg").unwrap_or_default();
        let span = map_span(&folded, original, at..at + 3).unwrap_or_default();
        assert_eq!(original.get(span), Some("ＴＳＧ"));
    }

    #[test]
    fn snippets_are_one_line_around_the_match() {
        let text = "first line\nthen the placebo arm, and much more text after it";
        let at = text.find("placebo").unwrap_or_default();
        let cut = snippet(text, Some(&(at..at + 7)), 5, 20);
        assert_eq!(cut.text, "…the placebo arm, and…");
        assert_eq!(cut.text.get(cut.mark.clone()), Some("placebo"));
        // Short text: whole, no marks of cutting, line breaks as spaces.
        let whole = snippet("a\nb", Some(&(0..1)), 5, 20);
        assert_eq!(whole.text, "a b");
        assert_eq!(whole.mark, 0..1);
        // No span: the start of the text.
        let start = snippet("安慰剂对照的随机试验", None, 5, 8);
        assert_eq!(start.text, "安慰剂对…");
        assert_eq!(start.mark, 0..0);
        // A span past the end (never made by search) does not panic.
        let odd = snippet("abc", Some(&(10..20)), 5, 4);
        assert_eq!(odd.text, "abc");
    }
}
