//! One event's reports merged into its row. A report states what it states of the event; the
//! row is what the reports, taken together, say.

use super::dates::{combine, Combined, DateClash};
use super::places::{narrower, MAX_DEPTH};
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

/// The text fields every report may state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Kind,
    Title,
    Summary,
}

impl Field {
    pub const ALL: [Field; 3] = [Field::Kind, Field::Title, Field::Summary];

    /// As the seed format names it.
    pub fn name(self) -> &'static str {
        match self {
            Field::Kind => "kind",
            Field::Title => "title",
            Field::Summary => "summary",
        }
    }

    fn of(self, r: &Report) -> Option<&str> {
        match self {
            Field::Kind => r.kind.as_deref(),
            Field::Title => r.title.as_deref(),
            Field::Summary => r.summary.as_deref(),
        }
    }
}

/// What a report states that the reports added before it contradict: the value that stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clash<L> {
    Field {
        field: Field,
        standing: Stated<L>,
    },
    /// Neither place lies within the other.
    Place {
        standing: Stated<L>,
    },
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
    fields: [Option<Stated<L>>; 3],
    place: Option<Stated<L>>,
}

impl<L: Clone> Default for EventMerge<L> {
    fn default() -> Self {
        EventMerge {
            reports: Vec::new(),
            fields: [None, None, None],
            place: None,
        }
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
        for (i, field) in Field::ALL.into_iter().enumerate() {
            let Some(value) = field.of(report) else {
                continue;
            };
            if let Err(standing) =
                merge_value(&mut self.fields[i], value, from, agree, first_stands)
            {
                clashes.push(Clash::Field { field, standing });
            }
        }
        if let Some(p) = &report.place {
            if let Err(standing) = self.merge_place(p, from, within) {
                clashes.push(Clash::Place { standing });
            }
        }
        self.reports.push(report.into());
        clashes
    }

    /// The place `p` merged with the standing one: the smaller of the two when one lies within
    /// the other.
    fn merge_place<'p>(
        &mut self,
        p: &str,
        from: &L,
        within: impl Fn(&str) -> Option<&'p str> + Copy,
    ) -> Result<(), Stated<L>> {
        let here = || Stated {
            value: p.to_string(),
            from: from.clone(),
        };
        let Some(standing) = &self.place else {
            self.place = Some(here());
            return Ok(());
        };
        let m = standing.value.as_str();
        let narrower_here = match narrower(p, m, within, MAX_DEPTH) {
            Some(n) => n == p && p != m,
            None => return Err(standing.clone()),
        };
        if narrower_here {
            self.place = Some(here());
        }
        Ok(())
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
        for (field, i) in [("kind", 0), ("title", 1)] {
            if self.fields[i].is_none() {
                unmerged.missing.push(field);
            }
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
    fn row(self, date: Combined) -> MergedEvent {
        let words = date_words(&self.reports, &date);
        let [kind, title, summary] = self.fields.map(|f| f.map(|s| s.value));
        MergedEvent {
            kind: kind.unwrap_or_default(),
            title: title.unwrap_or_default(),
            summary,
            place: self.place.map(|s| s.value),
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
            Clash::Place { standing } => format!(
                "places {:?} and {:?}, neither within the other",
                standing.value,
                report.place.as_deref().unwrap_or_default()
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
}
