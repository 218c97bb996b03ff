//! A property: for random small corpora, any file names, any order of loading, any split into
//! runs, with edits, article-id changes and removals between runs and `--prune` at the end, give
//! the same record as one fresh load of the final set of files.
//!
//! Each corpus has a few articles stating a few events, people, organisations and places. For
//! each of those one article, chosen at random (often a later-published one), states every
//! field; the others state a random part of it (an id and a date, a place, a name in another
//! spelling, coordinates of a place), so the final set always loads, but only as a whole.
//! Reports give their own titles and summaries, and places that may lie on no one chain (a
//! disputed place). The records compared hold the places' coordinates and the events' areas,
//! and the R*Tree of those areas is checked against them.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;

use proptest::prelude::*;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::SliceRandom;
use rand::SeedableRng;

use crate::util::{record_of, Env};

const EVENTS: usize = 4;
const PEOPLE: usize = 3;
const ORGS: usize = 3;

/// Who states everything about each thing: an article index per event, person, organisation
/// and place.
pub(crate) struct Plan {
    pub(crate) articles: usize,
    event_definer: [usize; EVENTS],
    person_definer: [usize; PEOPLE],
    org_definer: [usize; ORGS],
    place_definer: [usize; 3],
    /// Each event's day in May 2023.
    days: [u32; EVENTS],
}

impl Plan {
    /// A corpus of 3 to 6 articles, each thing defined in full by an article drawn at random.
    pub(crate) fn random(rng: &mut Xoshiro256PlusPlus) -> Plan {
        let articles = 3 + rng.random_range(0..4);
        let pick = |rng: &mut Xoshiro256PlusPlus| rng.random_range(0..articles);
        Plan {
            articles,
            event_definer: std::array::from_fn(|_| pick(rng)),
            person_definer: std::array::from_fn(|_| pick(rng)),
            org_definer: std::array::from_fn(|_| pick(rng)),
            place_definer: std::array::from_fn(|_| pick(rng)),
            days: std::array::from_fn(|e| 1 + e as u32 * 7),
        }
    }
}

/// Article `a`'s seed file, its article id being `id`. `edit` drops its optional statements.
pub(crate) fn article(
    plan: &Plan,
    rng: &mut Xoshiro256PlusPlus,
    a: usize,
    id: &str,
    edit: bool,
) -> String {
    let mut t = String::new();
    writeln!(
        t,
        "[source]\nid = \"{id}\"\ntitle = \"Article {a}\"\npublisher = \"Wire\"\npublished = \"2023-07-{:02}\"\n",
        10 + a
    )
    .unwrap();
    let optional = |rng: &mut Xoshiro256PlusPlus| !edit && rng.random_ratio(50, 100);
    let mut listed_people = Vec::new();
    for p in 0..PEOPLE {
        let definer = plan.person_definer[p] == a;
        if definer || optional(rng) {
            // Two spellings of one name: lookups take them for one.
            let name = if rng.random_ratio(50, 100) {
                format!("Pérson Ñame {p}")
            } else {
                format!("Person Name {p}")
            };
            writeln!(t, "[[people]]\nid = \"person-{p}\"").unwrap();
            if definer || rng.random_ratio(50, 100) {
                writeln!(t, "name = \"{name}\"").unwrap();
            }
            if rng.random_ratio(30, 100) {
                writeln!(t, "aliases = [\"P{p} of article {a}\"]").unwrap();
            }
            t.push('\n');
            listed_people.push(p);
        }
    }
    for o in 0..ORGS {
        let definer = plan.org_definer[o] == a;
        if definer || optional(rng) {
            writeln!(t, "[[organisations]]\nid = \"org-{o}\"").unwrap();
            if definer || rng.random_ratio(50, 100) {
                writeln!(t, "name = \"Organisation {o}\"").unwrap();
            }
            // Fields nothing needs: any article may give them, none must.
            if optional(rng) {
                writeln!(t, "kind = \"kind {o}\"").unwrap();
            }
            if o > 0 && optional(rng) {
                writeln!(t, "parent = \"org-0\"").unwrap();
            }
            t.push('\n');
        }
    }
    write_places(&mut t, plan, rng, a, edit);
    let mut reported = Vec::new();
    for e in 0..EVENTS {
        let definer = plan.event_definer[e] == a;
        if !(definer || optional(rng)) {
            continue;
        }
        reported.push(e);
        writeln!(t, "[[events]]\nid = \"event-{e}\"").unwrap();
        let day = plan.days[e];
        // Dates that narrow one another: the year, the month, the day.
        let date = match rng.random_range(0..3) {
            0 if !definer => "2023".to_string(),
            1 => "2023-05".to_string(),
            _ => format!("2023-05-{day:02}"),
        };
        if definer || rng.random_ratio(80, 100) {
            writeln!(t, "date = \"{date}\"").unwrap();
            if optional(rng) {
                writeln!(t, "date_text = \"words {e} of {a}\"").unwrap();
            }
        }
        // A report's own words: the same title as others, or its own.
        let title = match rng.random_ratio(50, 100) {
            true => format!("Event {e}"),
            false => format!("Event {e} as article {a} tells it"),
        };
        for (field, value) in [("kind", format!("kind {e}")), ("title", title)] {
            if definer || rng.random_ratio(30, 100) {
                writeln!(t, "{field} = \"{value}\"").unwrap();
            }
        }
        if optional(rng) {
            writeln!(
                t,
                "summary = \"What happened in event {e}, by article {a}.\""
            )
            .unwrap();
        }
        if optional(rng) {
            // The region or the town within it (one chain), or somewhere else (disputed).
            writeln!(t, "place = \"place-{}\"", rng.random_range(0..3)).unwrap();
        }
        if !listed_people.is_empty() && rng.random_ratio(50, 100) {
            let p = listed_people[rng.random_range(0..listed_people.len())];
            writeln!(
                t,
                "participants = [{{ id = \"person-{p}\", role = \"role {a}\" }}]"
            )
            .unwrap();
        }
        t.push('\n');
    }
    for &e in &reported {
        if rng.random_ratio(40, 100) {
            writeln!(
                t,
                "[[figures]]\nevent = \"event-{e}\"\nvalue = {}\nunit = \"people\"\nmeasure = \"counted\"\n",
                1 + rng.random_range(0..50)
            )
            .unwrap();
        }
    }
    t
}

/// Article `a`'s `[[places]]`: the region and the town within it, each with what the article
/// states of it (everything, from the article that defines it). `edit` drops the optional.
fn write_places(t: &mut String, plan: &Plan, rng: &mut Xoshiro256PlusPlus, a: usize, edit: bool) {
    let optional = |rng: &mut Xoshiro256PlusPlus| !edit && rng.random_ratio(50, 100);
    for (p, name) in ["Region", "Town", "Elsewhere"].iter().enumerate() {
        let definer = plan.place_definer[p] == a;
        if definer || optional(rng) {
            writeln!(t, "[[places]]\nid = \"place-{p}\"").unwrap();
            if definer || rng.random_ratio(50, 100) {
                writeln!(t, "name = \"{name}\"").unwrap();
            }
            // The town lies in the region; somewhere else may, by some article's word.
            let within = match p {
                1 => definer || rng.random_ratio(40, 100),
                2 => rng.random_ratio(30, 100),
                _ => false,
            };
            if within {
                writeln!(t, "within = \"place-0\"").unwrap();
            }
            // Coordinates any article may give, or not: an area, a point, a point with a
            // radius (an area over 5 km), another point more than 10 km away (a warning). The
            // finest stands; a place without any takes the area of the one it lies within.
            if optional(rng) {
                let coordinates = [
                    "bbox = [20.4, 42.85, 21.0, 43.3]",
                    "latitude = 42.908\nlongitude = 20.84",
                    "latitude = 42.9\nlongitude = 20.8\nradius_km = 12.5",
                    "latitude = 43.2\nlongitude = 20.5\nradius_km = 2",
                ];
                writeln!(t, "{}", coordinates[rng.random_range(0..4)]).unwrap();
            }
            if optional(rng) {
                writeln!(t, "wikidata = \"Q{}\"\ngeonames = {}", 100 + p, 7000 + p).unwrap();
            }
            t.push('\n');
        }
    }
}

/// One case: write the corpus, load it over several runs with changes between them, and
/// compare the result with a fresh load of the final files.
fn run_case(seed: u64) -> Result<(), TestCaseError> {
    // Seeded by the case, so that a failing case is named by its seed.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let plan = Plan::random(&mut rng);
    let definers: Vec<usize> = plan
        .event_definer
        .iter()
        .chain(&plan.person_definer)
        .chain(&plan.org_definer)
        .chain(&plan.place_definer)
        .copied()
        .collect();
    // Article texts and ids; file names drawn at random, so any article may sort first.
    let mut ids: Vec<String> = (0..plan.articles).map(|a| format!("article-{a}")).collect();
    let texts: Vec<String> = (0..plan.articles)
        .map(|a| article(&plan, &mut rng, a, &ids[a], false))
        .collect();
    let mut names: Vec<String> = (0..plan.articles).map(|i| format!("f{i}.toml")).collect();
    names.shuffle(&mut rng);

    let env = Env::empty();
    fs::create_dir(env.path("seed")).unwrap();
    let mut order: Vec<usize> = (0..plan.articles).collect();
    order.shuffle(&mut rng);
    let mut present: BTreeMap<usize, String> = BTreeMap::new();
    let mut current = texts.clone();
    let mut runs = 0;
    let mut at = 0;
    while at < order.len() {
        let batch = 1 + rng.random_range(0..order.len() - at);
        for &a in &order[at..at + batch] {
            env.write(&format!("seed/{}", names[a]), &current[a]);
            present.insert(a, names[a].clone());
        }
        at += batch;
        // A run may fail (an event whose title only a later batch gives): it writes nothing.
        let out = env.output(&["seed", "seed"]);
        runs += usize::from(out.status.success());
        // Between runs: an article changes its id, one drops what it need not state, one
        // that states nothing essential goes.
        let loaded: Vec<usize> = present.keys().copied().collect();
        let a = loaded[rng.random_range(0..loaded.len())];
        match rng.random_range(0..4) {
            0 => {
                ids[a] = format!("{}-v{}", ids[a], at);
                current[a] = article_with_id(&current[a], &ids[a]);
            }
            // Drops what the article need not state (a definer keeps what it must).
            1 => {
                current[a] = article(&plan, &mut rng, a, &ids[a], true);
            }
            2 if !definers.contains(&a) && present.len() > 1 => {
                fs::remove_file(env.path(&format!("seed/{}", present[&a]))).unwrap();
                present.remove(&a);
                continue;
            }
            _ => continue,
        }
        env.write(&format!("seed/{}", present[&a]), &current[a]);
    }
    let out = env.output(&["seed", "--prune", "seed"]);
    prop_assert!(
        out.status.success(),
        "seed {seed}: the last run failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fresh = env.output(&["--db", "fresh.db", "seed", "seed"]);
    prop_assert!(
        fresh.status.success(),
        "seed {seed}: the final files do not load afresh: {}",
        String::from_utf8_lossy(&fresh.stderr)
    );
    let (built, rebuilt) = (record_of(&env.db()), record_of(&env.path("fresh.db")));
    if built != rebuilt {
        let first = built
            .lines()
            .zip(rebuilt.lines())
            .find(|(x, y)| x != y)
            .map(|(x, y)| format!("loaded over {runs} run(s): {x}\nfresh load:           {y}"))
            .unwrap_or_default();
        prop_assert!(false, "seed {seed}: the records differ\n{first}");
    }
    Ok(())
}

/// The same seed file with another `[source] id`.
fn article_with_id(text: &str, id: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("id = \"article-") {
            writeln!(out, "id = \"{id}\"").unwrap();
        } else {
            writeln!(out, "{line}").unwrap();
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn any_history_gives_the_record_of_a_fresh_load(seed in any::<u64>()) {
        run_case(seed)?;
    }
}
