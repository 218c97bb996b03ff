//! The fuzzy date's tests: every form parsed, its bounds and display, and properties over
//! generated dates.

use super::*;
use proptest::prelude::*;
use Precision::{Day, Month, Year};

/// input, canonical display, earliest, latest, precision,
/// flags (a approximate, u uncertain, o ongoing, s open start), human.
type ValidDate = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Precision,
    &'static str,
    &'static str,
);

#[rustfmt::skip]
const VALID: &[ValidDate] = &[
    // Plain points, and month lengths.
    ("2023",                  "2023",                  Some("2023-01-01"), Some("2023-12-31"), Year,  "",    "2023"),
    ("2023-05",               "2023-05",               Some("2023-05-01"), Some("2023-05-31"), Month, "",    "May 2023"),
    ("2023-05-29",            "2023-05-29",            Some("2023-05-29"), Some("2023-05-29"), Day,   "",    "29 May 2023"),
    ("2023-07-09",            "2023-07-09",            Some("2023-07-09"), Some("2023-07-09"), Day,   "",    "9 Jul 2023"),
    ("2024-02",               "2024-02",               Some("2024-02-01"), Some("2024-02-29"), Month, "",    "Feb 2024"),
    ("2023-02",               "2023-02",               Some("2023-02-01"), Some("2023-02-28"), Month, "",    "Feb 2023"),
    ("1900-02",               "1900-02",               Some("1900-02-01"), Some("1900-02-28"), Month, "",    "Feb 1900"),
    ("2000-02",               "2000-02",               Some("2000-02-01"), Some("2000-02-29"), Month, "",    "Feb 2000"),
    ("2024-02-29",            "2024-02-29",            Some("2024-02-29"), Some("2024-02-29"), Day,   "",    "29 Feb 2024"),
    ("2023-04",               "2023-04",               Some("2023-04-01"), Some("2023-04-30"), Month, "",    "Apr 2023"),
    ("2023-12",               "2023-12",               Some("2023-12-01"), Some("2023-12-31"), Month, "",    "Dec 2023"),
    ("9999-12-31",            "9999-12-31",            Some("9999-12-31"), Some("9999-12-31"), Day,   "",    "31 Dec 9999"),
    ("0999",                  "0999",                  Some("0999-01-01"), Some("0999-12-31"), Year,  "",    "999"),
    // Each qualifier on each precision.
    ("2008~",                 "2008~",                 Some("2008-01-01"), Some("2008-12-31"), Year,  "a",   "c. 2008"),
    ("2008?",                 "2008?",                 Some("2008-01-01"), Some("2008-12-31"), Year,  "u",   "2008?"),
    ("2008%",                 "2008%",                 Some("2008-01-01"), Some("2008-12-31"), Year,  "au",  "c. 2008?"),
    ("2023-05~",              "2023-05~",              Some("2023-05-01"), Some("2023-05-31"), Month, "a",   "c. May 2023"),
    ("2023-05?",              "2023-05?",              Some("2023-05-01"), Some("2023-05-31"), Month, "u",   "May 2023?"),
    ("2023-05%",              "2023-05%",              Some("2023-05-01"), Some("2023-05-31"), Month, "au",  "c. May 2023?"),
    ("2023-05-29~",           "2023-05-29~",           Some("2023-05-29"), Some("2023-05-29"), Day,   "a",   "c. 29 May 2023"),
    ("2023-05-29?",           "2023-05-29?",           Some("2023-05-29"), Some("2023-05-29"), Day,   "u",   "29 May 2023?"),
    ("2023-05-29%",           "2023-05-29%",           Some("2023-05-29"), Some("2023-05-29"), Day,   "au",  "c. 29 May 2023?"),
    // Closed intervals.
    ("2023-01-19/2023-07-19", "2023-01-19/2023-07-19", Some("2023-01-19"), Some("2023-07-19"), Day,   "",    "19 Jan – 19 Jul 2023"),
    ("2023-05/2023-07-19",    "2023-05/2023-07-19",    Some("2023-05-01"), Some("2023-07-19"), Month, "",    "May – 19 Jul 2023"),
    ("2008/2023-05",          "2008/2023-05",          Some("2008-01-01"), Some("2023-05-31"), Year,  "",    "2008 – May 2023"),
    ("2022-12/2023-01",       "2022-12/2023-01",       Some("2022-12-01"), Some("2023-01-31"), Month, "",    "Dec 2022 – Jan 2023"),
    ("2023/2023-05",          "2023/2023-05",          Some("2023-01-01"), Some("2023-05-31"), Year,  "",    "2023 – May 2023"),
    ("2023/2023",             "2023/2023",             Some("2023-01-01"), Some("2023-12-31"), Year,  "",    "2023 – 2023"),
    ("2023-05/2023-05-10",    "2023-05/2023-05-10",    Some("2023-05-01"), Some("2023-05-10"), Month, "",    "May – 10 May 2023"),
    ("2023-05-20/2023-05",    "2023-05-20/2023-05",    Some("2023-05-20"), Some("2023-05-31"), Day,   "",    "20 May – May 2023"),
    ("2023-05-20/2023-05-20", "2023-05-20/2023-05-20", Some("2023-05-20"), Some("2023-05-20"), Day,   "",    "20 May – 20 May 2023"),
    ("2023-05~/2023-07",      "2023-05~/2023-07",      Some("2023-05-01"), Some("2023-07-31"), Month, "a",   "c. May 2023 – Jul 2023"),
    ("2023-05/2023-07?",      "2023-05/2023-07?",      Some("2023-05-01"), Some("2023-07-31"), Month, "u",   "May 2023 – Jul 2023?"),
    ("2008%/2010~",           "2008%/2010~",           Some("2008-01-01"), Some("2010-12-31"), Year,  "au",  "c. 2008? – c. 2010"),
    // Open and unknown sides.
    ("2023-05/..",            "2023-05/..",            Some("2023-05-01"), None,               Month, "o",   "since May 2023"),
    ("2008~/..",              "2008~/..",              Some("2008-01-01"), None,               Year,  "ao",  "since c. 2008"),
    ("../2023-07-19",         "../2023-07-19",         None,               Some("2023-07-19"), Day,   "s",   "until 19 Jul 2023"),
    ("../2023?",              "../2023?",              None,               Some("2023-12-31"), Year,  "us",  "until 2023?"),
    ("2023-05/",              "2023-05/",              Some("2023-05-01"), None,               Month, "",    "May 2023 – ?"),
    ("2023-05-29%/",          "2023-05-29%/",          Some("2023-05-29"), None,               Day,   "au",  "c. 29 May 2023? – ?"),
    ("/2023-07-19",           "/2023-07-19",           None,               Some("2023-07-19"), Day,   "s",   "? – 19 Jul 2023"),
    ("/2023-05%",             "/2023-05%",             None,               Some("2023-05-31"), Month, "aus", "? – c. May 2023?"),
];

#[test]
fn valid_dates() {
    assert!(VALID.len() >= 30);
    for &(input, display, earliest, latest, precision, flags, human) in VALID {
        let date = FuzzyDate::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        let day = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
        assert_eq!(date.to_string(), display, "display of {input}");
        assert_eq!(
            day(date.earliest()).as_deref(),
            earliest,
            "earliest of {input}"
        );
        assert_eq!(day(date.latest()).as_deref(), latest, "latest of {input}");
        assert_eq!(date.precision(), precision, "precision of {input}");
        assert_eq!(
            date.approximate(),
            flags.contains('a'),
            "approximate of {input}"
        );
        assert_eq!(
            date.uncertain(),
            flags.contains('u'),
            "uncertain of {input}"
        );
        assert_eq!(date.ongoing(), flags.contains('o'), "ongoing of {input}");
        assert_eq!(
            date.open_start(),
            flags.contains('s'),
            "open_start of {input}"
        );
        assert_eq!(date.human(), human, "human of {input}");
        assert_eq!(input.parse::<FuzzyDate>(), Ok(date), "from_str of {input}");
        assert_eq!(FuzzyDate::parse(display), Ok(date), "reparse of {input}");
    }
}

/// input, a part of the message that names the problem.
#[rustfmt::skip]
const INVALID: &[(&str, &str)] = &[
    ("2023-02-30",            "February 2023 has 28 days"),
    ("2023-02-29",            "February 2023 has 28 days"),
    ("1900-02-29",            "February 1900 has 28 days"),
    ("2023-04-31",            "April 2023 has 30 days"),
    ("2023-13",               "there is no month 13"),
    ("2023-00",               "there is no month 00"),
    ("2023-05-00",            "there is no day 00"),
    ("2023-21",               "seasons"),
    ("23-05",                 EXPECTED),
    ("2023-5",                EXPECTED),
    ("2023-05-1",             EXPECTED),
    ("2023-1-01",             EXPECTED),
    ("20230",                 EXPECTED),
    ("",                      "empty"),
    (" 2023",                 "whitespace"),
    ("2023 ",                 "whitespace"),
    ("\t2023-05",             "whitespace"),
    ("2023-05-29\n",          "whitespace"),
    ("2023~~",                "at most one qualifier"),
    ("2023~?",                "at most one qualifier"),
    ("2023-05?%",             "at most one qualifier"),
    ("2023-05/2023-04",       "the interval ends (2023-04-30) before it starts (2023-05-01)"),
    ("2023/2022",             "the interval ends (2022-12-31) before it starts (2023-01-01)"),
    ("2023-05-29/2023-05-28", "the interval ends (2023-05-28) before it starts (2023-05-29)"),
    ("/",                     "at least one side"),
    ("../..",                 "at least one side"),
    ("../",                   "at least one side"),
    ("/..",                   "at least one side"),
    ("..",                    EXPECTED),
    ("2023/2024/2025",        EXPECTED),
    ("May 2023",              EXPECTED),
    ("2023-05-29T10:00",      EXPECTED),
    ("-2023",                 EXPECTED),
    ("2023-05-2X",            EXPECTED),
    ("202X",                  EXPECTED),
    ("2023-05/..x",           EXPECTED),
    ("x/2023",                EXPECTED),
    ("é",                     EXPECTED),
    ("２０２３",              EXPECTED),
    ("2023-05-29/2023-02-30", "February 2023 has 28 days"),
];

#[test]
fn invalid_dates() {
    assert!(INVALID.len() >= 20);
    for &(input, problem) in INVALID {
        let Err(err) = FuzzyDate::parse(input) else {
            panic!("{input:?} should not parse");
        };
        let message = err.to_string();
        assert!(message.contains(&format!("{input:?}")), "{message}");
        assert!(message.contains(problem), "{message}");
        assert!(!message.contains('\n'), "{message}");
        if !input.contains(['\t', '\n']) {
            assert!(message.contains(&format!("\"{input}\"")), "{message}");
        }
        assert_eq!(input.parse::<FuzzyDate>(), Err(err));
    }
}

#[test]
fn error_messages() {
    let message = |s: &str| FuzzyDate::parse(s).map_err(|e| e.to_string());
    assert_eq!(
        message("2023-02-30"),
        Err(r#"invalid date "2023-02-30": February 2023 has 28 days"#.into())
    );
    assert_eq!(
        message("2023-07-19/2023-05"),
        Err(r#"invalid date "2023-07-19/2023-05": the interval ends (2023-05-31) before it starts (2023-07-19)"#.into())
    );
    assert_eq!(
        message("May 2023"),
        Err(r#"invalid date "May 2023": expected EDTF such as 2023, 2023-05, 2023-05-29, 2023-05~ or 2023-05/.."#.into())
    );
}

#[test]
fn bounds() {
    let ok = [
        ("2023", "2023-01-01", "2023-12-31"),
        ("2023-05", "2023-05-01", "2023-05-31"),
        ("2024-02", "2024-02-01", "2024-02-29"),
        ("2023-05-29", "2023-05-29", "2023-05-29"),
    ];
    for (input, first, last) in ok {
        let (from, to) = parse_bound(input).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(from.to_string(), first, "{input}");
        assert_eq!(to.to_string(), last, "{input}");
    }
    let bad = [
        ("2023-05~", "without qualifiers"),
        ("2023/2024", "without qualifiers or intervals"),
        ("x", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("", "YYYY, YYYY-MM or YYYY-MM-DD"),
        (" 2023", "YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2023-02-30", "February 2023 has 28 days"),
        ("2023-13", "there is no month 13"),
    ];
    for (input, problem) in bad {
        let message = parse_bound(input).map(|_| ()).unwrap_err().to_string();
        assert!(message.contains(&format!("\"{input}\"")), "{message}");
        assert!(message.contains(problem), "{message}");
    }
}

#[test]
fn precision_names() {
    assert_eq!(Day.as_str(), "day");
    assert_eq!(Month.as_str(), "month");
    assert_eq!(Year.as_str(), "year");
    assert!(Day < Month && Month < Year);
}

/// A valid point: year 1000-2999, maybe a month, maybe a day valid for it, any qualifiers.
fn point() -> impl Strategy<Value = Point> {
    (
        1000i32..=2999,
        proptest::option::of(1u32..=12),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_flat_map(|(year, month, with_day, approximate, uncertain)| {
            let days = month.map_or(1, |m| days_in_month(year, m));
            (1..=days).prop_map(move |day| Point {
                year,
                month,
                day: (month.is_some() && with_day).then_some(day),
                approximate,
                uncertain,
            })
        })
}

/// A valid fuzzy date: a point, an ordered pair of points, or a point with an
/// open or unknown other side.
fn fuzzy_date() -> impl Strategy<Value = FuzzyDate> {
    let closed = (point(), point()).prop_map(|(a, b)| {
        let (a, b) = if b.last_day() < a.first_day() {
            (b, a)
        } else {
            (a, b)
        };
        FuzzyDate::Interval {
            start: End::Date(a),
            end: End::Date(b),
        }
    });
    let half = (
        point(),
        prop_oneof![Just(End::Open), Just(End::Unknown)],
        any::<bool>(),
    )
        .prop_map(|(p, other, date_first)| {
            if date_first {
                FuzzyDate::Interval {
                    start: End::Date(p),
                    end: other,
                }
            } else {
                FuzzyDate::Interval {
                    start: other,
                    end: End::Date(p),
                }
            }
        });
    prop_oneof![point().prop_map(FuzzyDate::Single), closed, half]
}

fn check_any_input(s: &str) -> Result<(), TestCaseError> {
    match FuzzyDate::parse(s) {
        // Only canonical text is accepted, so it displays as it was written.
        Ok(date) => prop_assert_eq!(date.to_string(), s),
        Err(err) => {
            let message = err.to_string();
            prop_assert!(message.contains(&format!("{s:?}")), "{}", message);
            prop_assert!(!message.contains('\n'), "{}", message);
        }
    }
    let _ = parse_bound(s);
    Ok(())
}

proptest! {
    #[test]
    fn parse_never_panics(s in any::<String>()) {
        check_any_input(&s)?;
    }

    #[test]
    fn parse_never_panics_on_near_misses(s in "[0-9./~?%X -]{0,24}") {
        check_any_input(&s)?;
    }

    #[test]
    fn valid_dates_round_trip(date in fuzzy_date()) {
        if let (Some(earliest), Some(latest)) = (date.earliest(), date.latest()) {
            prop_assert!(earliest <= latest, "{} > {}", earliest, latest);
        }
        prop_assert_eq!(FuzzyDate::parse(&date.to_string()), Ok(date));
    }

    #[test]
    fn human_is_never_empty(date in fuzzy_date()) {
        prop_assert!(!date.human().is_empty());
    }
}

#[test]
fn iso_days_are_four_digit_years_for_every_year_a_date_can_have() {
    for d in [
        "0000-01-01",
        "0001-02-03",
        "0999-12-31",
        "2024-02-29",
        "9999-12-31",
    ] {
        assert_eq!(iso(d.parse().unwrap()), d);
    }
}
