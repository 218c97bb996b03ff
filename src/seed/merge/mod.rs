//! How what several articles state of one thing becomes the record's one value: every rule
//! written once, each a function of the set of statements, never of the order they were met in.
//!
//! | what | rule | function |
//! | --- | --- | --- |
//! | an event's kind; an organisation's kind and parent; the place a place lies within | the articles that state one state the same; the others leave it out | [`agree`] |
//! | an event's title, its summary | each report gives its own; the event shows those of the oldest article that gives one | `event::words` |
//! | a name | the same once folded as lookups fold them; the record shows the accented form, then the smallest | [`names::same_name`], [`names::preferred_name`] |
//! | an event's place | each report keeps its own; when all lie on one chain of `within` links, the narrowest; else the place is disputed, and the event's is the narrowest place they all lie within, or none | [`places::EventPlace`] |
//! | a chain of `within` or `parent` links | followed at most [`places::MAX_DEPTH`] links; one that comes back is a loop | [`places::lies_within`], [`places::closes_loop`] |
//! | a place's coordinates | the finest extent stands, equal ones by their coordinates; centres more than 10 km apart are a warning | [`geo::choose`], [`geo::far_apart`] |
//! | Wikidata item, GeoNames id | the articles that state one state the same | [`agree`] |
//! | an event's date | the most precise date every report allows, or, when a report marks it disputed, the span of the dates that cannot be reconciled | [`dates::combine`] |
//! | the words shown with the date | those of the oldest report whose date is the event's | `event::date_words` |
//! | whether a date was resolved from words | every dated report's date was | `event::resolved` |
//! | whether the event is expected | some report says so | `event::expected` |
//! | the article a row names as its source | the oldest article stating it (by publication day, then id, [`Origin`]) | `event::source`, [`EntityMerge::finish`] |
//! | reports that disagree (shown by `conflicts` and the preview) | dates that share no day; places on no one chain; standing claims of one measure, unit and subject that no count satisfies both | [`conflicts::dates`], [`conflicts::places`], [`conflicts::figures`] |
//! | who claims a figure | its `claimed_by`, else the article's publisher | [`conflicts::claimant_key`] |
//! | a figure's counts (also what `aggregate figures` adds up) | its qualifier read as an interval: at least N open above, at most N from 0 | [`conflicts::interval`] |
//! | a claimant's revision | the same claimant's figure for the same thing in a later article (publication day, then id) | `conflicts::Figure::revised` |
//!
//! Statements are added one at a time to an [`EventMerge`] or an [`EntityMerge`], which says
//! at once what a statement contradicts (the checker places that error at the statement), and
//! whose `finish` gives the merged value. The checker adds every statement of a run, the
//! writer stores what `finish` returns, `check`'s preview compares it with what is stored, and
//! [`event`] and [`entity`] merge a whole set at once for everything else.
//!
//! Two rules are also written in SQL, in views of released migrations that the tools reading
//! the database file use: the `conflicts` (V8, V12, V13) and `figure_claims` (V12) views restate [`conflicts`], and `figures_named`
//! (V10) words a count of one in the singular as [`crate::text::singular`] does. A test holds
//! each to its rule (`tests/cli/merge_props.rs`, `tests/cli/views.rs`); nothing in annals
//! computes a row from them.

pub mod conflicts;
pub mod dates;
mod entity;
pub mod event;
pub mod geo;
pub mod names;
pub mod places;

pub use dates::{overlap, Combined, DateClash};
pub use entity::{entity, EntityClash, EntityField, EntityMerge, MergedEntity, Statement};
pub use event::{event, Clash, EventMerge, Field, MergedEvent, Report, Unmerged};

/// The article a statement comes from, as the record orders articles: by publication day (ISO
/// text), then by id. The oldest article stating a thing is the one its row names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Origin {
    pub published: String,
    pub source: String,
}

/// A value statements give, with the label (for the checker, the file) of the statement it
/// was taken from, so that a statement that contradicts it can name where it was stated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated<L> {
    pub value: String,
    pub from: L,
}

/// The rule for text fields: two statements of one field agree when they are the same text.
pub fn agree(a: &str, b: &str) -> bool {
    a == b
}

/// Merge `value` with `standing` by the rule `same` (which of two agreeing forms stands:
/// `keep_new`): `Err` with the standing value when they disagree.
fn merge_value<L: Clone>(
    standing: &mut Option<Stated<L>>,
    value: &str,
    from: &L,
    same: impl Fn(&str, &str) -> bool,
    keep_new: impl Fn(&str, &str) -> bool,
) -> Result<(), Stated<L>> {
    match standing {
        None => {
            *standing = Some(Stated {
                value: value.to_string(),
                from: from.clone(),
            });
            Ok(())
        }
        Some(s) if same(&s.value, value) => {
            if s.value != value && keep_new(value, &s.value) {
                *s = Stated {
                    value: value.to_string(),
                    from: from.clone(),
                };
            }
            Ok(())
        }
        Some(s) => Err(s.clone()),
    }
}

/// Of two agreeing values, the one met first stands.
fn first_stands(_: &str, _: &str) -> bool {
    false
}
