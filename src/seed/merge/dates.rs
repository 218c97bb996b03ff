//! One event, many reports: combining the dates that several articles give one event. Pure.
//!
//! Two dates are compatible when some day could satisfy both (open bounds are unbounded); the
//! event then takes their most precise common date: the narrower of the two when one lies inside
//! the other (`2023-05` and `2023-05-29` give `2023-05-29`), else the days they share, each bound
//! as a report gave it (`2023-05/` and `/2023-06` give `2023-05/2023-06`). Dates that
//! share no day are a conflict, unless a report marks the event disputed: then every
//! irreconcilable date is kept, and the event spans them all.

use std::cmp::Ordering;

use chrono::NaiveDate;

use crate::date::{End, FuzzyDate, Point};

/// What the reports say about an event's date, taken together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Combined {
    /// Every dated report fits this date.
    Agreed(FuzzyDate),
    /// The reports give dates that cannot all be true: each group's common date, and the span
    /// from the first to the last of them.
    Disputed {
        dates: Vec<FuzzyDate>,
        span: FuzzyDate,
    },
}

impl Combined {
    /// The date the event is filed under.
    pub fn date(&self) -> &FuzzyDate {
        match self {
            Combined::Agreed(d) => d,
            Combined::Disputed { span, .. } => span,
        }
    }

    /// "29 May 2023", or "May 2023 or 2 Jun 2023 (disputed)".
    pub fn human(&self) -> String {
        match self {
            Combined::Agreed(d) => d.human(),
            Combined::Disputed { dates, .. } => {
                let each: Vec<String> = dates.iter().map(FuzzyDate::human).collect();
                format!("{} (disputed)", each.join(" or "))
            }
        }
    }

    pub fn disputed(&self) -> bool {
        matches!(self, Combined::Disputed { .. })
    }
}

/// A report's date conflicts with earlier reports' and no report marks the event disputed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateClash {
    /// The report whose date does not fit.
    pub report: usize,
    /// The earlier reports it contradicts.
    pub against: Vec<usize>,
}

/// Combine the reports' dates, in report order (`None`: the report gives no date). `Ok(None)`
/// when no report gives a date.
pub fn combine(reports: &[(Option<FuzzyDate>, bool)]) -> Result<Option<Combined>, DateClash> {
    let disputed = reports.iter().any(|(_, d)| *d);
    let mut groups: Vec<(FuzzyDate, Vec<usize>)> = Vec::new();
    for (i, (date, _)) in reports.iter().enumerate() {
        let Some(date) = date else { continue };
        match groups.iter().position(|(g, _)| overlap(g, date)) {
            Some(k) => {
                let (g, members) = &mut groups[k];
                *g = meet(&[*g, *date]);
                members.push(i);
            }
            None if disputed || groups.is_empty() => groups.push((*date, vec![i])),
            None => {
                let members = &groups[0].1;
                let mut against: Vec<usize> = members
                    .iter()
                    .copied()
                    .filter(|m| reports[*m].0.as_ref().is_some_and(|d| !overlap(d, date)))
                    .collect();
                if against.is_empty() {
                    against = members.clone();
                }
                return Err(DateClash { report: i, against });
            }
        }
    }
    // Each group's date from all its reports' dates at once, so that it is the same whatever
    // order they come in (the running date above only decides which group a date joins).
    let mut dates: Vec<FuzzyDate> = groups
        .iter()
        .map(|(_, members)| {
            let given: Vec<FuzzyDate> = members.iter().filter_map(|m| reports[*m].0).collect();
            meet(&given)
        })
        .collect();
    Ok(match dates.len() {
        0 => None,
        1 => Some(Combined::Agreed(dates.remove(0))),
        _ => {
            let span = span(&dates);
            Some(Combined::Disputed { dates, span })
        }
    })
}

type Range = (Option<NaiveDate>, Option<NaiveDate>);

fn range(d: &FuzzyDate) -> Range {
    (d.earliest(), d.latest())
}

/// Whether some day satisfies both dates (an open or unknown bound is unbounded).
pub fn overlap(a: &FuzzyDate, b: &FuzzyDate) -> bool {
    let ((a_lo, a_hi), (b_lo, b_hi)) = (range(a), range(b));
    let before = |lo: Option<NaiveDate>, hi: Option<NaiveDate>| match (lo, hi) {
        (Some(lo), Some(hi)) => lo <= hi,
        _ => true,
    };
    before(a_lo, b_hi) && before(b_lo, a_hi)
}

/// Whether every day `a` allows is one `b` allows.
fn inside(a: &FuzzyDate, b: &FuzzyDate) -> bool {
    let ((a_lo, a_hi), (b_lo, b_hi)) = (range(a), range(b));
    let lo_ok = match (a_lo, b_lo) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => a >= b,
    };
    let hi_ok = match (a_hi, b_hi) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(a), Some(b)) => a <= b,
    };
    lo_ok && hi_ok
}

/// The most precise date all of `dates` allow (they must share a day): one of them when it lies
/// inside every other (`2023-05` and `2023-05-29` give `2023-05-29`), else the days they share,
/// each bound as a report gave it where it can be ("since May" and "until June" give May to
/// June, not 1 May to 30 June). The same whatever the order of `dates`.
fn meet(dates: &[FuzzyDate]) -> FuzzyDate {
    let innermost = dates
        .iter()
        .filter(|d| dates.iter().all(|other| inside(d, other)))
        .min_by_key(|d| (d.approximate() || d.uncertain(), d.to_string()));
    if let Some(d) = innermost {
        return *d;
    }
    let start = dates
        .iter()
        .filter_map(FuzzyDate::start_point)
        .copied()
        .reduce(|a, b| pick(&a, &b, Point::first_day, Ordering::Greater))
        .map_or(End::Unknown, End::Date);
    let end = match dates
        .iter()
        .filter_map(FuzzyDate::end_point)
        .copied()
        .reduce(|a, b| pick(&a, &b, Point::last_day, Ordering::Less))
    {
        Some(p) => End::Date(p),
        None if dates.iter().all(FuzzyDate::ongoing) => End::Open,
        None => End::Unknown,
    };
    between(start, end)
}

/// From the first day of the earliest date to the last day of the latest, each bound the date a
/// report gave; open where any is.
fn span(dates: &[FuzzyDate]) -> FuzzyDate {
    let widest = |point: fn(&FuzzyDate) -> Option<&Point>, day: fn(&Point) -> NaiveDate, want| {
        dates
            .iter()
            .map(point)
            .collect::<Option<Vec<_>>>()
            .and_then(|points| {
                points
                    .into_iter()
                    .copied()
                    .reduce(|a, b| pick(&a, &b, day, want))
            })
    };
    let start = widest(FuzzyDate::start_point, Point::first_day, Ordering::Less)
        .map_or(End::Unknown, End::Date);
    let end = match widest(FuzzyDate::end_point, Point::last_day, Ordering::Greater) {
        Some(p) => End::Date(p),
        None if dates.iter().any(FuzzyDate::ongoing) => End::Open,
        None => End::Unknown,
    };
    between(start, end)
}

/// Of two points, the one whose `day` compares to the other's as `want` (`Greater`: the later);
/// on a tie the finer, then the one without qualifiers (which leaves only equal points).
fn pick(a: &Point, b: &Point, day: fn(&Point) -> NaiveDate, want: Ordering) -> Point {
    let rank = |p: &Point| (p.precision(), p.approximate || p.uncertain);
    match day(a).cmp(&day(b)) {
        Ordering::Equal if rank(b) < rank(a) => *b,
        Ordering::Equal => *a,
        o if o == want => *a,
        _ => *b,
    }
}

/// The interval from `start` to `end`. Where one of the two dates lies partly within the other
/// ("2023-07" to "2023-07-19"), it runs from the first day to the last instead, so that it reads
/// as the days it covers ("1 Jul – 19 Jul 2023"); a single day when they are one.
fn between(start: End, end: End) -> FuzzyDate {
    let (start, end) = match (start, end) {
        (End::Date(s), End::Date(e)) if s != e && s.last_day() >= e.first_day() => (
            End::Date(Point::day(s.first_day())),
            End::Date(Point::day(e.last_day())),
        ),
        other => other,
    };
    match (start, end) {
        (End::Date(s), End::Date(e)) if s == e => FuzzyDate::Single(s),
        _ => FuzzyDate::Interval { start, end },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<FuzzyDate> {
        Some(FuzzyDate::parse(s).unwrap())
    }

    fn agreed(reports: &[(Option<FuzzyDate>, bool)]) -> String {
        match combine(reports) {
            Ok(Some(Combined::Agreed(d))) => d.to_string(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn compatible_dates_give_the_most_precise_common_date() {
        assert_eq!(
            agreed(&[(d("2023-05"), false), (d("2023-05-29"), false)]),
            "2023-05-29"
        );
        assert_eq!(
            agreed(&[(d("2023-05-29"), false), (d("2023-05"), false)]),
            "2023-05-29"
        );
        assert_eq!(
            agreed(&[(d("2023"), false), (None, false), (d("2023-05"), false)]),
            "2023-05"
        );
        assert_eq!(
            agreed(&[(d("2023-05/2023-07-19"), false), (d("2023-07"), false)]),
            "2023-07-01/2023-07-19"
        );
        assert_eq!(
            agreed(&[(d("2023-05/.."), false), (d("2023-05-21/.."), false)]),
            "2023-05-21/.."
        );
        assert_eq!(
            agreed(&[
                (d("2023-05-21/2023-05-31"), false),
                (d("2023-05-31/2023-06-10"), false)
            ]),
            "2023-05-31"
        );
    }

    #[test]
    fn a_common_date_keeps_the_precision_the_reports_gave() {
        for (a, b, both) in [
            // "Since May" and "until June": May to June, not 1 May to 30 June.
            ("2023-05/", "/2023-06", "2023-05/2023-06"),
            ("2023-05/..", "../2023-06", "2023-05/2023-06"),
            ("2023-05~/", "/2023-06?", "2023-05~/2023-06?"),
            ("2022/2023-06", "2023-03/2024", "2023-03/2023-06"),
            // One date partly within the other: the days both allow.
            ("2023", "2023-05-10/2024-03", "2023-05-10/2023-12-31"),
            ("2023-05-10/2023-06-20", "2023-05", "2023-05-10/2023-05-31"),
        ] {
            assert_eq!(agreed(&[(d(a), false), (d(b), false)]), both, "{a} and {b}");
            assert_eq!(agreed(&[(d(b), false), (d(a), false)]), both, "{b} and {a}");
            let c = FuzzyDate::parse(both).unwrap();
            assert_eq!(c.to_string(), both, "{both} is canonical");
        }
        let c = combine(&[(d("2023-05/"), false), (d("/2023-06"), false)])
            .unwrap()
            .unwrap();
        assert_eq!(c.date().precision(), crate::date::Precision::Month);
        assert_eq!(c.human(), "May – Jun 2023");
    }

    #[test]
    fn the_common_date_is_the_same_in_every_order() {
        let sets: [&[&str]; 4] = [
            &["2023/", "/2023-05", "2023-03/"],
            &["2023-02/2023-06-15", "2023-04~/..", "/2023-06", "2023"],
            &["2023-05", "2023-05-01/2023-05-31", "2023-05~"],
            &["2023-05-10/..", "2023-05/", "2023-05-10/2023-07"],
        ];
        let expected = [
            "2023-03/2023-05",
            "2023-04~/2023-06-15",
            "2023-05",
            "2023-05-10/2023-07",
        ];
        for (set, want) in sets.iter().zip(expected) {
            let n = set.len();
            // Every order of the set (n is at most 4).
            let mut orders: Vec<Vec<usize>> = vec![vec![]];
            for _ in 0..n {
                orders = orders
                    .iter()
                    .flat_map(|o| {
                        (0..n)
                            .filter(|i| !o.contains(i))
                            .map(|i| [o.clone(), vec![i]].concat())
                            .collect::<Vec<_>>()
                    })
                    .collect();
            }
            for order in orders {
                let reports: Vec<_> = order.iter().map(|&i| (d(set[i]), false)).collect();
                assert_eq!(agreed(&reports), want, "{order:?} of {set:?}");
            }
        }
    }

    #[test]
    fn a_disputed_span_keeps_the_precision_of_its_ends() {
        let c = combine(&[(d("2023-05"), true), (d("2023-06"), false)])
            .unwrap()
            .unwrap();
        assert_eq!(c.date().to_string(), "2023-05/2023-06");
        assert_eq!(c.human(), "May 2023 or Jun 2023 (disputed)");
        let c = combine(&[(d("2022"), true), (d("2023-05/.."), false)])
            .unwrap()
            .unwrap();
        assert_eq!(c.date().to_string(), "2022/..");
    }

    #[test]
    fn no_dates_combine_to_nothing() {
        assert_eq!(combine(&[(None, false), (None, true)]), Ok(None));
    }

    #[test]
    fn incompatible_dates_conflict_unless_disputed() {
        let reports = [
            (d("2023-05"), false),
            (d("2023-05-29"), false),
            (d("2023-06-02"), false),
        ];
        assert_eq!(
            combine(&reports),
            Err(DateClash {
                report: 2,
                against: vec![0, 1]
            })
        );
        let reports = [
            (d("2023-05"), false),
            (d("2023-05-29"), false),
            (d("2023-05-30"), false),
        ];
        assert_eq!(
            combine(&reports),
            Err(DateClash {
                report: 2,
                against: vec![1]
            })
        );

        let disputed = [
            (d("2023-05"), false),
            (d("2023-05-29"), false),
            (d("2023-06-02"), true),
        ];
        let c = combine(&disputed).unwrap().unwrap();
        assert!(c.disputed());
        assert_eq!(c.date().to_string(), "2023-05-29/2023-06-02");
        assert_eq!(c.human(), "29 May 2023 or 2 Jun 2023 (disputed)");
    }
}
