//! What articles are made of: names, kinds, publishers, topics, words, and the helpers that
//! write them as TOML and dates.

use chrono::{Datelike, NaiveDate};

use crate::rng::{pick, Rng};

pub const FIRST_NAMES: [&str; 40] = [
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
pub const LAST_NAMES: [&str; 48] = [
    "Petrovic", "Hoxha", "Stoltz", "Marin", "Kovac", "Berisha", "Novak", "Haddad", "Silva",
    "Larsen", "Okafor", "Tanaka", "Moreau", "Schmidt", "Rossi", "Ivanova", "Nowak", "Popescu",
    "Horvat", "Dimitrov", "Kaya", "Yilmaz", "Costa", "Jansen", "Nielsen", "Fischer", "Weber",
    "Lambert", "Dubois", "Fontaine", "Russo", "Ricci", "Greco", "Santos", "Pereira", "Ferreira",
    "Alves", "Gomes", "Lopes", "Martins", "Rocha", "Barros", "Teixeira", "Cardoso", "Pinto",
    "Mendes", "Nunes", "Vieira",
];
pub const ORG_WORDS: [&str; 24] = [
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
pub const ORG_NOUNS: [&str; 20] = [
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
pub const ORG_KINDS: [(&str, &str); 10] = [
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
pub const PLACE_HEADS: [&str; 20] = [
    "Oak", "River", "Stone", "North", "Lake", "Iron", "Silver", "Green", "Red", "White", "Black",
    "High", "Low", "East", "West", "Salt", "Wolf", "Bear", "Eagle", "Mill",
];
pub const PLACE_TAILS: [&str; 16] = [
    "ford", "ton", "burg", "vik", "grad", "polis", "field", "haven", "mouth", "stad", "dale",
    "bridge", "port", "wick", "mere", "holm",
];
pub const PUBLISHERS: [&str; 12] = [
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
pub const KINDS: [(&str, &str); 20] = [
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
pub const TOPICS: [&str; 24] = [
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
pub const ROLES: [&str; 8] = [
    "host",
    "guest",
    "organiser",
    "target",
    "signatory",
    "speaker",
    "mediator",
    "witness",
];
pub const TITLES: [&str; 8] = [
    "President",
    "Prime Minister",
    "Minister",
    "Spokesperson",
    "Chair",
    "Secretary General",
    "Director",
    "Commander",
];
pub const FIGURES: [(&str, &str); 12] = [
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
pub const WORDS: [&str; 64] = [
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
pub const FIRST_PUBLISHED: (i32, u32, u32) = (1990, 1, 1);
pub const LAST_PUBLISHED: (i32, u32, u32) = (2025, 12, 31);

/// A TOML basic string.
pub fn q(s: &str) -> String {
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

pub fn slug(s: &str) -> String {
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

pub fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn ym(d: NaiveDate) -> String {
    d.format("%Y-%m").to_string()
}

pub fn year(d: NaiveDate) -> String {
    format!("{:04}", d.year())
}

/// A sentence of `n` words from the word list, capitalised, with a full stop.
pub fn sentence(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let w = *pick(rng, &WORDS);
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
