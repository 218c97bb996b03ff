//! Events' dates, in every form the seed format takes, in realistic proportions.

use chrono::{Datelike, Days, NaiveDate};

use crate::rng::{Rng, RngExt};
use crate::words::{year, ym, ymd};

/// An event's date as the seed file writes it, with the article's words for it.
pub struct DateChoice {
    pub edtf: String,
    pub text: Option<String>,
    pub expected: bool,
    /// The day the date is built around, for re-reports of another precision.
    pub anchor: NaiveDate,
}

/// A date for an event reported on `published`: mostly a day or a month, near publication, some
/// decades back; intervals, ongoing and open-ended ones a few percent.
pub fn event_date(rng: &mut Rng, published: NaiveDate) -> DateChoice {
    let back = match rng.random::<f64>() {
        u if u < 0.55 => rng.random_range(0..=60),
        u if u < 0.85 => rng.random_range(60..=3650),
        _ => rng.random_range(3650..=18250),
    };
    let anchor = published - Days::new(back as u64);
    let span_start = anchor - Days::new(rng.random_range(20..=900) as u64);
    let words = |rng: &mut Rng, d: NaiveDate| -> Option<String> {
        match rng.random_range(0..10) {
            0 => Some(format!("on {}", d.format("%A"))),
            1 => Some(format!("in {}", d.format("%B"))),
            2 if d.year() == published.year() => Some("earlier this year".to_string()),
            _ => None,
        }
    };
    let (edtf, text, expected) = match rng.random::<f64>() {
        u if u < 0.45 => (ymd(anchor), words(rng, anchor), false),
        u if u < 0.70 => (ym(anchor), words(rng, anchor), false),
        u if u < 0.80 => (year(anchor), None, false),
        u if u < 0.85 => {
            let base = if rng.random_bool(0.5) {
                ym(anchor)
            } else {
                year(anchor)
            };
            (format!("{base}~"), Some("around that time".into()), false)
        }
        u if u < 0.88 => {
            let base = if rng.random_bool(0.5) {
                ymd(anchor)
            } else {
                ym(anchor)
            };
            let mark = if rng.random_bool(0.8) { "?" } else { "%" };
            (format!("{base}{mark}"), None, false)
        }
        u if u < 0.94 => {
            let edtf = if rng.random_bool(0.5) {
                format!("{}/{}", ymd(span_start), ymd(anchor))
            } else {
                format!("{}/{}", ym(span_start), ym(anchor))
            };
            (edtf, Some("over several months".into()), false)
        }
        u if u < 0.975 => {
            let edtf = if rng.random_bool(0.5) {
                format!("{}/..", ym(anchor))
            } else {
                format!("{}/..", ymd(anchor))
            };
            let text = format!("since {}", anchor.format("%B"));
            (edtf, Some(text), false)
        }
        u if u < 0.985 => (
            format!("../{}", ym(anchor)),
            Some("until then".into()),
            false,
        ),
        u if u < 0.99 => (format!("{}/", ym(anchor)), None, false),
        u if u < 0.995 => (format!("/{}", ym(anchor)), None, false),
        _ => {
            let ahead = published + Days::new(rng.random_range(1..=90) as u64);
            return DateChoice {
                edtf: ymd(ahead),
                text: Some("next month".into()),
                expected: true,
                anchor: ahead,
            };
        }
    };
    DateChoice {
        edtf,
        text,
        expected,
        anchor,
    }
}

/// An earlier event, remembered for re-reports.
pub struct Reported {
    pub id: String,
    pub anchor: NaiveDate,
}
