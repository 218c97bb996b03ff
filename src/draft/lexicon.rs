//! The drafter's word lists, read once from `lexicon.toml` (built into the binary): one list for
//! each purpose, so a list is extended in one place without reading code. What each list is for
//! is said beside it in the file.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::query::names::fold;
use crate::seed::model::Qualifier;

/// A list's words, as a set for lookup. Its hasher is FNV-1a, not the standard one: a draft
/// looks every word of its text up in several lists, and resistance to chosen keys buys nothing
/// for lists built into the binary.
pub type WordSet = HashSet<String, BuildHasherDefault<Fnv>>;

/// The FNV-1a hash, fast on short words.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// The lists, as sets for lookup.
#[derive(Debug)]
pub struct Lexicon {
    pub stop: WordSet,
    pub titles: WordSet,
    pub organisation_words: WordSet,
    pub media_words: WordSet,
    /// Folded names of outlets.
    pub media: WordSet,
    pub place_before: WordSet,
    pub place_nouns: WordSet,
    pub documents: WordSet,
    pub demonyms: WordSet,
    /// Folded country names.
    pub countries: WordSet,
    pub speech_verbs: WordSet,
    pub speech_verbs_beside_quotes: WordSet,
    pub statement_nouns: WordSet,
    /// (stem, kind), in order: the first that fits wins.
    pub kinds: Vec<(String, String)>,
    pub kind_groups: Vec<Vec<String>>,
    pub not_counts: WordSet,
    pub not_units: WordSet,
    pub adverbs: WordSet,
    pub measure_verbs: WordSet,
    /// (verb, measure).
    pub verbs_before: Vec<(String, String)>,
    pub date_words: WordSet,
    pub future_words: WordSet,
    pub not_event_nouns: WordSet,
    pub modals: WordSet,
    pub perfect_adverbs: WordSet,
    pub participles: WordSet,
    pub name_openers: WordSet,
    pub outlet_verbs: WordSet,
    pub slogan_words: WordSet,
    /// Phrase → qualifier.
    pub qualifiers: HashMap<String, Qualifier, BuildHasherDefault<Fnv>>,
    pub measured_durations: WordSet,
    pub count_modifiers: WordSet,
    pub measure_linkers: WordSet,
    pub figure_is_verbs: WordSet,
    pub figure_is_adverbs: WordSet,
    pub phrase_openers: WordSet,
    pub abbreviations: WordSet,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    stop: Vec<String>,
    titles: Vec<String>,
    organisation_words: Vec<String>,
    media_words: Vec<String>,
    media: Vec<String>,
    place_before: Vec<String>,
    place_nouns: Vec<String>,
    documents: Vec<String>,
    demonyms: Vec<String>,
    countries: Vec<String>,
    speech_verbs: Vec<String>,
    speech_verbs_beside_quotes: Vec<String>,
    statement_nouns: Vec<String>,
    kinds: Vec<(String, String)>,
    kind_groups: Vec<Vec<String>>,
    not_counts: Vec<String>,
    not_units: Vec<String>,
    adverbs: Vec<String>,
    measure_verbs: Vec<String>,
    verbs_before: Vec<(String, String)>,
    date_words: Vec<String>,
    future_words: Vec<String>,
    not_event_nouns: Vec<String>,
    modals: Vec<String>,
    perfect_adverbs: Vec<String>,
    participles: Vec<String>,
    name_openers: Vec<String>,
    outlet_verbs: Vec<String>,
    slogan_words: Vec<String>,
    qualifiers: Vec<(String, Qualifier)>,
    measured_durations: Vec<String>,
    count_modifiers: Vec<String>,
    measure_linkers: Vec<String>,
    figure_is_verbs: Vec<String>,
    figure_is_adverbs: Vec<String>,
    phrase_openers: Vec<String>,
    abbreviations: Vec<String>,
}

/// The lists as written in the repository.
pub const SOURCE: &str = include_str!("lexicon.toml");

fn set(words: Vec<String>) -> WordSet {
    words.into_iter().collect()
}

fn folded(words: Vec<String>) -> WordSet {
    words.iter().map(|w| fold(w)).collect()
}

/// Parse the lists.
pub fn parse(source: &str) -> Result<Lexicon, toml::de::Error> {
    let f: File = toml::from_str(source)?;
    Ok(Lexicon {
        stop: set(f.stop),
        titles: set(f.titles),
        organisation_words: set(f.organisation_words),
        media_words: set(f.media_words),
        media: folded(f.media),
        place_before: set(f.place_before),
        place_nouns: set(f.place_nouns),
        documents: set(f.documents),
        demonyms: set(f.demonyms),
        countries: folded(f.countries),
        speech_verbs: set(f.speech_verbs),
        speech_verbs_beside_quotes: set(f.speech_verbs_beside_quotes),
        statement_nouns: set(f.statement_nouns),
        kinds: f.kinds,
        kind_groups: f.kind_groups,
        not_counts: set(f.not_counts),
        not_units: set(f.not_units),
        adverbs: set(f.adverbs),
        measure_verbs: set(f.measure_verbs),
        verbs_before: f.verbs_before,
        date_words: set(f.date_words),
        future_words: set(f.future_words),
        not_event_nouns: set(f.not_event_nouns),
        modals: set(f.modals),
        perfect_adverbs: set(f.perfect_adverbs),
        participles: set(f.participles),
        name_openers: set(f.name_openers),
        outlet_verbs: set(f.outlet_verbs),
        slogan_words: set(f.slogan_words),
        qualifiers: f.qualifiers.into_iter().collect(),
        measured_durations: set(f.measured_durations),
        count_modifiers: set(f.count_modifiers),
        measure_linkers: set(f.measure_linkers),
        figure_is_verbs: set(f.figure_is_verbs),
        figure_is_adverbs: set(f.figure_is_adverbs),
        phrase_openers: set(f.phrase_openers),
        abbreviations: set(f.abbreviations),
    })
}

/// The built-in lists.
pub fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    // The file is part of the build; its test below keeps it parsing.
    LEXICON.get_or_init(|| parse(SOURCE).expect("src/draft/lexicon.toml parses"))
}

impl Lexicon {
    /// Whether a capitalised word (lower-cased) starts a sentence or clause rather than a name.
    pub fn is_stop(&self, lower: &str) -> bool {
        self.stop.contains(lower) || crate::words::is_number_or_calendar(lower)
    }

    /// Whether a word is a demonym or an adjective of origin ("Serbs", "Kosovan", "Italian").
    pub fn is_demonym(&self, word: &str) -> bool {
        let w = word.to_lowercase();
        self.demonyms.contains(&w)
            || (w.chars().count() > 4
                && ["ian", "ians", "ish", "ese", "ean", "eans"]
                    .iter()
                    .any(|s| w.ends_with(s)))
    }

    /// Whether two kinds of event may tell of one event: the same, or of one group.
    pub fn kinds_alike(&self, a: &str, b: &str) -> bool {
        a == b
            || self
                .kind_groups
                .iter()
                .any(|g| g.iter().any(|k| k == a) && g.iter().any(|k| k == b))
    }

    pub fn is_speech(&self, lower: &str) -> bool {
        self.speech_verbs.contains(lower)
    }

    /// A verb of saying beside a quotation, where "states" and "noted" are verbs too.
    pub fn is_speech_beside_quote(&self, lower: &str) -> bool {
        self.is_speech(lower) || self.speech_verbs_beside_quotes.contains(lower)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word list of the drafter is in `lexicon.toml`: no module of `src/draft` keeps one
    /// as a Rust constant (a `const` or `static` of `&str`s) outside its tests.
    #[test]
    fn no_module_keeps_a_word_list_in_its_code() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/draft");
        let mut read = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            // shapes.rs is tests only.
            if !name.ends_with(".rs") || name == "shapes.rs" {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            let code = source.split("#[cfg(test)]\nmod tests").next().unwrap();
            for line in code.lines() {
                let l = line.trim_start().trim_start_matches("pub ");
                let constant = l.starts_with("const ") || l.starts_with("static ");
                let words = l.contains("&[&str]") || l.contains("[&str;");
                assert!(!(constant && words), "src/draft/{name}: {line}");
            }
            read += 1;
        }
        assert!(read >= 10, "only {read} modules read");
    }

    #[test]
    fn the_lists_parse_and_each_word_is_written_once_in_lower_case() {
        let l = parse(SOURCE).unwrap();
        assert!(l.speech_verbs.contains("said") && l.titles.contains("minister"));
        let raw: toml::Table = toml::from_str(SOURCE).unwrap();
        for (name, list) in &raw {
            let words: Vec<String> = list
                .as_array()
                .unwrap()
                .iter()
                .map(|w| match w {
                    toml::Value::String(s) => s.clone(),
                    other => other.as_array().unwrap()[0].as_str().unwrap().to_string(),
                })
                .collect();
            let mut seen = HashSet::new();
            for w in &words {
                assert!(seen.insert(w), "{name}: {w:?} is written twice");
                if name != "countries" {
                    assert_eq!(w, &w.to_lowercase(), "{name}: {w:?} is not lower case");
                }
            }
        }
    }
}
