//! One event's reports taken together, as the second pass meets them: what one report states
//! must not contradict the others (a report's title, summary and place are its own), and once
//! every report has been met, some report must give the event's kind, title and date, and
//! their dates must fit together. The rules are those of
//! [`merge`](super::super::merge): the reports are added to an [`EventMerge`], and this
//! module places what it finds.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use super::super::article::{ArticleReport, Parsed};
use super::super::error::SeedError;
use super::super::merge::{Clash, DateClash, EventMerge, MergedEvent, Origin, Report};
use super::super::model::EventDef;
use super::super::stored::KnownEvent;
use super::registry::Registry;
use super::{Checker, REPORTS};
use crate::date::FuzzyDate;

/// One report's date, stored or in this run, while an event's reports are compared.
pub(super) struct DateEntry {
    pub(super) file: Arc<str>,
    pub(super) date: Option<FuzzyDate>,
    /// Where the error goes if this report's date does not fit: at its date in its file (its
    /// message still to be written); `None` for a stored report.
    pub(super) at: Option<SeedError>,
}

/// An event reported in this run, while the second pass meets its reports: the reports merged
/// so far (stored ones first), and each one's date with its place.
pub(super) struct Open {
    pub(super) seen: u32,
    pub(super) merge: EventMerge<Arc<str>>,
    pub(super) dates: Vec<DateEntry>,
    /// Whether some report gives a date or words for one (a date that does not parse is
    /// reported where it is written).
    pub(super) dated: bool,
}

impl Open {
    /// An event's stored reports that this run does not replace, merged. They were checked
    /// against each other when they were loaded, so they agree.
    pub(super) fn from_stored(
        stored: Option<&KnownEvent>,
        replaced: &HashSet<String>,
        reg: &Registry,
    ) -> Open {
        let mut open = Open {
            seen: 0,
            merge: EventMerge::default(),
            dates: Vec::new(),
            dated: false,
        };
        for r in stored
            .iter()
            .flat_map(|k| &k.reports)
            .filter(|r| !replaced.contains(&r.source_id))
        {
            let file: Arc<str> = r.file.as_str().into();
            open.merge.add(&r.report(), &file, |id| reg.within(id));
            open.dated |= r.date.is_some();
            open.dates.push(DateEntry {
                file,
                date: r.date,
                at: None,
            });
        }
        open
    }
}

/// One report of an event, as the second pass meets it: the event's log in this run, the report
/// as checked and as written, its file, and the event's stored reports.
pub(super) struct MetReport<'a> {
    pub log: u32,
    pub event: &'a ArticleReport,
    pub def: &'a EventDef,
    pub parsed: &'a Parsed,
    pub origin: &'a Origin,
    pub here: &'a Arc<str>,
    pub stored: Option<&'a KnownEvent>,
}

impl MetReport<'_> {
    /// The report as the merge rules read it.
    fn report(&self) -> Report {
        let e = self.event;
        Report {
            origin: self.origin.clone(),
            date: e.date,
            date_text: e.date_text.clone(),
            resolved: e.resolved,
            disputed: e.disputed,
            kind: e.kind.clone(),
            title: e.title.clone(),
            summary: e.summary.clone(),
            place: e.place.clone(),
            expected: e.expected,
        }
    }

    /// The error a contradiction makes, at the statement that contradicts.
    fn clash(&self, clash: Clash<Arc<str>>) -> SeedError {
        let (e, def, id) = (self.event, self.def, &self.event.id);
        let Clash::Field { field, standing } = clash;
        let span = def.kind.as_ref().map(|k| k.span());
        self.parsed.locate(
            span.unwrap_or(def.id.span()),
            format!(
                "event {id:?} has `{}` {:?} here but {:?} in {}; \
                 a report may leave it out, but must not contradict it",
                field.name(),
                e.kind.as_deref().unwrap_or_default(),
                standing.value,
                standing.from
            ),
        )
    }
}

impl Checker<'_> {
    /// One report of an event: it must not contradict what other reports state of it, and once
    /// every report has been met, some report must give its kind, title and date, and their
    /// dates must fit together. The event's merged row once its last report is met.
    pub(super) fn compare(&mut self, met: MetReport) -> Option<MergedEvent> {
        let registry = Arc::clone(&self.registry);
        let registry = &*registry;
        let replaced = &self.replaced;
        let open = self
            .open
            .entry(met.log)
            .or_insert_with(|| Open::from_stored(met.stored, replaced, registry));
        open.seen += 1;
        let clashes = open
            .merge
            .add(&met.report(), met.here, |id| registry.within(id));
        let found: Vec<SeedError> = clashes.into_iter().map(|c| met.clash(c)).collect();
        let def = met.def;
        let span = match (&def.date, &def.date_text) {
            (Some(at), _) | (None, Some(at)) => at.span(),
            (None, None) => def.id.span(),
        };
        open.dated |= def.date.is_some() || def.date_text.is_some();
        open.dates.push(DateEntry {
            file: met.here.clone(),
            date: met.event.date,
            at: Some(met.parsed.locate(span, String::new())),
        });
        let done = open.seen == self.logs[met.log as usize].runs;
        self.push(REPORTS, met.log as usize, 1, found);
        if !done {
            return None;
        }
        let open = self.open.remove(&met.log)?;
        self.finish(&met, open)
    }

    /// An event whose every report has been met: its row, or what keeps its reports from
    /// giving one.
    fn finish(&mut self, met: &MetReport, open: Open) -> Option<MergedEvent> {
        let Open {
            merge,
            dates,
            dated,
            ..
        } = open;
        let unmerged = match merge.finish() {
            Ok(merged) => return Some(merged),
            Err(unmerged) => unmerged,
        };
        let (id, def, parsed) = (&met.event.id, met.def, met.parsed);
        let mut missing = Vec::new();
        for field in unmerged.missing {
            if field == "date" && dated {
                continue;
            }
            let how = if field == "date" {
                " (or `date_text` words to resolve)"
            } else {
                ""
            };
            let only = if dates.len() == 1 {
                "no other article reports it"
            } else {
                "no article that reports it gives one"
            };
            missing.push(parsed.locate(
                def.id.span(),
                format!("event {id:?} needs `{field}`{how}: {only}"),
            ));
        }
        self.push(REPORTS, met.log as usize, 0, missing);
        if let Some(clash) = unmerged.dates {
            let error = date_clash(id, &dates, clash);
            self.push(REPORTS, met.log as usize, 2, vec![error]);
        }
        None
    }
}

/// The error for a report whose date fits no other report's, at that report.
fn date_clash(id: &str, dates: &[DateEntry], clash: DateClash) -> SeedError {
    let DateClash { report, against } = clash;
    let entry = &dates[report];
    let others: Vec<String> = against
        .iter()
        .map(|i| {
            let other = &dates[*i];
            let d = other.date.map(|d| d.to_string()).unwrap_or_default();
            format!("{d} in {}", other.file)
        })
        .collect();
    let date = entry.date.map(|d| d.to_string()).unwrap_or_default();
    let message = format!(
        "event {id:?} is dated {date} here but {}: no day fits both; \
         mark the event `disputed = true` to keep both dates",
        others.join(" and ")
    );
    match &entry.at {
        Some(at) => SeedError {
            message,
            ..at.clone()
        },
        None => SeedError::file(Path::new(&*entry.file), message),
    }
}
