//! The fuzzy date: parse, bounds, display; never reads the clock.
//!
//! News dates are rarely a single day. An event's date is written in EDTF
//! (Extended Date/Time Format, ISO 8601-2), levels 0 and 1 as far as news
//! needs them:
//!
//! - a year, month or day: `2023`, `2023-05`, `2023-05-29` (years `0000`-`9999`);
//! - one qualifier after a date: `~` approximate, `?` uncertain, `%` both;
//! - intervals `A/B`, with an open end `A/..` (ongoing), an open start `../B`,
//!   an unknown end `A/` or an unknown start `/B`; at least one side is a date.
//!
//! Nothing else is accepted: no whitespace (not even around the value), no
//! seasons, no `X` digits, no sets, no times, no negative years.
//!
//! Bounds ([`FuzzyDate::earliest`], [`FuzzyDate::latest`]) are strict calendar
//! bounds: qualifiers do not widen them.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

const EXPECTED: &str = "expected EDTF such as 2023, 2023-05, 2023-05-29, 2023-05~ or 2023-05/..";

/// How much of a date is known.
///
/// Ordered from the finest to the coarsest: `Day < Month < Year`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
}

impl Precision {
    /// `"day"`, `"month"` or `"year"`, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

/// One date of a [`FuzzyDate`]: a year, a month or a day, with its qualifiers.
///
/// A `Point` that [`FuzzyDate::parse`] returns is always a real calendar date.
/// One built by hand with out-of-range fields gets clamped bounds
/// (month to 1-12, day to the month's length, year to 0-9999) rather than a panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Point {
    pub year: i32,
    /// 1-12; `None` for a year.
    pub month: Option<u32>,
    /// 1-31; `None` for a year or a month. Ignored when `month` is `None`.
    pub day: Option<u32>,
    /// `~` (or `%`).
    pub approximate: bool,
    /// `?` (or `%`).
    pub uncertain: bool,
}

impl Point {
    /// The calendar day `d`, exact.
    pub fn day(d: NaiveDate) -> Point {
        Point {
            year: d.year(),
            month: Some(d.month()),
            day: Some(d.day()),
            approximate: false,
            uncertain: false,
        }
    }

    /// Day when month and day are given, month when only the month is, else year.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            (None, _) => Precision::Year,
        }
    }

    /// The first day the point covers: `2023-05` gives 2023-05-01, `2023` gives 2023-01-01.
    pub fn first_day(&self) -> NaiveDate {
        match (self.month, self.day) {
            (Some(month), Some(day)) => clamped_date(self.year, month, day),
            (Some(month), None) => clamped_date(self.year, month, 1),
            (None, _) => clamped_date(self.year, 1, 1),
        }
    }

    /// The last day the point covers: `2023-05` gives 2023-05-31, `2024-02` gives
    /// 2024-02-29, `2023` gives 2023-12-31.
    pub fn last_day(&self) -> NaiveDate {
        match (self.month, self.day) {
            (Some(month), Some(day)) => clamped_date(self.year, month, day),
            (Some(month), None) => clamped_date(self.year, month, 31),
            (None, _) => clamped_date(self.year, 12, 31),
        }
    }

    fn qualified(&self) -> bool {
        self.approximate || self.uncertain
    }

    /// `19 Jul 2023`, `May 2023`, `2008`, with `c. ` before when approximate and
    /// `?` after when uncertain; without the year when `with_year` is false.
    pub fn human(&self, with_year: bool) -> String {
        let date = self.first_day();
        let mut text = match self.precision() {
            Precision::Day => date.format("%-d %b").to_string(),
            Precision::Month => date.format("%b").to_string(),
            Precision::Year => String::new(),
        };
        if with_year || text.is_empty() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&self.year.to_string());
        }
        if self.approximate {
            text.insert_str(0, "c. ");
        }
        if self.uncertain {
            text.push('?');
        }
        text
    }
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
            if let Some(day) = self.day {
                write!(f, "-{day:02}")?;
            }
        }
        match (self.approximate, self.uncertain) {
            (true, true) => f.write_str("%"),
            (true, false) => f.write_str("~"),
            (false, true) => f.write_str("?"),
            (false, false) => Ok(()),
        }
    }
}

/// One side of an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum End {
    /// A date.
    Date(Point),
    /// `..`: open, no bound on that side (an open end means ongoing).
    Open,
    /// Empty: there is a bound on that side, but it is not known.
    Unknown,
}

impl End {
    fn point(&self) -> Option<&Point> {
        match self {
            End::Date(point) => Some(point),
            End::Open | End::Unknown => None,
        }
    }
}

impl fmt::Display for End {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            End::Date(point) => point.fmt(f),
            End::Open => f.write_str(".."),
            End::Unknown => Ok(()),
        }
    }
}

/// An event's date: a single (possibly qualified) year, month or day, or an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FuzzyDate {
    /// `2023`, `2023-05~`, `2023-05-29?`...
    Single(Point),
    /// `A/B`, `A/..`, `../B`, `A/`, `/B`; at least one side is a date, and the
    /// end's last day is not before the start's first day.
    Interval { start: End, end: End },
}

/// Why a date string was refused. Each message quotes the input and names the problem.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not the accepted grammar at all.
    #[error("invalid date {input:?}: {EXPECTED}")]
    Syntax { input: String },
    /// The empty string.
    #[error("invalid date {input:?}: the date is empty; {EXPECTED}")]
    Empty { input: String },
    /// Whitespace before or after the value.
    #[error("invalid date {input:?}: leading or trailing whitespace is not allowed")]
    Whitespace { input: String },
    /// More than one of `~`, `?`, `%` after a date.
    #[error(
        "invalid date {input:?}: at most one qualifier per date (~ approximate, ? uncertain, % both)"
    )]
    Qualifier { input: String },
    /// Month `00` or above `12` (other than a season).
    #[error("invalid date {input:?}: there is no month {month:02}")]
    Month { input: String, month: u32 },
    /// An EDTF season code (months 21-41).
    #[error("invalid date {input:?}: seasons (months 21 to 41) are not supported")]
    Season { input: String },
    /// Day `00`.
    #[error("invalid date {input:?}: there is no day 00")]
    DayZero { input: String },
    /// A day past the end of its month.
    #[error("invalid date {input:?}: {} {year} has {days} days", month_name(*month))]
    Day {
        input: String,
        year: i32,
        month: u32,
        days: u32,
    },
    /// An interval with no date on either side (`/`, `../..`, `../`, `/..`).
    #[error("invalid date {input:?}: an interval needs a date on at least one side")]
    NoDate { input: String },
    /// An interval whose end's last day is before its start's first day.
    #[error("invalid date {input:?}: the interval ends ({end}) before it starts ({start})")]
    Reversed {
        input: String,
        start: NaiveDate,
        end: NaiveDate,
    },
    /// A command-line bound that is not a plain `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[error(
        "invalid date {input:?}: a bound is YYYY, YYYY-MM or YYYY-MM-DD, without qualifiers or intervals"
    )]
    Bound { input: String },
}

impl FromStr for FuzzyDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Err(DateError::Empty { input: s.into() });
        }
        if s.trim() != s {
            return Err(DateError::Whitespace { input: s.into() });
        }
        let Some((start, end)) = s.split_once('/') else {
            // A lone `..` is not a point either, so it is a syntax error here.
            return parse_point(s, s).map(FuzzyDate::Single);
        };
        if end.contains('/') {
            return Err(DateError::Syntax { input: s.into() });
        }
        let start = parse_end(start, s)?;
        let end = parse_end(end, s)?;
        match (start, end) {
            (End::Date(a), End::Date(b)) => {
                let (first, last) = (a.first_day(), b.last_day());
                if last < first {
                    return Err(DateError::Reversed {
                        input: s.into(),
                        start: first,
                        end: last,
                    });
                }
            }
            (End::Date(_), _) | (_, End::Date(_)) => {}
            _ => return Err(DateError::NoDate { input: s.into() }),
        }
        Ok(FuzzyDate::Interval { start, end })
    }
}

impl fmt::Display for FuzzyDate {
    /// Canonical EDTF, which parses back to the same value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FuzzyDate::Single(point) => point.fmt(f),
            FuzzyDate::Interval { start, end } => write!(f, "{start}/{end}"),
        }
    }
}

impl FuzzyDate {
    /// Parses an EDTF string; the same as [`str::parse`].
    pub fn parse(s: &str) -> Result<FuzzyDate, DateError> {
        s.parse()
    }

    /// The first possible day; `None` when the start is open or unknown.
    pub fn earliest(&self) -> Option<NaiveDate> {
        self.start_point().map(Point::first_day)
    }

    /// The last possible day; `None` when the end is open or unknown.
    pub fn latest(&self) -> Option<NaiveDate> {
        self.end_point().map(Point::last_day)
    }

    /// A single date's own precision; an interval's start's, or its end's when
    /// the start is not a date.
    pub fn precision(&self) -> Precision {
        self.start_point()
            .or_else(|| self.end_point())
            .map_or(Precision::Year, Point::precision)
    }

    /// Whether any date in it is approximate (`~` or `%`).
    pub fn approximate(&self) -> bool {
        self.points().any(|p| p.approximate)
    }

    /// Whether any date in it is uncertain (`?` or `%`).
    pub fn uncertain(&self) -> bool {
        self.points().any(|p| p.uncertain)
    }

    /// Whether the end is open (`A/..`): still going on.
    pub fn ongoing(&self) -> bool {
        matches!(self, FuzzyDate::Interval { end: End::Open, .. })
    }

    /// Whether the start is open (`../B`) or unknown (`/B`).
    pub fn open_start(&self) -> bool {
        matches!(
            self,
            FuzzyDate::Interval {
                start: End::Open | End::Unknown,
                ..
            }
        )
    }

    /// A short readable form that shows the precision: `19 Jul 2023`,
    /// `c. May 2023?`, `19 Jan – 19 Jul 2023`, `since May 2023`, `? – 2008`.
    pub fn human(&self) -> String {
        let (start, end) = match self {
            FuzzyDate::Single(point) => return point.human(true),
            FuzzyDate::Interval { start, end } => (start, end),
        };
        match (start, end) {
            (End::Date(a), End::Date(b)) => {
                let short_start = a.year == b.year
                    && a.precision() != Precision::Year
                    && b.precision() != Precision::Year
                    && !a.qualified()
                    && !b.qualified();
                format!("{} – {}", a.human(!short_start), b.human(true))
            }
            (End::Date(a), End::Open) => format!("since {}", a.human(true)),
            (End::Date(a), End::Unknown) => format!("{} – ?", a.human(true)),
            (End::Open, End::Date(b)) => format!("until {}", b.human(true)),
            (End::Unknown, End::Date(b)) => format!("? – {}", b.human(true)),
            // Not produced by parsing; kept readable all the same.
            (End::Open | End::Unknown, End::Open | End::Unknown) => "?".to_string(),
        }
    }

    /// The start's date: the single date itself, or an interval's start when it is a date.
    pub fn start_point(&self) -> Option<&Point> {
        match self {
            FuzzyDate::Single(point) => Some(point),
            FuzzyDate::Interval { start, .. } => start.point(),
        }
    }

    /// The end's date: the single date itself, or an interval's end when it is a date.
    pub fn end_point(&self) -> Option<&Point> {
        match self {
            FuzzyDate::Single(point) => Some(point),
            FuzzyDate::Interval { end, .. } => end.point(),
        }
    }

    fn points(&self) -> impl Iterator<Item = &Point> {
        let (first, second) = match self {
            FuzzyDate::Single(point) => (Some(point), None),
            FuzzyDate::Interval { start, end } => (start.point(), end.point()),
        };
        first.into_iter().chain(second)
    }
}

/// A bound given on the command line (`--from`, `--to`): `YYYY`, `YYYY-MM` or
/// `YYYY-MM-DD`, no qualifiers.
/// Returns the first and last day it covers (`2023-05` -> (2023-05-01, 2023-05-31)).
pub fn parse_bound(s: &str) -> Result<(NaiveDate, NaiveDate), DateError> {
    let point = parse_point(s, s).map_err(|err| match err {
        DateError::Month { .. }
        | DateError::Season { .. }
        | DateError::DayZero { .. }
        | DateError::Day { .. } => err,
        _ => DateError::Bound { input: s.into() },
    })?;
    if point.qualified() {
        return Err(DateError::Bound { input: s.into() });
    }
    Ok((point.first_day(), point.last_day()))
}

/// One side of an interval: empty, `..` or a point. `input` is the whole value, for errors.
fn parse_end(text: &str, input: &str) -> Result<End, DateError> {
    match text {
        "" => Ok(End::Unknown),
        ".." => Ok(End::Open),
        _ => parse_point(text, input).map(End::Date),
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with an optional `~`, `?` or `%`.
/// `input` is the whole value, quoted in errors.
fn parse_point(text: &str, input: &str) -> Result<Point, DateError> {
    let (body, approximate, uncertain) = if let Some(body) = text.strip_suffix('%') {
        (body, true, true)
    } else if let Some(body) = text.strip_suffix('~') {
        (body, true, false)
    } else if let Some(body) = text.strip_suffix('?') {
        (body, false, true)
    } else {
        (text, false, false)
    };
    if body.ends_with(['%', '~', '?']) {
        return Err(DateError::Qualifier {
            input: input.into(),
        });
    }

    // Work on bytes: every accepted byte is ASCII, so nothing here can split a char.
    let bytes = body.as_bytes();
    let syntax = || DateError::Syntax {
        input: input.into(),
    };
    let number = |from: usize, to: usize| -> Option<u32> {
        bytes.get(from..to)?.iter().try_fold(0u32, |acc, &b| {
            b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
        })
    };
    let dash = |at: usize| bytes.get(at) == Some(&b'-');

    let (year, month, day) = match bytes.len() {
        4 => (number(0, 4), None, None),
        7 if dash(4) => (number(0, 4), Some(number(5, 7)), None),
        10 if dash(4) && dash(7) => (number(0, 4), Some(number(5, 7)), Some(number(8, 10))),
        _ => return Err(syntax()),
    };
    let year = year.ok_or_else(syntax)?;
    let year = i32::try_from(year).map_err(|_| syntax())?;
    let month = month.map(|m| m.ok_or_else(syntax)).transpose()?;
    let day = day.map(|d| d.ok_or_else(syntax)).transpose()?;

    if let Some(month) = month {
        match month {
            1..=12 => {}
            21..=41 => {
                return Err(DateError::Season {
                    input: input.into(),
                });
            }
            _ => {
                return Err(DateError::Month {
                    input: input.into(),
                    month,
                });
            }
        }
        if let Some(day) = day {
            let days = days_in_month(year, month);
            if day == 0 {
                return Err(DateError::DayZero {
                    input: input.into(),
                });
            }
            if day > days {
                return Err(DateError::Day {
                    input: input.into(),
                    year,
                    month,
                    days,
                });
            }
        }
    }

    Ok(Point {
        year,
        month,
        day,
        approximate,
        uncertain,
    })
}

fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1-12) of `year`; months out of range count as 31.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// The English name of `month` (clamped to 1-12).
fn month_name(month: u32) -> &'static str {
    chrono::Month::try_from(month.clamp(1, 12) as u8)
        .unwrap_or(chrono::Month::January)
        .name()
}

/// A calendar date with each field clamped into range, so it never fails.
fn clamped_date(year: i32, month: u32, day: u32) -> NaiveDate {
    let year = year.clamp(0, 9999);
    let month = month.clamp(1, 12);
    let day = day.clamp(1, days_in_month(year, month));
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// An ISO day, as the bound columns hold it. `Display` writes YYYY-MM-DD for the years 0 to
/// 9999 that dates have, without reading a format string for each day (a load writes a few
/// per event).
pub fn iso(d: NaiveDate) -> String {
    d.to_string()
}

#[cfg(test)]
mod tests;
