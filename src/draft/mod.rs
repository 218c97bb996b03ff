//! A seed file drafted from an article's text and from what the database already holds: quotes
//! with their speakers, dated events (or reports of stored events), figures, and the people,
//! organisations and places the text names. Rule-based and pure: [`draft`] reads nothing but its
//! arguments; `commands::draft` reads the files and the database, [`render()`] writes the TOML.
//!
//! A draft is a pipeline of steps, each a module with a typed result, run in this order by
//! [`draft`]:
//!
//! 1. [`sentences`]: the text cut into sentences ([`sentences::Sentence`]);
//! 2. [`dates`]: the date words of each sentence, and the dates read from words that state none
//!    ([`dates::DateSpan`]);
//! 3. [`entities`]: the people, organisations and places named, stored or proposed as new
//!    ([`entities::Names`]);
//! 4. [`quotes`]: the quoted passages and their speakers ([`quotes::Passage`]);
//! 5. [`figures`]: the numbers and what they count ([`figures::Count`]);
//! 6. matching, in [`events`]: each date a new event or a report of the stored event it tells
//!    of ([`matching`] weighs the stored candidates), then the stored states that sentences with
//!    no date words tell of ([`states`]) ([`events::Events`]);
//! 7. [`attach`]: each quote and figure given the event of its sentence, its speaker or
//!    claimant ([`DraftQuote`], [`DraftFigure`]), and the [`Draft`] assembled;
//! 8. [`mod@render`]: the draft written as a seed file.
//!
//! The words each step looks for are data, in `lexicon.toml` ([`lexicon`]). Everything guessed is
//! marked for review in the written file.

pub mod attach;
pub mod dates;
pub mod entities;
pub mod events;
pub mod figures;
pub mod lexicon;
pub mod matching;
pub mod quotes;
pub mod render;
pub mod score;
pub mod sentences;
#[cfg(test)]
mod shapes;
pub mod states;
pub mod store;

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::date::FuzzyDate;
use crate::query::names::Kind;
use crate::seed::model::Amount;

use entities::{Names, NewEntity};
use quotes::{How, Passage};
use sentences::{one_line, Sentence};
use store::Store;

pub use render::render;

/// What the command line says of the article.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    pub text: &'a str,
    pub published: NaiveDate,
    pub publisher: Option<&'a str>,
    pub title: Option<&'a str>,
    pub url: Option<&'a str>,
    /// The article's file name as `[source] text` gives it, when it will lie beside the seed.
    pub text_file: Option<&'a str>,
    /// The article's file as given, for the header comment.
    pub article: &'a str,
}

/// The stored event a draft event reports: its title and date, as the review comment names it.
#[derive(Debug, Clone)]
pub struct ReportOf {
    pub title: String,
    pub date: String,
}

/// An event the draft proposes: new, or a report of a stored event.
#[derive(Debug, Clone)]
pub struct DraftEvent {
    pub id: String,
    /// The stored event it reports.
    pub report_of: Option<ReportOf>,
    /// What the sentence shares with the stored event it reports.
    pub evidence: String,
    /// Stored events it may report, on evidence too weak to say so: each described.
    pub maybe: Vec<String>,
    pub words: String,
    pub date: FuzzyDate,
    /// Whether `words` alone resolve to `date`.
    pub alone: bool,
    /// How the date was read, when the words do not state it.
    pub reading: Option<dates::Reading>,
    pub kind: String,
    pub title: String,
    pub summary: String,
    pub place: Option<String>,
    pub participants: Vec<String>,
    pub expected: bool,
    sentence: usize,
    start: usize,
}

/// Who claims a figure, and how that was read (for the review comment).
#[derive(Debug, Clone)]
pub struct Claim {
    pub by: String,
    pub how: &'static str,
}

#[derive(Debug, Clone)]
pub struct DraftFigure {
    pub event: String,
    pub amount: Amount,
    pub unit: String,
    pub unit_guessed: bool,
    pub measure: String,
    pub measure_guessed: bool,
    pub claimed_by: Option<Claim>,
    /// Whom or what it counts, when its words name them.
    pub about: Option<String>,
    /// The article's words for it; empty when they are not in the article verbatim.
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct DraftQuote {
    pub speaker: String,
    pub speaker_name: String,
    pub how: How,
    pub event: Option<String>,
    pub text: String,
}

/// A stored person, organisation or place the text names, listed in the draft's comments.
#[derive(Debug, Clone)]
pub struct StoredName {
    pub kind: Kind,
    pub id: String,
    pub name: String,
    /// A place's coordinates as the record holds them, as seed keys: proposed for the article's
    /// own listing of the place, for review.
    pub on_map: Option<String>,
}

/// A capitalised name the text gives that the draft does not propose, with why.
#[derive(Debug, Clone)]
pub struct PassedOver {
    pub name: String,
    pub why: &'static str,
}

/// A drafted seed file, before it is written.
#[derive(Debug, Clone)]
pub struct Draft {
    pub title: String,
    pub title_guessed: bool,
    pub publisher: String,
    pub publisher_guessed: bool,
    pub published: NaiveDate,
    pub url: Option<String>,
    pub text_file: Option<String>,
    pub article: String,
    pub people: Vec<NewEntity>,
    pub organisations: Vec<NewEntity>,
    pub places: Vec<NewEntity>,
    /// Stored people, organisations and places the text names.
    pub stored: Vec<StoredName>,
    pub events: Vec<DraftEvent>,
    pub figures: Vec<DraftFigure>,
    pub quotes: Vec<DraftQuote>,
    /// Quoted passages with no speaker found, left as comments.
    pub unattributed: Vec<String>,
    /// Capitalised names the text gives that are not proposed: comments.
    pub skipped: Vec<PassedOver>,
}

/// Remove control and invisible characters (a seed's text fields may not hold them), white space
/// made single spaces.
pub fn clean(s: &str) -> String {
    let kept: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control() && !crate::sanitize::is_invisible(*c))
        .collect();
    one_line(&kept)
}

/// The article's text with what the steps before matching read in it: what the later steps
/// read from.
pub struct ReadArticle<'a> {
    text: &'a str,
    sentences: &'a [Sentence],
    names: &'a Names,
    passages: &'a [Passage],
    store: &'a Store,
}

impl ReadArticle<'_> {
    /// Sentence `si` on one line, cleaned.
    fn sentence(&self, si: usize) -> String {
        clean(self.sentences[si].text(self.text))
    }

    /// Add to `people` the people and organisations sentence `si` names, in order, each once.
    fn add_actors(&self, si: usize, people: &mut Vec<String>) {
        for m in self.names.in_sentence(si) {
            let id = self.names.id(self.store, m.target).to_string();
            if self.names.kind(self.store, m.target) != Kind::Place && !people.contains(&id) {
                people.push(id);
            }
        }
    }
}

/// The ids in use, and for each base the next number to try, so that a thousand events of one
/// title take time in their number, not its square.
#[derive(Default)]
pub struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    /// Every id the record uses and the new names take.
    fn of(store: &Store, names: &Names) -> Ids {
        let mut ids = Ids::default();
        ids.taken.extend(store.ids.iter().cloned());
        ids.taken.extend(names.new.iter().map(|e| e.id.clone()));
        ids
    }

    /// A fresh id from `base`, unused until now, which then is in use.
    fn fresh(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "item" } else { base };
        let mut id = base.to_string();
        let n = self.next.entry(base.to_string()).or_insert(2);
        while self.taken.contains(&id) {
            id = format!("{base}-{n}");
            *n += 1;
        }
        self.taken.insert(id.clone());
        id
    }
}

/// The words read as a stated date or as the article's dateline: they are no name and no
/// figure (a date read from a clause leaves its clause's words free).
struct DateWords {
    /// The stated dates' byte ranges, by start.
    stated: Vec<(usize, usize)>,
    /// For each of `stated`, the furthest end of those up to it.
    reach: Vec<usize>,
    dateline: Option<(usize, usize)>,
}

impl DateWords {
    fn new(spans: &[dates::DateSpan], dateline: Option<(usize, usize)>) -> DateWords {
        let mut stated: Vec<(usize, usize)> = spans
            .iter()
            .filter(|d| d.reading.is_none())
            .map(|d| (d.start, d.end))
            .collect();
        stated.sort_unstable();
        let reach: Vec<usize> = stated
            .iter()
            .scan(0, |furthest, &(_, end)| {
                *furthest = end.max(*furthest);
                Some(*furthest)
            })
            .collect();
        DateWords {
            stated,
            reach,
            dateline,
        }
    }

    /// Whether the byte range `a..b` meets them: a range meets a stated date exactly when, of
    /// those starting before `b`, the furthest end is after `a`.
    fn meet(&self, a: usize, b: usize) -> bool {
        let before = self.stated.partition_point(|&(start, _)| start < b);
        (before > 0 && self.reach[before - 1] > a)
            || self.dateline.is_some_and(|(x, y)| a < y && x < b)
    }
}

/// Draft a seed file for `input` against what `store` holds: the steps of the module's doc, in
/// order.
pub fn draft(input: &Input<'_>, store: &Store) -> Draft {
    let text = input.text;
    let sentences = sentences::sentences(text);
    let spans = dates::find(text, &sentences, input.published);
    let date_words = DateWords::new(&spans, sentences::dateline(text));
    let taken = |a: usize, b: usize| date_words.meet(a, b);
    let names = entities::find(text, &sentences, store, &taken, input.publisher);
    let passages = quotes::find(text, &sentences, &names, store);
    let counts = figures::find(text, &sentences, &taken);
    let article = ReadArticle {
        text,
        sentences: &sentences,
        names: &names,
        passages: &passages,
        store,
    };
    let mut ids = Ids::of(store, &names);
    let mut events = events::from_dates(&article, &spans, &mut ids, input.published);
    let event_of = attach::EventOf::new(&events.list, &events.dated);
    let quotes = attach::quotes(&article, &events.list, &event_of);
    let fallback = attach::Fallback {
        published: input.published,
        title: input.title,
    };
    let figures = attach::figures(
        &article,
        &counts,
        &mut events.list,
        &event_of,
        &mut ids,
        &fallback,
    );
    attach::assemble(input, &article, events.list, quotes, figures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::matching::kind_of;

    /// `text` as an article published on `day` July 2023, with nothing else given.
    fn plain(text: &str, day: u32) -> Input<'_> {
        Input {
            text,
            published: NaiveDate::from_ymd_opt(2023, 7, day).unwrap(),
            publisher: None,
            title: None,
            url: None,
            text_file: None,
            article: "a.txt",
        }
    }

    #[test]
    fn clean_text_has_no_character_a_seed_refuses() {
        let dirty = "A\u{061C}b\u{200B}c\u{202E}d\u{00AD}e\u{7}f\r\ng\u{FEFF}h";
        let cleaned = clean(dirty);
        assert_eq!(cleaned, "Abcdef gh");
        assert_eq!(crate::seed::check::text_problem("title", &cleaned), None);
    }

    #[test]
    fn kinds_come_from_the_first_action_then_from_saying() {
        for (sentence, kind) in [
            (
                "He recalled that in May, NATO troops were attacked and 93 people were injured.",
                "attack",
            ),
            (
                "On May 30, NATO decided to send 700 more troops after 30 soldiers were injured.",
                "decision",
            ),
            ("Kurti rejected the claim on Thursday.", "statement"),
            ("Nothing of note on Monday.", "event"),
        ] {
            assert_eq!(kind_of(sentence), kind, "{sentence}");
        }
    }

    #[test]
    fn a_speaker_the_database_does_not_hold_is_a_new_person() {
        let text = "\"We are ready for talks now,\" said Kurti on Monday. \"Nothing will change here,\" he added.";
        let input = plain(text, 19);
        let d = draft(&input, &Store::default());
        let people: Vec<&str> = d.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(people, ["kurti"]);
        assert!(d.organisations.is_empty());
        let quotes: Vec<(&str, &str, How)> = d
            .quotes
            .iter()
            .map(|q| (q.speaker.as_str(), q.text.as_str(), q.how))
            .collect();
        assert_eq!(
            quotes,
            [
                ("kurti", "We are ready for talks now", How::Named),
                ("kurti", "Nothing will change here", How::Pronoun)
            ]
        );
        assert!(
            render(&d).contains("speaker = \"kurti\"   # review: Kurti (named in the attribution)")
        );
    }

    #[test]
    fn a_read_date_names_its_rule_and_dates_only_what_follows_its_clause() {
        let text = "In May, NATO troops were attacked. \"Three of them were hurt. NATO has \
                    increased its presence with 500 troops,\" he said. Following the April \
                    elections, the EU said the turnout was low.";
        let input = plain(text, 19);
        let d = draft(&input, &Store::default());
        let events: Vec<(&str, String, &str)> = d
            .events
            .iter()
            .map(|e| (e.id.as_str(), e.date.to_string(), e.kind.as_str()))
            .collect();
        assert_eq!(
            events,
            [
                (
                    "2023-05-in-may-nato-troops-were-attacked",
                    "2023-05".into(),
                    "attack"
                ),
                (
                    "2023-05-nato-has-increased-its-presence-with",
                    "2023-05/2023-07-19".into(),
                    "event"
                ),
                ("2023-04-the-april-elections", "2023-04".into(), "election"),
                (
                    "2023-04-the-eu-said-the-turnout-was",
                    "2023-04/2023-07-19".into(),
                    "statement"
                ),
            ]
        );
        // "Three of them" comes before the clause "has increased" dates: it stays with May.
        let figures: Vec<(&str, &str)> = d
            .figures
            .iter()
            .map(|f| (f.text.as_str(), f.event.as_str()))
            .collect();
        assert_eq!(
            figures,
            [
                (
                    "Three of them were hurt",
                    "2023-05-in-may-nato-troops-were-attacked"
                ),
                ("500 troops", "2023-05-nato-has-increased-its-presence-with"),
            ]
        );
        let written = render(&d);
        assert!(written.contains(
            "date = \"2023-05/2023-07-19\"   # review: inferred: a present perfect with no date words"
        ));
        assert!(written.contains(
            "date_text = \"Following the April elections\"   # review: the words it was read from"
        ));
        assert!(written.contains(
            "title = \"the EU said the turnout was low\"   # review: the clause its date belongs to"
        ));
    }

    /// A store that holds NATO and, each with NATO taking part, the events (id, title, kind,
    /// date) given.
    fn nato_store(events: &[(&str, &str, &str, &str)]) -> Store {
        use crate::draft::store::{StoredEntity, StoredEvent};
        let mut ids = vec!["nato".to_string()];
        ids.extend(events.iter().map(|e| e.0.to_string()));
        Store {
            entities: vec![StoredEntity {
                kind: Kind::Organisation,
                id: "nato".into(),
                name: "NATO".into(),
                names: vec!["nato".into(), "NATO".into()],
            }],
            events: events
                .iter()
                .map(|&(id, title, kind, date)| StoredEvent {
                    id: id.into(),
                    title: title.into(),
                    kind: kind.into(),
                    date: FuzzyDate::parse(date).unwrap(),
                    place: None,
                    participants: vec!["nato".into()],
                })
                .collect(),
            ids,
            ..Store::default()
        }
    }

    #[test]
    fn of_two_stored_events_alike_the_one_of_the_kind_the_words_suggest_is_reported() {
        let store = nato_store(&[
            (
                "a-request",
                "Serbs ask NATO for help",
                "request",
                "2023-07-19",
            ),
            ("z-meeting", "NATO chiefs meet", "meeting", "2023-07-19"),
        ]);
        let reported = |text: &str| -> Vec<String> {
            let input = plain(text, 21);
            draft(&input, &store)
                .events
                .into_iter()
                .map(|e| e.id)
                .collect()
        };
        // The request's title shares a word ("Serbs"), the meeting's none; the kind decides.
        assert_eq!(
            reported("On Wednesday, after meeting NATO, Serbs spoke of security."),
            ["z-meeting"]
        );
        assert_eq!(
            reported("On Wednesday, Serbs asked NATO for security."),
            ["a-request"]
        );
    }

    #[test]
    fn a_draft_reports_the_stored_event_that_fits_best() {
        let store = nato_store(&[
            (
                "a-decision",
                "NATO decides to send troops",
                "decision",
                "2023-05-30",
            ),
            ("an-attack", "NATO troops attacked", "attack", "2023-05"),
            ("a-state", "NATO is present", "position", "2008/.."),
        ]);
        let text = "In May, NATO troops were attacked. On May 30, NATO decided to send troops. \
                    On May 12, NATO met in Oslo.";
        let input = plain(text, 19);
        let d = draft(&input, &store);
        let ids: Vec<(&str, bool)> = d
            .events
            .iter()
            .map(|e| (e.id.as_str(), e.report_of.is_some()))
            .collect();
        // "In May" is the attack (the same month), "On May 30" the decision (the same day);
        // 12 May fits the attack's month, which this draft already reports with another date,
        // so it is a new event; the ongoing state is never reported by a dated sentence.
        assert_eq!(
            ids,
            [
                ("an-attack", true),
                ("a-decision", true),
                ("2023-05-12-on-may-12-nato-met-in", false)
            ]
        );
    }
}

/// Property tests: drafting never panics, whatever the text, and what it writes is always a
/// seed file that parses, with every quote verbatim in the text.
#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    const WORDS: [&str; 35] = [
        "\"",
        "\u{201C}",
        "\u{201D}",
        ",",
        ".",
        " ",
        "\n",
        "\n\n",
        "said",
        "he",
        "Vučić",
        "Jens Stoltenberg",
        "NATO",
        "in May",
        "on Wednesday",
        "the following day",
        "at least",
        "93",
        "people",
        "were",
        "injured",
        "Three",
        "of them",
        "since late",
        "2008",
        "1,200",
        "e\u{301}",
        "\u{202E}",
        "\t",
        "Žž",
        "Following the April elections",
        "continues to",
        "has increased",
        "remains",
        "but",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::collection::vec(proptest::sample::select(&WORDS[..]), 0..60)
                .prop_map(|w| w.join(" ")),
            proptest::collection::vec(proptest::sample::select(&WORDS[..]), 0..60)
                .prop_map(|w| w.concat()),
            "\\PC{0,300}",
            ".{0,300}",
        ]
    }

    /// A record with names the words above use, and events they may report.
    fn store() -> Store {
        use crate::draft::store::{StoredEntity, StoredEvent};
        let entity = |kind, id: &str, names: &[&str]| StoredEntity {
            kind,
            id: id.into(),
            name: names[0].into(),
            names: std::iter::once(id)
                .chain(names.iter().copied())
                .map(str::to_string)
                .collect(),
        };
        let event = |id: &str, date: &str, who: &str| StoredEvent {
            id: id.into(),
            title: "NATO troops attacked".into(),
            kind: "attack".into(),
            date: FuzzyDate::parse(date).unwrap(),
            place: Some("brussels".into()),
            participants: vec![who.into()],
        };
        let mut s = Store {
            entities: vec![
                entity(
                    Kind::Person,
                    "aleksandar-vucic",
                    &["Aleksandar Vucic", "Vučić"],
                ),
                entity(Kind::Organisation, "nato", &["NATO", "the alliance"]),
                entity(Kind::Place, "brussels", &["Brussels"]),
            ],
            events: vec![
                event("e1", "2023-05", "nato"),
                event("e2", "2023-07-19", "aleksandar-vucic"),
                event("e3", "2008/..", "nato"),
            ],
            ..Store::default()
        };
        s.ids = ["aleksandar-vucic", "nato", "brussels", "e1", "e2", "e3"]
            .map(String::from)
            .to_vec();
        s
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn drafts_any_text_into_a_seed_file_that_parses(t in text(), title in ".{0,40}") {
            let input = Input {
                text: &t,
                published: NaiveDate::from_ymd_opt(2023, 7, 19).unwrap(),
                publisher: Some("P"),
                title: Some(&title),
                url: None,
                text_file: Some("a.txt"),
                article: "a.txt",
            };
            let d = draft(&input, &store());
            let written = render(&d);
            let parsed = crate::seed::model::parse(std::path::Path::new("x.toml"), &written);
            prop_assert!(parsed.is_ok(), "{:?}\n{}", parsed.err(), written);
            let body = crate::seed::check::fold_for_quote(&t);
            for q in &d.quotes {
                prop_assert!(body.contains(&crate::seed::check::fold_for_quote(&q.text)));
            }
        }

        /// With no database, every draft passes every check `annals check` makes, as written,
        /// its text beside it.
        #[test]
        fn drafts_from_the_text_alone_pass_check(t in text()) {
            let input = Input {
                text: &t,
                published: NaiveDate::from_ymd_opt(2023, 7, 19).unwrap(),
                publisher: Some("P"),
                title: None,
                url: None,
                text_file: Some("a.txt"),
                article: "a.txt",
            };
            let written = render(&draft(&input, &Store::default()));
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("a.txt"), &t).unwrap();
            std::fs::write(dir.path().join("d.toml"), &written).unwrap();
            let checked = crate::seed::check_files(None, &[dir.path().join("d.toml")]);
            prop_assert!(checked.is_ok(), "{:#}\n{}", checked.unwrap_err(), written);
        }
    }
}
