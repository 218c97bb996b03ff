//! One article: its seed file and the text beside it.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use chrono::NaiveDate;

use crate::dates::{event_date, Reported};
use crate::pool::*;
use crate::rng::{pick, Rng, RngExt};
use crate::words::*;
use crate::Stats;

/// One article: its seed file and its text.
#[allow(clippy::too_many_arguments)]
pub fn write_article(
    out: &Path,
    index: usize,
    published: NaiveDate,
    rereports: f64,
    rng: &mut Rng,
    pool: &mut Pool,
    earlier: &mut Vec<Reported>,
    stats: &mut Stats,
) -> Result<()> {
    let stem = format!("{}-a{index:07}", ymd(published));
    let mut toml = String::with_capacity(8 * 1024);
    let mut body = String::with_capacity(4 * 1024);
    let publisher = *pick(rng, &PUBLISHERS);
    let topic = *pick(rng, &TOPICS);
    let title = format!("Officials and protesters at odds over {topic}");
    writeln!(toml, "[source]")?;
    writeln!(toml, "title = {}", q(&title))?;
    writeln!(toml, "publisher = {}", q(publisher))?;
    writeln!(toml, "published = {}", q(&ymd(published)))?;
    if rng.random_bool(0.7) {
        writeln!(
            toml,
            "url = {}",
            q(&format!("https://news.example/{}/{stem}", slug(publisher)))
        )?;
    }
    writeln!(toml, "text = {}", q(&format!("{stem}.txt")))?;
    writeln!(body, "{title}\n\n{publisher}, {}\n", ymd(published))?;

    // The events, with the actors and places they use.
    let n_events = rng.random_range(5..=15);
    let mut events = String::new();
    let mut new_events: Vec<(String, Vec<Actor>)> = Vec::new();
    let mut used_people: Vec<usize> = Vec::new();
    let mut used_orgs: Vec<usize> = Vec::new();
    let mut used_places: Vec<usize> = Vec::new();
    let mut mentioned: Vec<Actor> = Vec::new();
    // An article re-reports only earlier articles' events, each at most once.
    let before = earlier.len();
    let mut rereported: Vec<usize> = Vec::new();
    for k in 0..n_events {
        let earlier_event = if rereports > 0.0 && before > 0 && rng.random_bool(rereports) {
            let recent = before.min(20_000);
            Some(before - 1 - rng.random_range(0..recent)).filter(|i| !rereported.contains(i))
        } else {
            None
        };
        if let Some(i) = earlier_event {
            // Re-report a recent earlier event with a date of another precision.
            rereported.push(i);
            let r = &earlier[i];
            let date = if rng.random_bool(0.5) {
                ym(r.anchor)
            } else {
                year(r.anchor)
            };
            writeln!(
                events,
                "\n[[events]]\nid = {}\ndate = {}",
                q(&r.id),
                q(&date)
            )?;
            if rng.random_bool(0.3) {
                writeln!(
                    events,
                    "date_text = {}",
                    q(&format!("in {}", r.anchor.format("%B")))
                )?;
            }
            writeln!(body, "As reported before, {} happened in {date}.", r.id)?;
            stats.rereports += 1;
            continue;
        }
        let id = format!("{stem}-e{k}");
        let date = event_date(rng, published);
        let (kind, verb) = KINDS[pool_pick(rng, KINDS.len())];
        let n_part = rng.random_range(1..=3);
        let mut actors: Vec<Actor> = Vec::new();
        for _ in 0..n_part {
            let a = if rng.random_bool(0.6) {
                Actor::Person(pool.people_zipf.sample(rng))
            } else {
                Actor::Org(pool.orgs_zipf.sample(rng))
            };
            if !actors.contains(&a) {
                actors.push(a);
            }
        }
        let lead = name(pool, actors[0]).to_string();
        let event_topic = *pick(rng, &TOPICS);
        let event_title = format!("{lead} {verb} {event_topic}");
        writeln!(events, "\n[[events]]")?;
        writeln!(events, "id = {}", q(&id))?;
        writeln!(events, "date = {}", q(&date.edtf))?;
        if let Some(t) = &date.text {
            writeln!(events, "date_text = {}", q(t))?;
        }
        writeln!(events, "kind = {}", q(kind))?;
        writeln!(events, "title = {}", q(&event_title))?;
        if rng.random_bool(0.5) {
            writeln!(
                events,
                "summary = {}",
                q(&format!("{event_title}, according to {publisher}."))
            )?;
        }
        if rng.random_bool(0.7) {
            let p = pool.places_zipf.sample(rng);
            writeln!(events, "place = {}", q(&pool.places[p].id))?;
            used_places.push(p);
        }
        let parts: Vec<String> = actors
            .iter()
            .map(|&a| {
                let id = q(actor_id(pool, a));
                if rng.random_bool(0.4) {
                    let role = ROLES[rng.random_range(0..ROLES.len())];
                    format!("{{ id = {id}, role = {} }}", q(role))
                } else {
                    format!("{{ id = {id} }}")
                }
            })
            .collect();
        writeln!(events, "participants = [{}]", parts.join(", "))?;
        if date.expected {
            writeln!(events, "expected = true")?;
        }
        let when = date.text.clone().unwrap_or_else(|| date.edtf.clone());
        writeln!(body, "{event_title} ({when}).")?;
        for &a in &actors {
            match a {
                Actor::Person(p) => used_people.push(p),
                Actor::Org(o) => used_orgs.push(o),
            }
            if !mentioned.contains(&a) {
                mentioned.push(a);
            }
        }
        if !date.expected {
            earlier.push(Reported {
                id: id.clone(),
                anchor: date.anchor,
            });
        }
        new_events.push((id, actors));
        stats.events += 1;
    }
    // An article made only of re-reports still states one new event.
    if new_events.is_empty() {
        let id = format!("{stem}-e{n_events}");
        let actor = Actor::Org(pool.orgs_zipf.sample(rng));
        used_orgs.push(actor_org(actor));
        mentioned.push(actor);
        let lead = name(pool, actor).to_string();
        writeln!(
            events,
            "\n[[events]]\nid = {}\ndate = {}\nkind = \"statement\"\ntitle = {}\nparticipants = [{{ id = {} }}]",
            q(&id),
            q(&ymd(published)),
            q(&format!("{lead} makes a statement")),
            q(actor_id(pool, actor))
        )?;
        writeln!(body, "{lead} made a statement.")?;
        earlier.push(Reported {
            id: id.clone(),
            anchor: published,
        });
        new_events.push((id, vec![actor]));
        stats.events += 1;
    }

    // Figures: about 3 per article, on this article's events.
    let mut figures = String::new();
    let n_figures = *pick(rng, &[1usize, 2, 3, 3, 4, 5]);
    for _ in 0..n_figures {
        let (event, actors) = &new_events[rng.random_range(0..new_events.len())];
        let (unit, measure) = *pick(rng, &FIGURES);
        let magnitude = 10f64.powf(rng.random::<f64>() * 5.0);
        let value = (magnitude as i64).max(1);
        writeln!(figures, "\n[[figures]]")?;
        writeln!(figures, "event = {}", q(event))?;
        let words = if rng.random_bool(0.8) {
            writeln!(figures, "value = {value}")?;
            format!("{value} {unit} {measure}")
        } else {
            let high = value + value / 2 + 1;
            writeln!(figures, "low = {value}\nhigh = {high}")?;
            format!("between {value} and {high} {unit} {measure}")
        };
        let qualifier = match rng.random_range(0..20) {
            0..=9 => "exact",
            10..=14 => "approximately",
            15..=17 => "at_least",
            _ => "at_most",
        };
        if qualifier != "exact" {
            writeln!(figures, "qualifier = {}", q(qualifier))?;
        }
        writeln!(figures, "unit = {}\nmeasure = {}", q(unit), q(measure))?;
        if rng.random_bool(0.3) {
            let o = pool.orgs_zipf.sample(rng);
            used_orgs.push(o);
            writeln!(figures, "about = {}", q(&pool.orgs[o].id))?;
        }
        if rng.random_bool(0.5) {
            let claimant = actors[rng.random_range(0..actors.len())];
            writeln!(figures, "claimed_by = {}", q(actor_id(pool, claimant)))?;
        }
        if rng.random_bool(0.5) {
            writeln!(figures, "text = {}", q(&words))?;
        }
        writeln!(body, "Officials counted {words}.")?;
        stats.figures += 1;
    }

    // Quotes: about 2 per article, by people (or organisations) the article mentions.
    let mut quotes = String::new();
    let n_quotes = *pick(rng, &[1usize, 2, 2, 3]);
    let speakers: Vec<Actor> = {
        let people: Vec<Actor> = mentioned
            .iter()
            .copied()
            .filter(|a| matches!(a, Actor::Person(_)))
            .collect();
        if people.is_empty() {
            mentioned.clone()
        } else {
            people
        }
    };
    for _ in 0..n_quotes {
        let speaker = speakers[rng.random_range(0..speakers.len())];
        let words = rng.random_range(8..=20);
        let text = sentence(rng, words);
        writeln!(quotes, "\n[[quotes]]")?;
        writeln!(quotes, "speaker = {}", q(actor_id(pool, speaker)))?;
        if rng.random_bool(0.8) {
            let (event, _) = &new_events[rng.random_range(0..new_events.len())];
            writeln!(quotes, "event = {}", q(event))?;
        }
        writeln!(quotes, "text = {}", q(&text))?;
        writeln!(body, "\n\"{text}\" said {}.", name(pool, speaker))?;
        stats.quotes += 1;
    }

    // Definitions: each pool entity the first time an article uses it.
    let mut defs = String::new();
    used_orgs.sort_unstable();
    used_orgs.dedup();
    // A used organisation's parent is defined first (in this file if need be).
    let parents: Vec<usize> = used_orgs
        .iter()
        .filter_map(|&o| pool.orgs[o].parent)
        .collect();
    used_orgs.extend(parents);
    used_orgs.sort_unstable();
    used_orgs.dedup();
    for &o in &used_orgs {
        let org = &pool.orgs[o];
        if org.defined {
            continue;
        }
        writeln!(defs, "\n[[organisations]]")?;
        writeln!(defs, "id = {}\nname = {}", q(&org.id), q(&org.name))?;
        if let Some(a) = &org.alias {
            writeln!(defs, "aliases = [{}]", q(a))?;
        }
        if let Some(k) = org.kind {
            writeln!(defs, "kind = {}", q(k))?;
        }
        if let Some(p) = org.parent {
            writeln!(defs, "parent = {}", q(&pool.orgs[p].id))?;
        }
        pool.orgs[o].defined = true;
        stats.organisations += 1;
    }
    used_people.sort_unstable();
    used_people.dedup();
    for &p in &used_people {
        if pool.people[p].defined {
            continue;
        }
        let person = &pool.people[p];
        writeln!(defs, "\n[[people]]")?;
        writeln!(defs, "id = {}\nname = {}", q(&person.id), q(&person.name))?;
        if let Some(a) = &person.alias {
            writeln!(defs, "aliases = [{}]", q(a))?;
        }
        if rng.random_bool(0.3) {
            let title = *pick(rng, &TITLES);
            // A role's organisation must already be defined: one of this article's.
            if let Some(&o) = used_orgs.get(rng.random_range(0..used_orgs.len().max(1))) {
                writeln!(
                    defs,
                    "roles = [{{ title = {}, organisation = {} }}]",
                    q(title),
                    q(&pool.orgs[o].id)
                )?;
            } else {
                writeln!(defs, "roles = [{{ title = {} }}]", q(title))?;
            }
        }
        pool.people[p].defined = true;
        stats.people += 1;
    }
    used_places.sort_unstable();
    used_places.dedup();
    for &p in &used_places {
        if pool.places[p].defined {
            continue;
        }
        let place = &pool.places[p];
        writeln!(defs, "\n[[places]]")?;
        writeln!(defs, "id = {}\nname = {}", q(&place.id), q(&place.name))?;
        if let Some(keys) = pool.on_map.then(|| crate::pool::coordinates(p)).flatten() {
            writeln!(defs, "{keys}")?;
        }
        pool.places[p].defined = true;
        stats.places += 1;
    }

    toml.push_str(&defs);
    toml.push_str(&events);
    toml.push_str(&figures);
    toml.push_str(&quotes);
    let seed_path = out.join(format!("{stem}.toml"));
    fs::write(&seed_path, toml).with_context(|| format!("cannot write {}", seed_path.display()))?;
    let text_path = out.join(format!("{stem}.txt"));
    fs::write(&text_path, body).with_context(|| format!("cannot write {}", text_path.display()))?;
    stats.articles += 1;
    Ok(())
}
