//! synth: a deterministic synthetic corpus of seed files, for benchmarks.
//!
//! `cargo run --release --example synth -- --articles N --seed S --out DIR` writes N seed files
//! (and the article text beside each) in the format README's "The seed format" describes, shaped
//! like a newsroom archive: a shared pool of people, organisations and places drawn with a
//! Zipf-like skew, each defined once, by the first article that mentions it; 5-15 events per
//! article spread over decades, in every date form in realistic proportions (mostly a day or a
//! month; ongoing and open-ended ones a few percent); about 3 figures and 2 quotes per article,
//! each quote printed verbatim in the article's text. With `--rereports F` a fraction F of each
//! article's events re-report an earlier article's event by its id, with a date of another
//! precision (the one-event-many-reports format); `--rereports 0` writes only new events.
//!
//! The same arguments give byte-identical files: the generator has its own small PRNG
//! (SplitMix64) and never reads the clock or the environment.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use chrono::{Datelike, Days, NaiveDate};
use clap::Parser;

/// Write a synthetic corpus of seed files.
#[derive(Debug, Clone, Parser)]
struct Args {
    /// How many articles (seed files) to write.
    #[arg(long)]
    articles: usize,
    /// The random seed: the same seed gives the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The folder to write into; created if missing, and must hold no files.
    #[arg(long)]
    out: PathBuf,
    /// The share of each article's events that re-report an earlier article's event (0 to 1).
    #[arg(long, default_value_t = 0.1)]
    rereports: f64,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let stats = generate(&args)?;
    eprintln!(
        "synth: {} articles, {} events ({} re-reports), {} figures, {} quotes, {} people, \
         {} organisations, {} places in {}",
        stats.articles,
        stats.events,
        stats.rereports,
        stats.figures,
        stats.quotes,
        stats.people,
        stats.organisations,
        stats.places,
        args.out.display()
    );
    Ok(())
}

/// What a run wrote.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Stats {
    articles: usize,
    events: usize,
    rereports: usize,
    figures: usize,
    quotes: usize,
    people: usize,
    organisations: usize,
    places: usize,
}

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Ranks `0..n` drawn with probability proportional to `1 / (rank + 1)`.
struct Zipf {
    cdf: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        let cdf = (0..n)
            .map(|k| {
                total += 1.0 / (k as f64 + 1.0);
                total
            })
            .collect();
        Zipf { cdf }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.unit() * self.cdf[self.cdf.len() - 1];
        self.cdf
            .partition_point(|&c| c <= u)
            .min(self.cdf.len() - 1)
    }
}

const FIRST_NAMES: [&str; 40] = [
    "Ana",
    "Boris",
    "Clara",
    "Dmitri",
    "Elena",
    "Farid",
    "Greta",
    "Hassan",
    "Ines",
    "Jonas",
    "Karin",
    "Luka",
    "Maria",
    "Nikola",
    "Olga",
    "Pedro",
    "Quentin",
    "Rosa",
    "Stefan",
    "Tamara",
    "Umar",
    "Vera",
    "Wei",
    "Ximena",
    "Yusuf",
    "Zora",
    "Aleksandar",
    "Bianca",
    "Cyril",
    "Dalia",
    "Emil",
    "Fatima",
    "Goran",
    "Hana",
    "Ivan",
    "Jelena",
    "Kemal",
    "Lea",
    "Milos",
    "Nadia",
];
const LAST_NAMES: [&str; 48] = [
    "Petrovic", "Hoxha", "Stoltz", "Marin", "Kovac", "Berisha", "Novak", "Haddad", "Silva",
    "Larsen", "Okafor", "Tanaka", "Moreau", "Schmidt", "Rossi", "Ivanova", "Nowak", "Popescu",
    "Horvat", "Dimitrov", "Kaya", "Yilmaz", "Costa", "Jansen", "Nielsen", "Fischer", "Weber",
    "Lambert", "Dubois", "Fontaine", "Russo", "Ricci", "Greco", "Santos", "Pereira", "Ferreira",
    "Alves", "Gomes", "Lopes", "Martins", "Rocha", "Barros", "Teixeira", "Cardoso", "Pinto",
    "Mendes", "Nunes", "Vieira",
];
const ORG_WORDS: [&str; 24] = [
    "Northern",
    "Southern",
    "United",
    "National",
    "Free",
    "Democratic",
    "Federal",
    "Coastal",
    "Central",
    "Eastern",
    "Western",
    "Independent",
    "Royal",
    "Civic",
    "Green",
    "Progressive",
    "Atlantic",
    "Baltic",
    "Alpine",
    "Continental",
    "Popular",
    "Social",
    "Liberal",
    "Workers'",
];
const ORG_NOUNS: [&str; 20] = [
    "Grain",
    "Energy",
    "Rail",
    "Water",
    "Defence",
    "Health",
    "Trade",
    "Press",
    "Mining",
    "Shipping",
    "Farmers",
    "Teachers",
    "Miners",
    "Steel",
    "Textile",
    "Fisheries",
    "Aviation",
    "Transport",
    "Housing",
    "Justice",
];
const ORG_KINDS: [(&str, &str); 10] = [
    ("Council", "council"),
    ("Party", "political party"),
    ("Union", "trade union"),
    ("Ministry", "ministry"),
    ("Agency", "agency"),
    ("Alliance", "alliance"),
    ("Company", "company"),
    ("Court", "court"),
    ("Mission", "military mission"),
    ("Association", "association"),
];
const PLACE_HEADS: [&str; 20] = [
    "Oak", "River", "Stone", "North", "Lake", "Iron", "Silver", "Green", "Red", "White", "Black",
    "High", "Low", "East", "West", "Salt", "Wolf", "Bear", "Eagle", "Mill",
];
const PLACE_TAILS: [&str; 16] = [
    "ford", "ton", "burg", "vik", "grad", "polis", "field", "haven", "mouth", "stad", "dale",
    "bridge", "port", "wick", "mere", "holm",
];
const PUBLISHERS: [&str; 12] = [
    "A News",
    "The Daily Record",
    "Evening Courier",
    "Balkan Wire",
    "Northern Herald",
    "The Observer Post",
    "Continental Times",
    "Radio Free Harbour",
    "Morning Ledger",
    "The Civic Review",
    "Harbour Gazette",
    "World Desk",
];
const KINDS: [(&str, &str); 20] = [
    ("statement", "makes a statement on"),
    ("meeting", "meets officials over"),
    ("protest", "protests against"),
    ("election", "wins a vote on"),
    ("decision", "decides on"),
    ("attack", "is attacked over"),
    ("deployment", "deploys forces over"),
    ("agreement", "signs an agreement on"),
    ("appointment", "appoints a new head for"),
    ("resignation", "resigns over"),
    ("strike", "strikes over"),
    ("investigation", "opens an investigation into"),
    ("ruling", "rules on"),
    ("visit", "visits to discuss"),
    ("announcement", "announces plans for"),
    ("negotiation", "negotiates over"),
    ("sanction", "imposes sanctions over"),
    ("report", "publishes a report on"),
    ("arrest", "arrests suspects over"),
    ("position", "holds its position on"),
];
const TOPICS: [&str; 24] = [
    "the border dispute",
    "grain exports",
    "the energy crisis",
    "the election results",
    "rail privatisation",
    "water rights",
    "the peace talks",
    "the new budget",
    "fishing quotas",
    "the mining concession",
    "minority rights",
    "the housing shortage",
    "troop levels",
    "the trade agreement",
    "press freedom",
    "the pension reform",
    "the port expansion",
    "the customs union",
    "refugee arrivals",
    "the court reform",
    "the steel tariffs",
    "the airport contract",
    "the health system",
    "teachers' pay",
];
const ROLES: [&str; 8] = [
    "host",
    "guest",
    "organiser",
    "target",
    "signatory",
    "speaker",
    "mediator",
    "witness",
];
const TITLES: [&str; 8] = [
    "President",
    "Prime Minister",
    "Minister",
    "Spokesperson",
    "Chair",
    "Secretary General",
    "Director",
    "Commander",
];
const FIGURES: [(&str, &str); 12] = [
    ("people", "killed"),
    ("people", "injured"),
    ("people", "arrested"),
    ("troops", "deployed"),
    ("euros", "pledged"),
    ("dollars", "lost"),
    ("votes", "cast"),
    ("homes", "destroyed"),
    ("protesters", "gathered"),
    ("workers", "on strike"),
    ("percent", "in favour"),
    ("tonnes", "exported"),
];
const WORDS: [&str; 64] = [
    "we",
    "will",
    "not",
    "accept",
    "any",
    "solution",
    "that",
    "ignores",
    "the",
    "people",
    "of",
    "this",
    "region",
    "our",
    "position",
    "has",
    "always",
    "been",
    "clear",
    "and",
    "it",
    "remains",
    "unchanged",
    "there",
    "is",
    "no",
    "alternative",
    "to",
    "dialogue",
    "they",
    "must",
    "return",
    "table",
    "without",
    "conditions",
    "every",
    "citizen",
    "deserves",
    "safety",
    "justice",
    "today",
    "marks",
    "a",
    "new",
    "beginning",
    "for",
    "all",
    "who",
    "have",
    "waited",
    "so",
    "long",
    "this",
    "decision",
    "was",
    "neither",
    "easy",
    "nor",
    "quick",
    "but",
    "necessary",
    "responsibility",
    "lies",
    "with",
];

/// Articles are published between these days, evenly spread in file order.
const FIRST_PUBLISHED: (i32, u32, u32) = (1990, 1, 1);
const LAST_PUBLISHED: (i32, u32, u32) = (2025, 12, 31);

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn ym(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

fn year(d: NaiveDate) -> String {
    format!("{:04}", d.year())
}

/// A person, organisation or place of the shared pool.
struct Entity {
    id: String,
    name: String,
    alias: Option<String>,
    /// Organisations: kind; others: unused.
    kind: Option<&'static str>,
    /// Organisations: a lower-ranked organisation it belongs to, when defined earlier.
    parent: Option<usize>,
    defined: bool,
}

struct Pool {
    people: Vec<Entity>,
    orgs: Vec<Entity>,
    places: Vec<Entity>,
    people_zipf: Zipf,
    orgs_zipf: Zipf,
    places_zipf: Zipf,
}

impl Pool {
    /// A pool sized to the corpus: people about 0.4 per article, organisations 0.1, places 0.05.
    fn new(articles: usize, rng: &mut Rng) -> Pool {
        let n_people = (articles * 2 / 5).max(60);
        let n_orgs = (articles / 10).max(25);
        let n_places = (articles / 20).max(15);
        let people = (0..n_people)
            .map(|k| {
                let first = rng.pick(&FIRST_NAMES);
                let last = rng.pick(&LAST_NAMES);
                let name = format!("{first} {last}");
                Entity {
                    id: format!("{}-{k}", slug(&name)),
                    alias: rng.chance(0.5).then(|| last.to_string()),
                    name,
                    kind: None,
                    parent: None,
                    defined: false,
                }
            })
            .collect();
        let orgs = (0..n_orgs)
            .map(|k| {
                let (noun, kind) = *rng.pick(&ORG_KINDS);
                let name = format!("{} {} {noun}", rng.pick(&ORG_WORDS), rng.pick(&ORG_NOUNS));
                let acronym: String = name.split(' ').filter_map(|w| w.chars().next()).collect();
                Entity {
                    id: format!("{}-{k}", slug(&name)),
                    alias: rng.chance(0.5).then_some(acronym),
                    name,
                    kind: Some(kind),
                    parent: (k > 10 && rng.chance(0.1)).then(|| rng.below(10)),
                    defined: false,
                }
            })
            .collect();
        let places = (0..n_places)
            .map(|k| {
                let name = format!("{}{}", rng.pick(&PLACE_HEADS), rng.pick(&PLACE_TAILS));
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
        }
    }
}

/// A participant, a claimant or a speaker: a person or an organisation of the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actor {
    Person(usize),
    Org(usize),
}

/// An event's date as the seed file writes it, with the article's words for it.
struct DateChoice {
    edtf: String,
    text: Option<String>,
    expected: bool,
    /// The day the date is built around, for re-reports of another precision.
    anchor: NaiveDate,
}

/// A date for an event reported on `published`: mostly a day or a month, near publication, some
/// decades back; intervals, ongoing and open-ended ones a few percent.
fn event_date(rng: &mut Rng, published: NaiveDate) -> DateChoice {
    let back = match rng.unit() {
        u if u < 0.55 => rng.range(0, 60),
        u if u < 0.85 => rng.range(60, 3650),
        _ => rng.range(3650, 18250),
    };
    let anchor = published - Days::new(back as u64);
    let span_start = anchor - Days::new(rng.range(20, 900) as u64);
    let words = |rng: &mut Rng, d: NaiveDate| -> Option<String> {
        match rng.below(10) {
            0 => Some(format!("on {}", d.format("%A"))),
            1 => Some(format!("in {}", d.format("%B"))),
            2 if d.year() == published.year() => Some("earlier this year".to_string()),
            _ => None,
        }
    };
    let (edtf, text, expected) = match rng.unit() {
        u if u < 0.45 => (ymd(anchor), words(rng, anchor), false),
        u if u < 0.70 => (ym(anchor), words(rng, anchor), false),
        u if u < 0.80 => (year(anchor), None, false),
        u if u < 0.85 => {
            let base = if rng.chance(0.5) {
                ym(anchor)
            } else {
                year(anchor)
            };
            (format!("{base}~"), Some("around that time".into()), false)
        }
        u if u < 0.88 => {
            let base = if rng.chance(0.5) {
                ymd(anchor)
            } else {
                ym(anchor)
            };
            let mark = if rng.chance(0.8) { "?" } else { "%" };
            (format!("{base}{mark}"), None, false)
        }
        u if u < 0.94 => {
            let edtf = if rng.chance(0.5) {
                format!("{}/{}", ymd(span_start), ymd(anchor))
            } else {
                format!("{}/{}", ym(span_start), ym(anchor))
            };
            (edtf, Some("over several months".into()), false)
        }
        u if u < 0.975 => {
            let edtf = if rng.chance(0.5) {
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
            let ahead = published + Days::new(rng.range(1, 90) as u64);
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
struct Reported {
    id: String,
    anchor: NaiveDate,
}

/// A sentence of `n` words from the word list, capitalised, with a full stop.
fn sentence(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let w = *rng.pick(&WORDS);
        if i == 0 {
            let mut c = w.chars();
            let first = c.next().unwrap_or('x').to_ascii_uppercase();
            s.push(first);
            s.push_str(c.as_str());
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn generate(args: &Args) -> Result<Stats> {
    if !(0.0..=1.0).contains(&args.rereports) {
        bail!(
            "--rereports must be between 0 and 1, not {}",
            args.rereports
        );
    }
    if args.out.exists() {
        let mut entries = fs::read_dir(&args.out)
            .with_context(|| format!("cannot read {}", args.out.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty: synth writes a whole corpus into an empty folder",
                args.out.display()
            );
        }
    }
    fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    let mut rng = Rng(args.seed ^ 0x5eed_a11a_15c0_ffee);
    let mut pool = Pool::new(args.articles, &mut rng);
    let (y, m, d) = FIRST_PUBLISHED;
    let first = NaiveDate::from_ymd_opt(y, m, d).expect("a calendar day");
    let (y, m, d) = LAST_PUBLISHED;
    let last = NaiveDate::from_ymd_opt(y, m, d).expect("a calendar day");
    let span = (last - first).num_days() as usize;
    let mut earlier: Vec<Reported> = Vec::new();
    let mut stats = Stats::default();
    for i in 0..args.articles {
        let offset = if args.articles > 1 {
            span * i / (args.articles - 1)
        } else {
            0
        };
        let published = first + Days::new(offset as u64);
        write_article(
            &args.out,
            i,
            published,
            args.rereports,
            &mut rng,
            &mut pool,
            &mut earlier,
            &mut stats,
        )?;
    }
    Ok(stats)
}

/// One article: its seed file and its text.
#[allow(clippy::too_many_arguments)]
fn write_article(
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
    let publisher = *rng.pick(&PUBLISHERS);
    let topic = *rng.pick(&TOPICS);
    let title = format!("Officials and protesters at odds over {topic}");
    writeln!(toml, "[source]")?;
    writeln!(toml, "title = {}", q(&title))?;
    writeln!(toml, "publisher = {}", q(publisher))?;
    writeln!(toml, "published = {}", q(&ymd(published)))?;
    if rng.chance(0.7) {
        writeln!(
            toml,
            "url = {}",
            q(&format!("https://news.example/{}/{stem}", slug(publisher)))
        )?;
    }
    writeln!(toml, "text = {}", q(&format!("{stem}.txt")))?;
    writeln!(body, "{title}\n\n{publisher}, {}\n", ymd(published))?;

    // The events, with the actors and places they use.
    let n_events = rng.range(5, 15);
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
        let pick = if rereports > 0.0 && before > 0 && rng.chance(rereports) {
            let recent = before.min(20_000);
            Some(before - 1 - rng.below(recent)).filter(|i| !rereported.contains(i))
        } else {
            None
        };
        if let Some(i) = pick {
            // Re-report a recent earlier event with a date of another precision.
            rereported.push(i);
            let r = &earlier[i];
            let date = if rng.chance(0.5) {
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
            if rng.chance(0.3) {
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
        let n_part = rng.range(1, 3);
        let mut actors: Vec<Actor> = Vec::new();
        for _ in 0..n_part {
            let a = if rng.chance(0.6) {
                Actor::Person(pool.people_zipf.sample(rng))
            } else {
                Actor::Org(pool.orgs_zipf.sample(rng))
            };
            if !actors.contains(&a) {
                actors.push(a);
            }
        }
        let lead = name(pool, actors[0]).to_string();
        let event_topic = *rng.pick(&TOPICS);
        let event_title = format!("{lead} {verb} {event_topic}");
        writeln!(events, "\n[[events]]")?;
        writeln!(events, "id = {}", q(&id))?;
        writeln!(events, "date = {}", q(&date.edtf))?;
        if let Some(t) = &date.text {
            writeln!(events, "date_text = {}", q(t))?;
        }
        writeln!(events, "kind = {}", q(kind))?;
        writeln!(events, "title = {}", q(&event_title))?;
        if rng.chance(0.5) {
            writeln!(
                events,
                "summary = {}",
                q(&format!("{event_title}, according to {publisher}."))
            )?;
        }
        if rng.chance(0.7) {
            let p = pool.places_zipf.sample(rng);
            writeln!(events, "place = {}", q(&pool.places[p].id))?;
            used_places.push(p);
        }
        let parts: Vec<String> = actors
            .iter()
            .map(|&a| {
                let id = q(actor_id(pool, a));
                if rng.chance(0.4) {
                    let role = ROLES[rng.below(ROLES.len())];
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
    let n_figures = *rng.pick(&[1usize, 2, 3, 3, 4, 5]);
    for _ in 0..n_figures {
        let (event, actors) = &new_events[rng.below(new_events.len())];
        let (unit, measure) = *rng.pick(&FIGURES);
        let magnitude = 10f64.powf(rng.unit() * 5.0);
        let value = (magnitude as i64).max(1);
        writeln!(figures, "\n[[figures]]")?;
        writeln!(figures, "event = {}", q(event))?;
        let words = if rng.chance(0.8) {
            writeln!(figures, "value = {value}")?;
            format!("{value} {unit} {measure}")
        } else {
            let high = value + value / 2 + 1;
            writeln!(figures, "low = {value}\nhigh = {high}")?;
            format!("between {value} and {high} {unit} {measure}")
        };
        let qualifier = match rng.below(20) {
            0..=9 => "exact",
            10..=14 => "approximately",
            15..=17 => "at_least",
            _ => "at_most",
        };
        if qualifier != "exact" {
            writeln!(figures, "qualifier = {}", q(qualifier))?;
        }
        writeln!(figures, "unit = {}\nmeasure = {}", q(unit), q(measure))?;
        if rng.chance(0.3) {
            let o = pool.orgs_zipf.sample(rng);
            used_orgs.push(o);
            writeln!(figures, "about = {}", q(&pool.orgs[o].id))?;
        }
        if rng.chance(0.5) {
            let claimant = actors[rng.below(actors.len())];
            writeln!(figures, "claimed_by = {}", q(actor_id(pool, claimant)))?;
        }
        if rng.chance(0.5) {
            writeln!(figures, "text = {}", q(&words))?;
        }
        writeln!(body, "Officials counted {words}.")?;
        stats.figures += 1;
    }

    // Quotes: about 2 per article, by people (or organisations) the article mentions.
    let mut quotes = String::new();
    let n_quotes = *rng.pick(&[1usize, 2, 2, 3]);
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
        let speaker = speakers[rng.below(speakers.len())];
        let words = rng.range(8, 20);
        let text = sentence(rng, words);
        writeln!(quotes, "\n[[quotes]]")?;
        writeln!(quotes, "speaker = {}", q(actor_id(pool, speaker)))?;
        if rng.chance(0.8) {
            let (event, _) = &new_events[rng.below(new_events.len())];
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
        if rng.chance(0.3) {
            let title = *rng.pick(&TITLES);
            // A role's organisation must already be defined: one of this article's.
            if let Some(&o) = used_orgs.get(rng.below(used_orgs.len().max(1))) {
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

/// A rank in `0..n`, skewed towards the first (the common kinds).
fn pool_pick(rng: &mut Rng, n: usize) -> usize {
    let a = rng.below(n);
    let b = rng.below(n);
    a.min(b)
}

fn actor_id(pool: &Pool, a: Actor) -> &str {
    match a {
        Actor::Person(p) => &pool.people[p].id,
        Actor::Org(o) => &pool.orgs[o].id,
    }
}

fn actor_org(a: Actor) -> usize {
    match a {
        Actor::Org(o) => o,
        Actor::Person(_) => unreachable!("an organisation"),
    }
}

fn name(pool: &Pool, a: Actor) -> &str {
    match a {
        Actor::Person(p) => &pool.people[p].name,
        Actor::Org(o) => &pool.orgs[o].name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(articles: usize, seed: u64, rereports: f64) -> (tempfile::TempDir, Stats) {
        let dir = tempfile::tempdir().unwrap();
        let args = Args {
            articles,
            seed,
            out: dir.path().join("corpus"),
            rereports,
        };
        let stats = generate(&args).unwrap();
        (dir, stats)
    }

    fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(dir.join("corpus"))
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    fs::read(&p).unwrap(),
                )
            })
            .collect();
        out.sort();
        out
    }

    #[test]
    fn the_same_seed_gives_the_same_bytes() {
        let (a, _) = run(60, 7, 0.1);
        let (b, _) = run(60, 7, 0.1);
        let (c, _) = run(60, 8, 0.1);
        let (fa, fb, fc) = (files(a.path()), files(b.path()), files(c.path()));
        assert_eq!(fa.len(), 120);
        assert!(fa == fb, "same seed, different files");
        assert!(fa != fc, "another seed gave the same files");
    }

    #[test]
    fn the_corpus_loads_with_every_check_and_has_the_documented_shape() {
        let (dir, stats) = run(300, 3, 0.0);
        let mut conn = annals::db::open_in_memory().unwrap();
        let summary = annals::seed::seed(
            &mut conn,
            &[dir.path().join("corpus")],
            false,
            &mut annals::seed::NoProgress,
        )
        .unwrap();
        assert_eq!(summary.files.len(), 300);
        let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM events") as usize, stats.events);
        assert!((300 * 5..=300 * 15).contains(&stats.events), "{stats:?}");
        assert_eq!(count("SELECT count(*) FROM quotes") as usize, stats.quotes);
        assert_eq!(
            count("SELECT count(*) FROM figures") as usize,
            stats.figures
        );
        assert!((500..=700).contains(&stats.quotes), "{stats:?}");
        assert!((800..=1000).contains(&stats.figures), "{stats:?}");
        assert_eq!(stats.rereports, 0);
        // Every date form is there, most of them a day or a month.
        let share = |sql: &str| count(sql) as f64 / stats.events as f64;
        let day = share("SELECT count(*) FROM events WHERE date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'");
        let month =
            share("SELECT count(*) FROM events WHERE date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'");
        assert!(day + month > 0.6, "day {day}, month {month}");
        for (form, sql) in [
            ("year", "date GLOB '[0-9][0-9][0-9][0-9]'"),
            ("approximate", "approximate = 1"),
            ("uncertain", "uncertain = 1"),
            ("interval", "date GLOB '*-*/[0-9]*'"),
            ("ongoing", "ongoing = 1"),
            ("open start", "date GLOB '../*'"),
            ("unknown end", "date GLOB '*/'"),
            ("unknown start", "date GLOB '/*'"),
            ("expected", "expected = 1"),
        ] {
            let n = count(&format!("SELECT count(*) FROM events WHERE {sql}"));
            assert!(n > 0, "no {form} dates");
        }
        let ongoing = share("SELECT count(*) FROM events WHERE ongoing = 1");
        assert!((0.01..0.08).contains(&ongoing), "ongoing {ongoing}");
        // Dates spread over decades.
        let years = count("SELECT count(DISTINCT substr(earliest, 1, 3)) FROM events");
        assert!(years >= 4, "{years} decades");
        // The pool is skewed: the most frequent participant takes part in many events.
        let top = count(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM event_participants
             GROUP BY coalesce(person_id, organisation_id))",
        );
        assert!(top > 50, "top participant in {top} events");
    }

    #[test]
    fn rereports_name_earlier_events_with_another_precision() {
        let (dir, stats) = run(100, 5, 0.2);
        assert!(stats.rereports > 50, "{stats:?}");
        let all: String = files(dir.path())
            .into_iter()
            .filter(|(n, _)| n.ends_with(".toml"))
            .map(|(_, b)| String::from_utf8(b).unwrap())
            .collect();
        let rereport = all
            .split("[[events]]")
            .skip(1)
            .find(|e| !e.contains("kind ="))
            .unwrap();
        let id = rereport.split('"').nth(1).unwrap();
        assert!(all.contains(&format!("id = \"{id}\"\ndate = ")));
        assert!(all.matches(&format!("\"{id}\"")).count() >= 2, "{id}");
    }

    #[test]
    fn a_corpus_with_rereports_loads_with_every_check() {
        let (dir, stats) = run(400, 9, 0.3);
        assert!(stats.rereports > 300, "{stats:?}");
        let mut conn = annals::db::open_in_memory().unwrap();
        let summary = annals::seed::seed(
            &mut conn,
            &[dir.path().join("corpus")],
            false,
            &mut annals::seed::NoProgress,
        )
        .unwrap();
        assert_eq!(summary.files.len(), 400);
        let reports: i64 = conn
            .query_row("SELECT count(*) FROM event_sources", [], |r| r.get(0))
            .unwrap();
        let events: i64 = conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(reports - events, stats.rereports as i64);
    }

    /// Every table's rows as text, sorted, leaving out integer row ids (which follow the order
    /// rows were written in), the full-text indexes' own tables and the migrations' history.
    fn content(conn: &rusqlite::Connection) -> Vec<String> {
        let mut out = Vec::new();
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 AND name NOT LIKE '%_fts%' AND name <> 'refinery_schema_history' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for table in &tables {
            let mut stmt = conn.prepare(&format!("SELECT * FROM {table}")).unwrap();
            let names: Vec<String> = stmt.column_names().map(str::to_string).collect();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    let mut row = table.to_string();
                    for (i, name) in names.iter().enumerate() {
                        let v = r.get_ref(i)?;
                        if name == "id" && v.data_type() == rusqlite::types::Type::Integer {
                            continue;
                        }
                        row.push_str(&format!(" {name}={v:?}"));
                    }
                    Ok(row)
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows.sort();
            out.extend(rows);
        }
        out
    }

    /// Articles added one at a time to a database (each run checks its file against the events
    /// stored, looking up only the ids the file names) give the same record as loading them all
    /// at once (which reads every stored event).
    #[test]
    fn articles_added_one_at_a_time_give_the_record_of_one_load() {
        let (dir, stats) = run(90, 13, 0.4);
        let corpus = dir.path().join("corpus");
        let mut paths: Vec<PathBuf> = fs::read_dir(&corpus)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        let seed = |conn: &mut rusqlite::Connection, paths: &[PathBuf]| {
            annals::seed::seed(conn, paths, false, &mut annals::seed::NoProgress).unwrap()
        };
        let mut all = annals::db::open_in_memory().unwrap();
        seed(&mut all, std::slice::from_ref(&corpus));
        let mut one_by_one = annals::db::open_in_memory().unwrap();
        seed(&mut one_by_one, &paths[..60]);
        let mut rereported = 0;
        for p in &paths[60..] {
            let summary = seed(&mut one_by_one, std::slice::from_ref(p));
            assert_eq!(summary.files.len(), 1);
            let text = fs::read_to_string(p).unwrap();
            rereported += text
                .split("[[events]]")
                .skip(1)
                .filter(|e| !e.contains("kind ="))
                .count();
        }
        assert!(stats.rereports > 100, "{stats:?}");
        assert!(
            rereported > 10,
            "the added articles re-report {rereported} events"
        );
        assert_eq!(content(&one_by_one), content(&all));
        // The same folder named again with 30 more files: the 60 stored ones are kept unchanged,
        // the new ones checked against them.
        let mut grown = annals::db::open_in_memory().unwrap();
        seed(&mut grown, &paths[..60]);
        let summary = seed(&mut grown, &paths);
        assert_eq!(summary.count(annals::seed::Status::Unchanged), 60);
        assert_eq!(summary.count(annals::seed::Status::Added), 30);
        assert_eq!(content(&grown), content(&all));
    }

    #[test]
    fn a_folder_with_files_is_refused() {
        let (dir, _) = run(2, 1, 0.0);
        let args = Args {
            articles: 2,
            seed: 1,
            out: dir.path().join("corpus"),
            rereports: 0.0,
        };
        let err = generate(&args).unwrap_err().to_string();
        assert!(err.contains("is not empty"), "{err}");
    }
}
