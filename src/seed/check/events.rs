//! One event's reports taken together, as the second pass meets them: what one report states
//! must not contradict the others, and once every report has been met, some report must give
//! the event's kind, title and date, and their dates must fit together.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use super::super::article::{Event, Parsed};
use super::super::error::SeedError;
use super::super::merge;
use super::super::model::EventDef;
use super::super::reports::{self, DateClash};
use super::super::stored::KnownEvent;
use super::registry::{equal, first_stays, merge_field, Registry, Stated, MAX_DEPTH};
use super::{Checker, REPORTS};
use crate::date::FuzzyDate;

/// One report's date, stored or in this run, while an event's reports are compared.
pub(super) struct DateEntry {
    pub(super) file: Arc<str>,
    pub(super) date: Option<FuzzyDate>,
    pub(super) disputed: bool,
    /// Where the error goes if this report's date does not fit: at its date in its file (its
    /// message still to be written); `None` for a stored report.
    pub(super) at: Option<SeedError>,
}

/// An event reported more than once (stored or in this run), while the second pass meets its
/// reports: its fields merged so far, and every report's date.
pub(super) struct Open {
    pub(super) seen: u32,
    /// Kind, title and summary as the reports met so far state them.
    pub(super) fields: [Stated; 3],
    pub(super) place: Stated,
    pub(super) dates: Vec<DateEntry>,
    /// Whether some report gives a date or words for one (a date that does not parse is
    /// reported where it is written).
    pub(super) dated: bool,
}

/// The fields every report may state, in [`Open::fields`] order.
pub(super) const FIELDS: [&str; 3] = ["kind", "title", "summary"];

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
            fields: [None, None, None],
            place: None,
            dates: Vec::new(),
            dated: false,
        };
        for r in stored
            .iter()
            .flat_map(|k| &k.reports)
            .filter(|r| !replaced.contains(&r.source_id))
        {
            let file: Arc<str> = r.file.as_str().into();
            for (i, v) in [&r.kind, &r.title, &r.summary].into_iter().enumerate() {
                if let Some(v) = v {
                    let _ = merge_field(&mut open.fields[i], v, &file, equal, first_stays);
                }
            }
            if let Some(p) = &r.place {
                let _ = open.narrow_place(p, &file, reg);
            }
            open.dated |= r.date.is_some();
            open.dates.push(DateEntry {
                file,
                date: r.date,
                disputed: r.disputed,
                at: None,
            });
        }
        open
    }

    /// Merge a place given for the event: the same, or one within the other (the smaller is
    /// kept). `Err` with the other place and its file when neither lies within the other.
    pub(super) fn narrow_place(
        &mut self,
        p: &str,
        file: &Arc<str>,
        reg: &Registry,
    ) -> Result<(), (String, Arc<str>)> {
        match &self.place {
            None => {
                self.place = Some((p.to_string(), file.clone()));
                Ok(())
            }
            Some((m, f)) => match merge::narrower(p, m, |id| reg.within(id), MAX_DEPTH) {
                Some(n) if n == p && p != m => {
                    self.place = Some((p.to_string(), file.clone()));
                    Ok(())
                }
                Some(_) => Ok(()),
                None => Err((m.clone(), f.clone())),
            },
        }
    }
}

/// One report of an event, as the second pass meets it: the event's log in this run, the report
/// as checked and as written, its file, and the event's stored reports.
pub(super) struct MetReport<'a> {
    pub log: u32,
    pub event: &'a Event,
    pub def: &'a EventDef,
    pub parsed: &'a Parsed,
    pub here: &'a Arc<str>,
    pub stored: Option<&'a KnownEvent>,
}

impl Checker<'_> {
    /// One report of an event: it must not contradict what other reports state of it, and once
    /// every report has been met, some report must give its kind, title and date, and their
    /// dates must fit together.
    pub(super) fn compare(&mut self, report: MetReport) {
        let MetReport {
            log,
            event: e,
            def,
            parsed,
            here,
            stored,
        } = report;
        let registry = Arc::clone(&self.registry);
        let registry = &*registry;
        let replaced = &self.replaced;
        let open = self
            .open
            .entry(log)
            .or_insert_with(|| Open::from_stored(stored, replaced, registry));
        open.seen += 1;
        let mut found = Vec::new();
        let id = &e.id;
        let spans = [
            def.kind.as_ref().map(|k| k.span()),
            def.title.as_ref().map(|k| k.span()),
            def.summary.as_ref().map(|k| k.span()),
        ];
        for (i, value) in [&e.kind, &e.title, &e.summary].into_iter().enumerate() {
            let Some(h) = value else { continue };
            if let Err((t, file)) = merge_field(&mut open.fields[i], h, here, equal, first_stays) {
                let field = FIELDS[i];
                found.push(parsed.locate(
                    spans[i].clone().unwrap_or(def.id.span()),
                    format!(
                        "event {id:?} has `{field}` {h:?} here but {t:?} in {file}; \
                         a report may leave it out, but must not contradict it"
                    ),
                ));
            }
        }
        if let (Some(p), Some(at)) = (&e.place, &def.place) {
            if let Err((other, file)) = open.narrow_place(p, here, registry) {
                found.push(parsed.locate(
                    at.span(),
                    format!(
                        "event {id:?} took place in {p:?} here but in {other:?} in {file}, and \
                         neither lies within the other (a place's `within` says where it lies)"
                    ),
                ));
            }
        }
        let span = match (&def.date, &def.date_text) {
            (Some(at), _) | (None, Some(at)) => at.span(),
            (None, None) => def.id.span(),
        };
        open.dated |= def.date.is_some() || def.date_text.is_some();
        open.dates.push(DateEntry {
            file: here.clone(),
            date: e.date,
            disputed: e.disputed,
            at: Some(parsed.locate(span, String::new())),
        });
        let done = open.seen == self.logs[log as usize].runs;
        self.push((REPORTS, log as usize, 1), found);
        if !done {
            return;
        }
        let Some(open) = self.open.remove(&log) else {
            return;
        };
        let mut missing = Vec::new();
        for (field, absent) in [
            ("kind", open.fields[0].is_none()),
            ("title", open.fields[1].is_none()),
            ("date", !open.dated),
        ] {
            if absent {
                let how = if field == "date" {
                    " (or `date_text` words to resolve)"
                } else {
                    ""
                };
                let only = if open.dates.len() == 1 {
                    "no other article reports it"
                } else {
                    "no article that reports it gives one"
                };
                missing.push(parsed.locate(
                    def.id.span(),
                    format!("event {id:?} needs `{field}`{how}: {only}"),
                ));
            }
        }
        self.push((REPORTS, log as usize, 0), missing);
        if open.dates.len() < 2 {
            return;
        }
        let dates: Vec<(Option<FuzzyDate>, bool)> =
            open.dates.iter().map(|d| (d.date, d.disputed)).collect();
        let Err(DateClash { report, against }) = reports::combine(&dates) else {
            return;
        };
        let entry = &open.dates[report];
        let others: Vec<String> = against
            .iter()
            .map(|i| {
                let other = &open.dates[*i];
                let d = other.date.map(|d| d.to_string()).unwrap_or_default();
                format!("{d} in {}", other.file)
            })
            .collect();
        let date = entry.date.map(|d| d.to_string()).unwrap_or_default();
        let message = format!(
            "event {:?} is dated {date} here but {}: no day fits both; \
             mark the event `disputed = true` to keep both dates",
            e.id,
            others.join(" and ")
        );
        let error = match &entry.at {
            Some(at) => SeedError {
                message,
                ..at.clone()
            },
            None => SeedError::file(Path::new(&*entry.file), message),
        };
        self.push((REPORTS, log as usize, 2), vec![error]);
    }
}
