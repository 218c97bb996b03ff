//! The shared pool of people, organisations and places that articles draw from.

use crate::rng::{pick, Rng, RngExt, Zipf};
use crate::words::*;

/// A person, organisation or place of the shared pool.
pub struct Entity {
    pub id: String,
    pub name: String,
    pub alias: Option<String>,
    /// Organisations: kind; others: unused.
    pub kind: Option<&'static str>,
    /// Organisations: a lower-ranked organisation it belongs to, when defined earlier.
    pub parent: Option<usize>,
    pub defined: bool,
}

pub struct Pool {
    pub people: Vec<Entity>,
    pub orgs: Vec<Entity>,
    pub places: Vec<Entity>,
    pub people_zipf: Zipf,
    pub orgs_zipf: Zipf,
    pub places_zipf: Zipf,
    /// Whether places are written with coordinates ([`coordinates`]).
    pub on_map: bool,
}

impl Pool {
    /// A pool sized to the corpus: people about 0.4 per article, organisations 0.1, places 0.05.
    pub fn new(articles: usize, rng: &mut Rng) -> Pool {
        let n_people = (articles * 2 / 5).max(60);
        let n_orgs = (articles / 10).max(25);
        let n_places = (articles / 20).max(15);
        let people = (0..n_people)
            .map(|k| {
                let first = pick(rng, &FIRST_NAMES);
                let last = pick(rng, &LAST_NAMES);
                let name = format!("{first} {last}");
                Entity {
                    id: format!("{}-{k}", slug(&name)),
                    alias: rng.random_bool(0.5).then(|| last.to_string()),
                    name,
                    kind: None,
                    parent: None,
                    defined: false,
                }
            })
            .collect();
        let orgs = (0..n_orgs)
            .map(|k| {
                let (noun, kind) = *pick(rng, &ORG_KINDS);
                let name = format!("{} {} {noun}", pick(rng, &ORG_WORDS), pick(rng, &ORG_NOUNS));
                let acronym: String = name.split(' ').filter_map(|w| w.chars().next()).collect();
                Entity {
                    id: format!("{}-{k}", slug(&name)),
                    alias: rng.random_bool(0.5).then_some(acronym),
                    name,
                    kind: Some(kind),
                    parent: (k > 10 && rng.random_bool(0.1)).then(|| rng.random_range(0..10)),
                    defined: false,
                }
            })
            .collect();
        let places = (0..n_places)
            .map(|k| {
                let name = format!("{}{}", pick(rng, &PLACE_HEADS), pick(rng, &PLACE_TAILS));
                Entity {
                    id: format!("{}-{k}", slug(&name)),
                    alias: None,
                    name,
                    kind: None,
                    parent: None,
                    defined: false,
                }
            })
            .collect();
        Pool {
            people_zipf: Zipf::new(n_people),
            orgs_zipf: Zipf::new(n_orgs),
            places_zipf: Zipf::new(n_places),
            people,
            orgs,
            places,
            on_map: false,
        }
    }
}

/// A participant, a claimant or a speaker: a person or an organisation of the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Person(usize),
    Org(usize),
}

/// A rank in `0..n`, skewed towards the first (the common kinds).
pub fn pool_pick(rng: &mut Rng, n: usize) -> usize {
    let a = rng.random_range(0..n);
    let b = rng.random_range(0..n);
    a.min(b)
}

pub fn actor_id(pool: &Pool, a: Actor) -> &str {
    match a {
        Actor::Person(p) => &pool.people[p].id,
        Actor::Org(o) => &pool.orgs[o].id,
    }
}

pub fn actor_org(a: Actor) -> usize {
    match a {
        Actor::Org(o) => o,
        Actor::Person(_) => unreachable!("an organisation"),
    }
}

pub fn name(pool: &Pool, a: Actor) -> &str {
    match a {
        Actor::Person(p) => &pool.people[p].name,
        Actor::Org(o) => &pool.orgs[o].name,
    }
}

/// The coordinates of the place of rank `k`, as seed keys: a point (latitude, longitude) for
/// most, a box of about a degree for one in ten, none for one in twenty; spread over 35–60° N and
/// 10° W–30° E by a hash of `k` (SplitMix64), so they draw nothing from the generator.
pub fn coordinates(k: usize) -> Option<String> {
    let mut z = (k as u64).wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut next = || {
        z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut x = z;
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^ (x >> 31)
    };
    let lat = 35.0 + (next() % 25_000) as f64 / 1000.0;
    let lon = -10.0 + (next() % 40_000) as f64 / 1000.0;
    match next() % 20 {
        0 => None,
        1 | 2 => Some(format!(
            "bbox = [{:.3}, {:.3}, {:.3}, {:.3}]",
            lon - 0.5,
            lat - 0.4,
            lon + 0.5,
            lat + 0.4
        )),
        _ => Some(format!("latitude = {lat:.3}\nlongitude = {lon:.3}")),
    }
}
