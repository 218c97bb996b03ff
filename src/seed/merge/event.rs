//! One event's reports merged into its row. A report states what it states of the event; the
//! row is what the reports, taken together, say.

use super::conflicts::{self, Conflict, ReportedPlace};
use super::dates::{combine, Combined, DateClash};
use super::places::EventPlace;
use super::{agree, first_stands, merge_value, Origin, Stated};
use crate::date::FuzzyDate;

/// One article's report of an event, as the rules read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub origin: Origin,
    /// The date the article gives, explicit or resolved from its words; none for a report
    /// that adds no date.
    pub date: Option<FuzzyDate>,
    pub date_text: Option<String>,
    /// Whether `date` was resolved from `date_text`.
    pub resolved: bool,
    /// The article marks the event's date as disputed.
    pub disputed: bool,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub place: Option<String>,
    pub expected: bool,
}

/// The text fields every report of one event must state alike, when it states them (a
/// report's title and summary are its own: [`words`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Kind,
}

impl Field {
    pub const ALL: [Field; 1] = [Field::Kind];

    /// As the seed format names it.
    pub fn name(self) -> &'static str {
        match self {
            Field::Kind => "kind",
        }
    }

    fn of(self, r: &Report) -> Option<&str> {
        match self {
            Field::Kind => r.kind.as_deref(),
        }
    }
}

/// What a report states that the reports added before it contradict: the value that stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash<L> {
    Field { field: Field, standing: Stated<L> },
}

/// Why the reports give no row: fields no report gives (`date`: no report dates it), a date
/// that does not fit the dates before it (indices in the order the reports were added), and
/// for [`event`], the first statement another contradicts, in words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Unmerged {
    pub missing: Vec<&'static str>,
    pub dates: Option<DateClash>,
    pub contradiction: Option<String>,
}

/// An event's row, merged from every report of it.
#[derive(Debug, Clone, PartialEq)]
pub struct MergedEvent {
    pub kind: String,
    pub title: String,
    pub summary: Option<String>,
    pub place: Option<String>,
    /// Some reports' places lie on no one chain of `within` links: `place` is then the
    /// narrowest place they all lie within ([`super::places`]).
    pub disputed_place: bool,
    /// The pairs of reports whose places disagree ([`conflicts::places`]).
    pub place_conflicts: Vec<Conflict>,
    pub date: Combined,
    /// The words shown with the date ([`date_words`]), and the article that gave them.
    pub date_text: Option<String>,
    pub date_source: Option<String>,
    /// Every dated report's date was resolved from its words.
    pub resolved: bool,
    /// Some report says the event is expected.
    pub expected: bool,
    /// The oldest article reporting it.
    pub source: String,
    pub reports: usize,
}

/// What the row needs of each report besides the fields merged as they come: its date and
/// the words and flags that go with it.
#[derive(Debug, Clone, PartialEq)]
struct Dated {
    origin: Origin,
    date: Option<FuzzyDate>,
    date_text: Option<String>,
    resolved: bool,
    disputed: bool,
    expected: bool,
}

impl From<&Report> for Dated {
    fn from(r: &Report) -> Dated {
        Dated {
            origin: r.origin.clone(),
            date: r.date,
            date_text: r.date_text.clone(),
            resolved: r.resolved,
            disputed: r.disputed,
            expected: r.expected,
        }
    }
}

/// An event's reports merged one at a time (labelled `L`, for messages): each one added says what
/// the report contradicts; [`EventMerge::finish`] gives the row.
#[derive(Debug, Clone)]
pub struct EventMerge<L> {
    reports: Vec<Dated>,
    kind: Option<Stated<L>>,
    title: Option<Worded>,
    summary: Option<Worded>,
    place: EventPlace,
    placed: Vec<ReportedPlace>,
    place_conflicts: Vec<Conflict>,
}

impl<L: Clone> Default for EventMerge<L> {
    fn default() -> Self {
        EventMerge {
            reports: Vec::new(),
            kind: None,
            title: None,
            summary: None,
            place: EventPlace::default(),
            placed: Vec::new(),
            place_conflicts: Vec::new(),
        }
    }
}

/// A report's own words (its title or summary), with the article that gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Worded {
    origin: Origin,
    text: String,
}

/// The words the event shows of those its reports give (its title, its summary): those of
/// the oldest article that gives some (by publication day, then id, [`Origin`]), whatever
/// the order the reports come in. `standing` is the words chosen so far.
fn words(standing: &mut Option<Worded>, origin: &Origin, text: Option<&str>) {
    let Some(text) = text else {
        return;
    };
    if standing.as_ref().is_none_or(|w| *origin < w.origin) {
        *standing = Some(Worded {
            origin: origin.clone(),
            text: text.to_string(),
        });
    }
}

impl<L: Clone> EventMerge<L> {
    /// Add one report, from `from`, with `within` the place a place lies within: what it
    /// states that the reports added before contradict (it is merged all the same).
    pub fn add<'p>(
        &mut self,
        report: &Report,
        from: &L,
        within: impl Fn(&str) -> Option<&'p str> + Copy,
    ) -> Vec<Clash<L>> {
        let mut clashes = Vec::new();
        if let Some(value) = Field::Kind.of(report) {
            if let Err(standing) = merge_value(&mut self.kind, value, from, agree, first_stands) {
                clashes.push(Clash::Field {
                    field: Field::Kind,
                    standing,
                });
            }
        }
        words(&mut self.title, &report.origin, report.title.as_deref());
        words(&mut self.summary, &report.origin, report.summary.as_deref());
        if let Some(p) = &report.place {
            self.place.add(p, within);
            let here = ReportedPlace {
                source: report.origin.source.clone(),
                place: Some(p.clone()),
            };
            for other in &self.placed {
                let pair = [other.clone(), here.clone()];
                self.place_conflicts
                    .extend(conflicts::places(&pair, within));
            }
            self.placed.push(here);
        }
        self.reports.push(report.into());
        clashes
    }

    /// How many reports were added.
    pub fn len(&self) -> usize {
        self.reports.len()
    }

    pub fn is_empty(&self) -> bool {
        self.reports.is_empty()
    }

    /// The event's row; or what keeps the reports from giving one. A date clash names the
    /// reports in the order they were added; the row is the same in any order.
    pub fn finish(mut self) -> Result<MergedEvent, Unmerged> {
        let mut unmerged = Unmerged::default();
        if self.kind.is_none() {
            unmerged.missing.push("kind");
        }
        if self.title.is_none() {
            unmerged.missing.push("title");
        }
        if self.reports.iter().all(|r| r.date.is_none()) {
            unmerged.missing.push("date");
        }
        let in_order_added = combine(&dates_of(&self.reports));
        unmerged.dates = in_order_added.clone().err();
        if unmerged != Unmerged::default() {
            return Err(unmerged);
        }
        let date = if self.reports.is_sorted_by(|a, b| a.origin <= b.origin) {
            in_order_added
        } else {
            self.reports.sort_by(|a, b| a.origin.cmp(&b.origin));
            combine(&dates_of(&self.reports))
        };
        match date {
            Ok(Some(date)) => Ok(self.row(date)),
            // Dates that share a day share one in any order: neither can happen here.
            Ok(None) | Err(_) => Err(unmerged),
        }
    }

    /// The row, from reports in the record's order and their date.
    fn row(mut self, date: Combined) -> MergedEvent {
        let words = date_words(&self.reports, &date);
        self.place_conflicts.sort();
        MergedEvent {
            kind: self.kind.map(|s| s.value).unwrap_or_default(),
            title: self.title.map(|w| w.text).unwrap_or_default(),
            summary: self.summary.map(|w| w.text),
            place: self.place.place(),
            disputed_place: self.place.disputed(),
            place_conflicts: self.place_conflicts,
            date_text: words.and_then(|r| r.date_text.clone()),
            date_source: words.map(|r| r.origin.source.clone()),
            resolved: resolved(&self.reports),
            expected: expected(&self.reports),
            source: source(&self.reports),
            reports: self.reports.len(),
            date,
        }
    }
}

/// Whether the event's date was resolved from words: every dated report's was.
fn resolved(reports: &[Dated]) -> bool {
    reports
        .iter()
        .filter(|r| r.date.is_some())
        .all(|r| r.resolved)
}

/// Whether the event is expected (planned, dated after its article): some report says so.
fn expected(reports: &[Dated]) -> bool {
    reports.iter().any(|r| r.expected)
}

/// The article the event's row names as its source: the oldest reporting it (of `reports`, in
/// the record's order).
fn source(reports: &[Dated]) -> String {
    reports
        .iter()
        .map(|r| r.origin.source.clone())
        .next()
        .unwrap_or_default()
}

/// Each report's date, and whether it marks the event disputed.
fn dates_of(reports: &[Dated]) -> Vec<(Option<FuzzyDate>, bool)> {
    reports.iter().map(|r| (r.date, r.disputed)).collect()
}

/// The report whose words are shown with the event's date: the oldest (of `reports`, in the
/// record's order) whose date is the event's and that gives words for it. None for a disputed
/// date.
fn date_words<'r>(reports: &'r [Dated], date: &Combined) -> Option<&'r Dated> {
    match date {
        Combined::Agreed(d) => reports
            .iter()
            .find(|r| r.date.as_ref() == Some(d) && r.date_text.is_some()),
        Combined::Disputed { .. } => None,
    }
}

/// An event's row from all its reports at once; `Err` when they cannot be merged (the first
/// contradiction among them, or what they leave out).
pub fn event<'p>(
    reports: &[Report],
    within: impl Fn(&str) -> Option<&'p str> + Copy,
) -> Result<MergedEvent, Unmerged> {
    let mut merge = EventMerge::<()>::default();
    let mut sorted: Vec<&Report> = reports.iter().collect();
    sorted.sort_by(|a, b| a.origin.cmp(&b.origin));
    for r in sorted {
        if let Some(clash) = merge.add(r, &(), within).into_iter().next() {
            return Err(Unmerged {
                contradiction: Some(clash.describe(r)),
                ..Unmerged::default()
            });
        }
    }
    merge.finish()
}

impl<L> Clash<L> {
    /// The contradiction in words: what `report` states, against what stands.
    pub fn describe(&self, report: &Report) -> String {
        match self {
            Clash::Field { field, standing } => format!(
                "`{}` {:?} and {:?}",
                field.name(),
                standing.value,
                field.of(report).unwrap_or_default()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(source: &str, published: &str, date: &str, words: Option<&str>) -> Report {
        Report {
            origin: Origin {
                published: published.into(),
                source: source.into(),
            },
            date: Some(FuzzyDate::parse(date).unwrap()),
            date_text: words.map(String::from),
            resolved: words.is_some(),
            disputed: false,
            kind: None,
            title: None,
            summary: None,
            place: None,
            expected: false,
        }
    }

    #[test]
    fn an_event_row_is_the_same_in_any_order_of_its_reports() {
        let within = |p: &str| (p == "zvecan").then_some("north");
        let mut a = report("a", "2023-07-19", "2023-05", Some("in May"));
        a.kind = Some("attack".into());
        a.title = Some("Attack".into());
        a.place = Some("north".into());
        let mut b = report("b", "2023-07-20", "2023-05-29", Some("on May 29"));
        b.place = Some("zvecan".into());
        let c = report("c", "2023-06-05", "2023-05-29", None);
        let reports = [a, b, c];
        let row = event(&reports, within).unwrap();
        assert_eq!(row.date.date().to_string(), "2023-05-29");
        assert_eq!(row.place.as_deref(), Some("zvecan"));
        // The words of the oldest report giving the event's date that gives words; the oldest
        // article is the row's source.
        assert_eq!(row.date_text.as_deref(), Some("on May 29"));
        assert_eq!(row.date_source.as_deref(), Some("b"));
        assert_eq!(row.source, "c");
        assert!(!row.resolved, "c's date was not resolved from words");
        for order in [[2, 1, 0], [1, 0, 2], [1, 2, 0]] {
            let shuffled: Vec<Report> = order.iter().map(|&i| reports[i].clone()).collect();
            assert_eq!(event(&shuffled, within).unwrap(), row, "{order:?}");
        }
    }

    #[test]
    fn reports_that_contradict_or_leave_out_what_a_row_needs_give_none() {
        let within = |_: &str| None;
        let mut a = report("a", "2023-07-19", "2023-05", None);
        a.kind = Some("attack".into());
        let mut b = report("b", "2023-07-20", "2023-05", None);
        b.kind = Some("riot".into());
        let unmerged = event(&[a.clone(), b], within).unwrap_err();
        assert_eq!(
            unmerged.contradiction.as_deref(),
            Some("`kind` \"attack\" and \"riot\"")
        );
        let unmerged = event(&[a], within).unwrap_err();
        assert_eq!(unmerged.missing, ["title"]);
    }

    #[test]
    fn each_report_keeps_its_words_and_place_and_the_row_is_the_same_in_any_order() {
        let within = |p: &str| match p {
            "border" | "gnjilica" => Some("region"),
            "central-serbia" => Some("serbia"),
            _ => None,
        };
        let mut a = report("a", "2023-06-15", "2023-06-14", None);
        a.kind = Some("arrest".into());
        a.title = Some("Officers arrested".into());
        a.place = Some("border".into());
        let mut b = report("b", "2023-06-14", "2023-06-14", None);
        b.title = Some("Three officers held".into());
        b.summary = Some("Held 1.8 km inside Serbia.".into());
        b.place = Some("gnjilica".into());
        let mut c = report("c", "2023-06-14", "2023-06-14", None);
        c.summary = Some("Held in central Serbia.".into());
        c.place = Some("central-serbia".into());
        let reports = [a, b, c];
        let row = event(&reports, within).unwrap();
        // The oldest article giving each: b (same day as c, smaller id) for both.
        assert_eq!(row.title, "Three officers held");
        assert_eq!(row.summary.as_deref(), Some("Held 1.8 km inside Serbia."));
        // border and gnjilica lie in region, central-serbia does not: disputed, and no place
        // holds all three.
        assert!(row.disputed_place);
        assert_eq!(row.place, None);
        let pairs: Vec<String> = row
            .place_conflicts
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            pairs,
            [
                "place: border (a) against gnjilica (b)",
                "place: border (a) against central-serbia (c)",
                "place: gnjilica (b) against central-serbia (c)",
            ]
        );
        for order in [[2, 1, 0], [1, 0, 2], [1, 2, 0], [0, 2, 1]] {
            let shuffled: Vec<Report> = order.iter().map(|&i| reports[i].clone()).collect();
            assert_eq!(event(&shuffled, within).unwrap(), row, "{order:?}");
        }
    }
}
