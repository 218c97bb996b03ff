//! One test for each shape of article text the drafter once got wrong, on invented text: what a
//! careful editor expects of the draft, right or silent.

use chrono::NaiveDate;

use super::store::{Store, StoredEntity, StoredEvent};
use super::{draft, Draft, Input};
use crate::date::FuzzyDate;
use crate::query::names::Kind;

fn input(text: &str) -> Input<'_> {
    Input {
        text,
        published: NaiveDate::from_ymd_opt(2023, 6, 15).unwrap(),
        publisher: Some("Valley Courier"),
        title: None,
        url: None,
        text_file: None,
        article: "a.txt",
    }
}

fn alone(text: &str) -> Draft {
    draft(&input(text), &Store::default())
}

/// Every new name the draft proposes: (kind, name).
fn proposed(d: &Draft) -> Vec<(Kind, String)> {
    let mut out = Vec::new();
    for (kind, list) in [
        (Kind::Person, &d.people),
        (Kind::Organisation, &d.organisations),
        (Kind::Place, &d.places),
    ] {
        out.extend(list.iter().map(|e| (kind, e.name.clone())));
    }
    out
}

fn names(d: &Draft) -> Vec<String> {
    proposed(d).into_iter().map(|(_, n)| n).collect()
}

#[test]
fn a_dateline_and_its_agency_name_no_one_and_count_nothing() {
    let d = alone(
        "RIVERTON, Valdonia (AP) \u{2014} Police Minister Tomas Harlan said on Monday that \
         the bridge would reopen.",
    );
    assert_eq!(names(&d), ["Tomas Harlan"]);
    let d = alone("Lakeside, 12 June 2023 (VNA) \u{2014} Talks ended, Mayor Ana Kovac said.");
    assert_eq!(names(&d), ["Ana Kovac"]);
    assert!(d.figures.is_empty(), "{:?}", d.figures);
}

#[test]
fn outlets_platforms_demonyms_and_common_capitalised_words_are_no_new_names() {
    let d = alone(
        "Local Serb Milos Danik told Reuters on Monday that Serbs and Kosovars were afraid. \
         \u{201C}We will not leave our homes,\u{201D} Premier Vera Lund wrote in a Facebook \
         post, according to the Financial Times. The Embassy said TV crews were turned back.",
    );
    assert_eq!(
        proposed(&d),
        [
            (Kind::Person, "Milos Danik".to_string()),
            (Kind::Person, "Vera Lund".to_string())
        ]
    );
    // The names passed over are listed for the editor, with why.
    let written = super::render(&d);
    for line in [
        "#   Reuters (a news outlet or platform)",
        "#   Kosovars (a demonym)",
        "#   Financial Times (a news outlet or platform)",
    ] {
        assert!(written.contains(line), "{line}\n{written}");
    }
}

#[test]
fn villages_towns_and_regions_are_places_by_their_cue() {
    let d = alone(
        "The officers were held near the village of Gornja Lipa on Monday. A court in the \
         Valdonian city of Kralje ordered their release, and police patrolled its Dolina \
         region.",
    );
    assert_eq!(
        proposed(&d),
        [
            (Kind::Place, "Gornja Lipa".to_string()),
            (Kind::Place, "Kralje".to_string()),
            (Kind::Place, "Dolina".to_string())
        ]
    );
}

#[test]
fn units_are_organisations_and_agreements_are_nothing() {
    let d = alone(
        "The Regional Operations Support Unit entered the town on Monday, which the Military \
         Technical Agreement forbids, Commander Ivo Brandt said.",
    );
    assert_eq!(
        proposed(&d),
        [
            (Kind::Person, "Ivo Brandt".to_string()),
            (
                Kind::Organisation,
                "Regional Operations Support Unit".to_string()
            )
        ]
    );
    // A title's own words are no part of the name after it.
    let d = alone("Minister of Roads and Bridges Petar Ilic resigned on Monday, he said.");
    assert_eq!(names(&d), ["Petar Ilic"]);
}

/// A store holding the organisation KFOR, the person Vera Lund, and the events given
/// (id, title, kind, date), each with both taking part.
fn store(events: &[(&str, &str, &str, &str)]) -> Store {
    let entity = |kind, id: &str, name: &str| StoredEntity {
        kind,
        id: id.into(),
        name: name.into(),
        names: vec![id.into(), name.into()],
    };
    let mut ids = vec!["kfor".to_string(), "vera-lund".to_string()];
    ids.extend(events.iter().map(|e| e.0.to_string()));
    Store {
        entities: vec![
            entity(Kind::Organisation, "kfor", "KFOR"),
            entity(Kind::Person, "vera-lund", "Vera Lund"),
        ],
        events: events
            .iter()
            .map(|&(id, title, kind, date)| StoredEvent {
                id: id.into(),
                title: title.into(),
                kind: kind.into(),
                date: FuzzyDate::parse(date).unwrap(),
                place: None,
                participants: vec!["kfor".into(), "vera-lund".into()],
            })
            .collect(),
        ids,
        ..Store::default()
    }
}

fn reports(d: &Draft) -> Vec<&str> {
    d.events
        .iter()
        .filter(|e| e.report_of.is_some())
        .map(|e| e.id.as_str())
        .collect()
}

#[test]
fn a_shared_participant_and_a_fitting_date_alone_report_no_stored_event() {
    let s = store(&[
        (
            "a-shooting",
            "Gunmen fire on a border post",
            "shooting",
            "2023-05",
        ),
        (
            "a-deployment",
            "KFOR sends more troops to the north",
            "deployment",
            "2023-05",
        ),
    ]);
    // A protest in May with KFOR: nothing it says is the shooting's or the deployment's.
    let d = draft(
        &input("In May, crowds protested outside the town hall as KFOR watched."),
        &s,
    );
    assert!(reports(&d).is_empty(), "{:?}", reports(&d));
    // Drafted as new, with the stored events it might report listed for the editor.
    assert_eq!(
        d.events[0].maybe,
        [
            "a-deployment \"KFOR sends more troops to the north\" (May 2023): 1 of its participants, its very date",
            "a-shooting \"Gunmen fire on a border post\" (May 2023): 1 of its participants, its very date"
        ]
    );
    // Its kind and title words, its people and its date: a report.
    let d = draft(
        &input("On May 30, KFOR decided to send more troops to the north, Vera Lund said."),
        &s,
    );
    assert_eq!(reports(&d), ["a-deployment"]);
}

#[test]
fn an_inferred_date_is_never_given_to_a_stored_event() {
    let s = store(&[(
        "a-presence",
        "KFOR increases its presence in the north",
        "deployment",
        "2008/..",
    )]);
    let d = draft(
        &input("In May, the bridge closed. KFOR has increased its presence in the north."),
        &s,
    );
    assert!(reports(&d).is_empty(), "{:?}", reports(&d));
}

#[test]
fn the_words_an_inferred_date_was_read_from_are_its_whole_clause() {
    let d = alone(
        "In May, the bridge closed. The closure has put the valley's farmers in a difficult \
         position, the mayor said.",
    );
    let written = super::render(&d);
    assert!(
        written.contains(
            "date_text = \"has put the valley's farmers in a difficult position\"   # review: \
             the words it was read from"
        ),
        "{written}"
    );
}

#[test]
fn a_conversion_in_brackets_is_the_same_figure_and_a_count_of_one_is_a_figure() {
    let d = alone(
        "On Monday the officers were held 1.8 kilometers (1 mile) inside the border. A \
         policeman was killed and another border guard was injured.",
    );
    let figures: Vec<(String, String, String)> = d
        .figures
        .iter()
        .map(|f| {
            (
                format!("{:?}", f.amount.value),
                f.unit.clone(),
                f.measure.clone(),
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            (
                "Some(Float(1.8))".into(),
                "kilometers".into(),
                "kilometers".into()
            ),
            ("Some(Int(1))".into(), "policeman".into(), "killed".into()),
            ("Some(Int(1))".into(), "guard".into(), "injured".into()),
        ]
    );
}

#[test]
fn a_figure_measures_what_the_words_after_it_say_never_a_placeholder() {
    let d = alone(
        "On Monday police set up two checkpoints on the main road. After a 12-hour meeting, \
         some 300 families living in the valley were told to leave. Turnout was 40 percent.",
    );
    let measures: Vec<(&str, &str)> = d
        .figures
        .iter()
        .map(|f| (f.text.as_str(), f.measure.as_str()))
        .collect();
    assert_eq!(
        measures,
        [
            ("two checkpoints", "on the main road"),
            ("12-hour meeting", "meeting"),
            ("some 300 families", "living in the valley"),
            ("40 percent", "turnout"),
        ]
    );
}

#[test]
fn a_figure_is_claimed_by_who_its_sentence_says_claims_it() {
    let s = store(&[]);
    let d = draft(
        &input("KFOR say that 25 of its troops were injured on Monday."),
        &s,
    );
    let claims: Vec<(Option<&str>, &str)> = d
        .figures
        .iter()
        .map(|f| {
            (
                f.claimed_by.as_ref().map(|c| c.by.as_str()),
                f.text.as_str(),
            )
        })
        .collect();
    assert_eq!(claims, [(Some("kfor"), "25 of its troops were injured")]);
    // "its troops": KFOR's.
    assert_eq!(d.figures[0].about.as_deref(), Some("kfor"));
    let d = draft(
        &input("Up to 300 people marched on Monday, according to Vera Lund."),
        &s,
    );
    assert_eq!(
        d.figures[0].claimed_by.as_ref().map(|c| c.by.as_str()),
        Some("vera-lund")
    );
}

/// (speaker, text) of each quote.
fn quotes(d: &Draft) -> Vec<(&str, &str)> {
    d.quotes
        .iter()
        .map(|q| (q.speaker.as_str(), q.text.as_str()))
        .collect()
}

#[test]
fn mixed_quotation_marks_close_a_quote() {
    let d = alone(
        "Premier Vera Lund said on Monday the officers were \u{201C}kidnapped by the other side\" \
         and must be freed.",
    );
    assert_eq!(quotes(&d), [("vera-lund", "kidnapped by the other side")]);
}

#[test]
fn a_speaker_is_who_the_attribution_names_not_a_name_nearby() {
    let s = store(&[]);
    // After "saying:" the sentence's subject speaks, not the organisation before the verb.
    let d = draft(
        &input(
            "On Monday Vera Lund criticised KFOR, saying: \u{201C}They were not there when we \
             needed them.\u{201D}",
        ),
        &s,
    );
    assert_eq!(
        quotes(&d),
        [("vera-lund", "They were not there when we needed them.")]
    );
    // "according to" names the speaker after it; a description before "said" is the person
    // last named as speaking, not the person named last.
    let d = draft(
        &input(
            "According to Premier Vera Lund, the attack happened because Mayor Ana Kovac \
             refused to act on Monday. \u{201C}We warned everyone about this,\u{201D} the \
             premier said.",
        ),
        &s,
    );
    assert_eq!(quotes(&d), [("vera-lund", "We warned everyone about this")]);
}

/// (date, words) of each event.
fn dates(d: &Draft) -> Vec<(String, &str)> {
    d.events
        .iter()
        .map(|e| (e.date.to_string(), e.words.as_str()))
        .collect()
}

#[test]
fn a_date_the_words_put_ahead_is_the_next_such_day() {
    let d =
        alone("Mayor Ana Kovac said the next round of talks is expected to be held on March 18.");
    assert_eq!(dates(&d), [("2024-03-18".to_string(), "on March 18")]);
    assert!(d.events[0].expected);
}

#[test]
fn decades_parts_of_last_month_nights_and_the_event_a_since_names() {
    let d = alone(
        "The plates date to the 1990s. Similar measures were taken late last month. Armed men \
         left the monastery during the night. Peacekeepers have been stationed there since the \
         1999 war ended.",
    );
    assert_eq!(
        dates(&d),
        [
            ("1990/1999".to_string(), "1990s"),
            ("2023-05-21/2023-05-31".to_string(), "late last month"),
            ("2023-06-14/2023-06-15".to_string(), "during the night"),
            ("1999/..".to_string(), "since the 1999"),
            ("1999".to_string(), "the 1999 war"),
        ]
    );
}

#[test]
fn a_slogan_is_the_words_of_the_group_that_protested() {
    let s = Store {
        entities: vec![StoredEntity {
            kind: Kind::Organisation,
            id: "valley-farmers".into(),
            name: "Valley farmers".into(),
            names: vec!["valley-farmers".into(), "Valley farmers".into()],
        }],
        ids: vec!["valley-farmers".into()],
        ..Store::default()
    };
    let d = draft(
        &input(
            "Thousands of Valley farmers rallied in the square on Monday.\n\nMarchers carried \
             banners reading \u{201C}Water is our life\u{201D}, and \u{201C}We will not give \
             our land to Mayor Ana Kovac\u{201D}.",
        ),
        &s,
    );
    assert_eq!(
        quotes(&d),
        [
            ("valley-farmers", "Water is our life"),
            (
                "valley-farmers",
                "We will not give our land to Mayor Ana Kovac"
            )
        ]
    );
}

#[test]
fn one_date_reports_each_stored_event_of_that_day_its_words_name() {
    let s = store(&[
        (
            "a-meeting",
            "Vera Lund and KFOR hold a meeting in Lakeside",
            "meeting",
            "2023-06-12",
        ),
        (
            "a-deal",
            "Vera Lund and KFOR sign a water sharing agreement",
            "agreement",
            "2023-06-12",
        ),
        (
            "a-visit",
            "Vera Lund visits KFOR's camp",
            "visit",
            "2023-06-12",
        ),
    ]);
    let d = draft(
        &input(
            "On Monday, Vera Lund and KFOR held a meeting in Lakeside and signed the water \
             sharing agreement.",
        ),
        &s,
    );
    assert_eq!(reports(&d), ["a-meeting", "a-deal"]);
}

#[test]
fn a_sentence_with_no_date_may_tell_of_a_stored_state_and_gives_it_no_date() {
    let mut s = store(&[(
        "a-dispute",
        "Vera Lund disputes KFOR's mandate",
        "position",
        "2019/..",
    )]);
    s.state_words.insert(
        "a-dispute".into(),
        "Vera Lund disputes KFOR's mandate does not recognise the mandate".into(),
    );
    let d = draft(
        &input("Vera Lund, who does not recognise KFOR's mandate, spoke in Lakeside."),
        &s,
    );
    assert_eq!(reports(&d), ["a-dispute"]);
    assert!(d.events[0].alone && d.events[0].words.is_empty());
    let written = super::render(&d);
    let event = &written[written.find("id = \"a-dispute\"").unwrap()..];
    assert!(
        !event[..event.find("\n\n").unwrap()].contains("date"),
        "{event}"
    );
}

#[test]
fn a_second_event_of_the_day_is_reported_by_a_word_of_its_title_and_its_kind_anywhere() {
    // "accepted" is no word of the deal's title and the words beside the date say "meeting";
    // the sentence still names the agreement, and a word of its title ("water").
    let s = store(&[
        (
            "a-meeting",
            "Vera Lund and KFOR hold a meeting in Lakeside",
            "meeting",
            "2023-06-12",
        ),
        (
            "a-deal",
            "Vera Lund and KFOR settle the water dispute",
            "agreement",
            "2023-06-12",
        ),
    ]);
    let text = "The aim was to carry out the Water Agreement that Vera Lund and KFOR accepted \
                at their meeting in Lakeside on Monday, an aide said.";
    assert_eq!(reports(&draft(&input(text), &s)), ["a-meeting", "a-deal"]);
    // A word of its title alone, with no word of its kind, is not enough.
    let text = "The aim was to ease the water shortage that Vera Lund and KFOR discussed at \
                their meeting in Lakeside on Monday, an aide said.";
    assert_eq!(reports(&draft(&input(text), &s)), ["a-meeting"]);
}

#[test]
fn a_refusal_that_goes_on_reports_a_stored_state_and_gives_it_no_date() {
    let mut s = store(&[
        (
            "a-declaration",
            "KFOR declares the mandate",
            "declaration",
            "2019",
        ),
        (
            "a-dispute",
            "Vera Lund disputes KFOR's mandate",
            "position",
            "2019/..",
        ),
    ]);
    s.state_words.insert(
        "a-dispute".into(),
        "Vera Lund disputes KFOR's mandate rejects the mandate".into(),
    );
    let text = "Vera Lund has, like her party, never accepted the mandate that KFOR \
                declared in 2019.";
    let d = draft(&input(text), &s);
    let mut told = reports(&d);
    told.sort();
    assert_eq!(told, ["a-declaration", "a-dispute"]);
    let written = super::render(&d);
    let event = &written[written.find("id = \"a-dispute\"").unwrap()..];
    assert!(
        !event[..event.find("\n\n").unwrap()].contains("date"),
        "{event}"
    );
    // Without a stored state, the refusal is a state of its own, going on from 2019.
    let s = store(&[(
        "a-declaration",
        "KFOR declares the mandate",
        "declaration",
        "2019",
    )]);
    let d = draft(&input(text), &s);
    assert!(
        d.events
            .iter()
            .any(|e| e.report_of.is_none() && e.date.ongoing() && e.date.human().contains("2019")),
        "{:?}",
        d.events
    );
}

#[test]
fn a_figure_takes_its_unit_noun_and_what_it_measures_from_its_words() {
    let d = alone(
        "Turnout was just 3.47 percent on Sunday. Two police officers were injured on Monday. \
         About 900 farmers live in the valley.",
    );
    let figures: Vec<(&str, &str)> = d
        .figures
        .iter()
        .map(|f| (f.unit.as_str(), f.measure.as_str()))
        .collect();
    assert_eq!(
        figures,
        [
            ("percent", "turnout"),
            ("police officers", "injured"),
            ("farmers", "live")
        ]
    );
    assert!(d.figures.iter().all(|f| !f.measure_guessed));
}

#[test]
fn a_weekday_beside_last_week_is_that_day_of_last_week() {
    // Published on Thursday 15 June 2023: last week is 5–11 June.
    let d = alone("Police detained three men last week, on Monday, near the village of Brod.");
    assert_eq!(dates(&d), [("2023-06-05".to_string(), "on Monday")]);
}

#[test]
fn a_stored_election_told_twice_is_reported_not_drafted_again() {
    let s = store(&[(
        "a-vote",
        "Elections in the valley",
        "election",
        "2023-04-23",
    )]);
    let d = draft(
        &input(
            "Vera Lund won the elections on April 23 in the valley. KFOR said the vote on April \
             23 had been calm.",
        ),
        &s,
    );
    let ids: Vec<&str> = d.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["a-vote"]);
}
