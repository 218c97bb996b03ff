//! People, organisations and places named in an article: the stored ones found by any name or
//! alias (accents, case and punctuation folded, as lookups fold them), and capitalised names the
//! database does not hold, proposed as new entries with a guessed kind.

use std::collections::HashMap;

use crate::query::names::{fold, Kind};

use super::lexicon::lexicon;
use super::sentences::{tokens, Sentence, Token};
use super::store::Store;

/// What a mention names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// An index into the store's entities.
    Stored(usize),
    /// An index into the proposed new entities.
    New(usize),
}

/// A name found in the text: its sentence and its byte range in the article.
#[derive(Debug, Clone)]
pub struct Mention {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub target: Target,
}

/// A name the database does not hold, proposed as a new person, organisation or place.
#[derive(Debug, Clone)]
pub struct NewEntity {
    pub kind: Kind,
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// What in the text says which kind of name it is.
    pub why: String,
    /// The organisation's kind, when the words say it ("state").
    pub org_kind: Option<&'static str>,
}

#[derive(Debug, Default)]
pub struct Names {
    pub mentions: Vec<Mention>,
    pub new: Vec<NewEntity>,
    /// Capitalised names the text gives that are not proposed, with why.
    pub skipped: Vec<(String, Skipped)>,
}

impl Names {
    pub fn kind(&self, store: &Store, t: Target) -> Kind {
        match t {
            Target::Stored(i) => store.entities[i].kind,
            Target::New(i) => self.new[i].kind,
        }
    }

    pub fn id<'a>(&'a self, store: &'a Store, t: Target) -> &'a str {
        match t {
            Target::Stored(i) => &store.entities[i].id,
            Target::New(i) => &self.new[i].id,
        }
    }

    pub fn name<'a>(&'a self, store: &'a Store, t: Target) -> &'a str {
        match t {
            Target::Stored(i) => &store.entities[i].name,
            Target::New(i) => &self.new[i].name,
        }
    }

    /// The mentions in sentence `s`, in order.
    pub fn in_sentence(&self, s: usize) -> impl Iterator<Item = &Mention> {
        // Mentions are in sentence order once found.
        let a = self.mentions.partition_point(|m| m.sentence < s);
        let b = self.mentions.partition_point(|m| m.sentence <= s);
        self.mentions[a..b.max(a)].iter()
    }
}

/// A slug id for `name` ("Aleksandar Vučić" → "aleksandar-vucic"), at most 60 characters.
pub fn slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let words: Vec<&str> = ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let mut s = words.join("-");
    if s.len() > 60 {
        s.truncate(60);
        s = s.trim_end_matches('-').to_string();
    }
    s
}

/// A candidate new name before classification: a run of capitalised words and the words
/// around it in its sentence.
struct Candidate {
    sentence: usize,
    start: usize,
    end: usize,
    words: Vec<String>,
    /// Up to eight words before it, lower case, the nearest first.
    before: Vec<String>,
    /// Up to three words after it, lower case, in order.
    after: Vec<String>,
    /// The text between it and the word after it.
    gap_after: String,
    /// Whether it starts its sentence or a quotation, where any word is capitalised.
    at_start: bool,
    /// Whether a title's phrase stands before it ("Minister of Communities and Returns").
    titled: bool,
}

/// Why a name the text gives is not proposed, for the comment that lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skipped {
    /// A news outlet or platform: it reports, it takes no part.
    Outlet,
    /// A demonym or adjective ("Serbs", "Kosovar").
    Demonym,
    /// A document, law or currency ("Military Technical Agreement").
    Document,
    /// Nothing in the text says what it is.
    Unsure,
}

impl Skipped {
    pub fn why(self) -> &'static str {
        match self {
            Skipped::Outlet => "a news outlet or platform",
            Skipped::Demonym => "a demonym",
            Skipped::Document => "a document, law or currency",
            Skipped::Unsure => "the text does not say what it is",
        }
    }
}

/// A word's text without a final possessive ("Borrell's" → "Borrell").
fn no_possessive(w: &str) -> &str {
    for s in ["'s", "\u{2019}s", "\u{02BC}s"] {
        if let Some(stem) = w.strip_suffix(s) {
            if !stem.is_empty() {
                return stem;
            }
        }
    }
    w
}

/// Find every stored entity named in `sentences` of `text`, and propose the other capitalised
/// names as new entities. `taken(start, end)` says whether a byte range of the text is already
/// read as something else (a date, the dateline), so it is no name. `publisher` is the
/// article's publisher, never proposed.
pub fn find(
    text: &str,
    sentences: &[Sentence],
    store: &Store,
    taken: &dyn Fn(usize, usize) -> bool,
    publisher: Option<&str>,
) -> Names {
    let lex = lexicon();
    // Every folded name and alias, with the entities it names and whether it is capitalised.
    let mut names: HashMap<String, Vec<(usize, bool)>> = HashMap::new();
    let mut longest = 1;
    for (i, e) in store.entities.iter().enumerate() {
        for n in e.names.iter().skip(1) {
            let f = fold(n);
            if f.is_empty() {
                continue;
            }
            longest = longest.max(f.split(' ').count());
            let list = names.entry(f).or_default();
            if !list.iter().any(|(j, _)| *j == i) {
                list.push((i, n.chars().any(char::is_uppercase)));
            }
        }
    }
    let longest = longest.min(8);
    let mut out = Names::default();
    let mut candidates: Vec<Candidate> = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let st = s.text(text);
        let toks = tokens(st);
        let folded: Vec<String> = toks.iter().map(|t| fold(no_possessive(t.text))).collect();
        let mut used = vec![false; toks.len()];
        let mut i = 0;
        while i < toks.len() {
            let mut matched = 0;
            for len in (1..=longest.min(toks.len() - i)).rev() {
                let (a, b) = (s.start + toks[i].start, s.start + toks[i + len - 1].end);
                if taken(a, b) {
                    continue;
                }
                let key = folded[i..i + len].join(" ");
                let Some(list) = names.get(&key) else {
                    continue;
                };
                let upper = toks[i..i + len].iter().any(Token::capitalised);
                let mut fits: Vec<usize> = list
                    .iter()
                    .filter(|(_, cap)| !cap || upper)
                    .map(|(j, _)| *j)
                    .collect();
                if fits.is_empty() {
                    continue;
                }
                // One name of several: a person first, then an organisation, then a place.
                fits.sort_by_key(|j| (store.entities[*j].kind, store.entities[*j].id.clone()));
                out.mentions.push(Mention {
                    sentence: si,
                    start: a,
                    end: b,
                    target: Target::Stored(fits[0]),
                });
                matched = len;
                break;
            }
            if matched > 0 {
                used[i..i + matched].iter_mut().for_each(|u| *u = true);
                i += matched;
            } else {
                i += 1;
            }
        }
        let lower: Vec<String> = toks.iter().map(|t| t.text.to_lowercase()).collect();
        // Runs of capitalised words not read as anything else.
        let mut run: Vec<usize> = Vec::new();
        let flush = |run: &mut Vec<usize>, candidates: &mut Vec<Candidate>| {
            // "Serbian", "local Serb" before a name or a title are no part of it; "Serbian
            // Orthodox Church" keeps its first word.
            let org = run
                .iter()
                .any(|&k| lex.organisation_words.contains(&lower[k]));
            if !org {
                while run.len() > 1 && lex.is_demonym(toks[run[0]].text) {
                    run.remove(0);
                }
            }
            // "North", "Central" count only before a name ("North Macedonia", "Central Bank").
            while run.last().is_some_and(|&k| lex.stop.contains(&lower[k])) {
                run.pop();
            }
            if run.is_empty() {
                return;
            }
            let first = run[0];
            let last = *run.last().unwrap_or(&first);
            let lead = st[..toks[first].start].trim_end();
            let at_start =
                first == 0 || lead.ends_with(['"', '\u{201C}', '«', ':', '(', '\u{2014}']);
            let next = toks.get(last + 1);
            candidates.push(Candidate {
                sentence: si,
                start: s.start + toks[first].start,
                end: s.start + toks[last].end,
                words: run
                    .iter()
                    .map(|&k| no_possessive(toks[k].text).to_string())
                    .collect(),
                before: (first.saturating_sub(8)..first)
                    .rev()
                    .map(|k| lower[k].clone())
                    .collect(),
                after: (last + 1..(last + 4).min(toks.len()))
                    .map(|k| lower[k].clone())
                    .collect(),
                gap_after: next.map_or(String::new(), |n| st[toks[last].end..n.start].to_string()),
                at_start,
                titled: false,
            });
            run.clear();
        };
        for (k, t) in toks.iter().enumerate() {
            let joined = run
                .last()
                .is_some_and(|&p| st[toks[p].end..t.start].chars().all(|c| c == ' '));
            if !joined {
                flush(&mut run, &mut candidates);
            }
            // A compass word or "Central" may begin a name when a capitalised word follows.
            let compass = matches!(
                lower[k].as_str(),
                "north" | "south" | "east" | "west" | "central"
            ) && toks
                .get(k + 1)
                .is_some_and(|n| n.capitalised() && st[t.end..n.start] == *" ");
            let name_word = !used[k]
                && t.capitalised()
                && t.text.chars().count() > 1
                && (compass || !lex.is_stop(&lower[k]))
                && !lex.titles.contains(&lower[k])
                && !taken(s.start + t.start, s.start + t.end)
                && !t.text.chars().any(|c| c.is_ascii_digit());
            if name_word {
                // An acronym stands alone.
                let acronym = t.text.chars().all(|c| !c.is_lowercase());
                let run_acronym = run
                    .last()
                    .is_some_and(|&p| toks[p].text.chars().all(|c| !c.is_lowercase()));
                if !run.is_empty() && (acronym || run_acronym) {
                    flush(&mut run, &mut candidates);
                }
                run.push(k);
            } else {
                flush(&mut run, &mut candidates);
            }
        }
        flush(&mut run, &mut candidates);
    }
    let candidates = join_of(text, candidates);
    classify(&mut out, text, candidates, store, publisher);
    out.mentions
        .sort_by_key(|m| (m.sentence, m.start, std::cmp::Reverse(m.end)));
    out
}

/// "Ministry" "of" "Internal Affairs", "Association" "of" "Serbian Municipalities": a name
/// ending in an organisation word and the name after "of", "for" or "on" (the) are one name.
fn join_of(text: &str, candidates: Vec<Candidate>) -> Vec<Candidate> {
    let lex = lexicon();
    let mut out: Vec<Candidate> = Vec::new();
    for c in candidates {
        if let Some(p) = out.last_mut() {
            let gap = text.get(p.end..c.start).unwrap_or("").to_lowercase();
            let org_end = p
                .words
                .last()
                .is_some_and(|w| lex.organisation_words.contains(&w.to_lowercase()));
            if p.sentence == c.sentence
                && org_end
                && matches!(
                    gap.as_str(),
                    " of " | " of the " | " for " | " for the " | " on " | " on the "
                )
            {
                p.words.push(gap.trim().to_string());
                p.words.extend(c.words);
                p.end = c.end;
                p.after = c.after;
                p.gap_after = c.gap_after;
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// What the words of a candidate and its context say it is.
struct Guess {
    kind: Kind,
    /// Why, for the review comment.
    why: String,
    /// The organisation's kind, when the words say it ("state").
    org_kind: Option<&'static str>,
}

fn is_person_shaped(words: &[String]) -> bool {
    let lex = lexicon();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            let lower = w.to_lowercase();
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().skip(1).any(char::is_lowercase)
                && !lex.organisation_words.contains(&lower)
                && !lex.place_nouns.contains(&lower)
                && !lex.is_demonym(w)
        })
}

/// Read a candidate, or say why it is not proposed. `surname` says whether its last word is
/// also named alone elsewhere.
fn read(c: &Candidate, surname: bool, publisher: &str) -> Result<Guess, Skipped> {
    let lex = lexicon();
    let name = c.words.join(" ");
    let folded = fold(&name);
    let lower: Vec<String> = c.words.iter().map(|w| w.to_lowercase()).collect();
    let prev = |k: usize| c.before.get(k).map_or("", String::as_str);
    if lex.media.contains(&folded)
        || lower.iter().any(|w| lex.media_words.contains(w))
        || (!publisher.is_empty() && (publisher.contains(&folded) || folded.contains(publisher)))
        || matches!((prev(1), prev(0)), ("quoted", "by") | ("reported", "by"))
    {
        return Err(Skipped::Outlet);
    }
    if lower.iter().all(|w| lex.is_demonym(w)) {
        return Err(Skipped::Demonym);
    }
    if lower.iter().any(|w| lex.documents.contains(w)) {
        return Err(Skipped::Document);
    }
    if lex.countries.contains(&folded) {
        // "the next meeting … in North Macedonia": where, not who.
        if lex.place_before.contains(prev(0)) {
            return Ok(Guess {
                kind: Kind::Place,
                why: format!("a place: a state after \u{201C}{}\u{201D}", prev(0)),
                org_kind: None,
            });
        }
        return Ok(Guess {
            kind: Kind::Organisation,
            why: "a state, as annals' records hold states".into(),
            org_kind: Some("state"),
        });
    }
    // "Battalion", "Police" alone: which one is not said.
    if lower.iter().any(|w| lex.organisation_words.contains(w)) && c.words.len() > 1 {
        return Ok(Guess {
            kind: Kind::Organisation,
            why: "an organisation by its words".into(),
            org_kind: None,
        });
    }
    // "the village of Gnjilica", "the Serbian city of Kraljevo", "its Kosovska Mitrovica region".
    if prev(0) == "of" && lex.place_nouns.contains(prev(1)) {
        return Ok(Guess {
            kind: Kind::Place,
            why: format!("a place: after \u{201C}{} of\u{201D}", prev(1)),
            org_kind: None,
        });
    }
    if c.after.first().is_some_and(|w| lex.place_nouns.contains(w)) && c.gap_after == " " {
        return Ok(Guess {
            kind: Kind::Place,
            why: format!("a place: before \u{201C}{}\u{201D}", c.after[0]),
            org_kind: None,
        });
    }
    let title = c.titled || lex.titles.contains(prev(0));
    let speaks = c.after.first().is_some_and(|w| lex.is_speech(w))
        || lex.is_speech(prev(0))
        || (c.gap_after.trim() == ","
            && c.after
                .first()
                .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "the" | "who" | "aged")));
    // "…," said Kurti: one name that speaks is a person ("the Embassy said" is not).
    let one = c.words.len() == 1
        && c.words[0].chars().skip(1).any(char::is_lowercase)
        && speaks
        && !matches!(prev(0), "the" | "a" | "an" | "its" | "their");
    if one || (is_person_shaped(&c.words) && (title || speaks || surname)) {
        let why = if title {
            "a person: after a title"
        } else if speaks {
            "a person: speaks or is described"
        } else {
            "a person: named again by surname"
        };
        return Ok(Guess {
            kind: Kind::Person,
            why: why.into(),
            org_kind: None,
        });
    }
    let acronym = name.chars().all(|ch| !ch.is_lowercase()) && (2..=6).contains(&name.len());
    if c.words.len() == 1 && acronym {
        return Ok(Guess {
            kind: Kind::Organisation,
            why: "an organisation, from an acronym".into(),
            org_kind: None,
        });
    }
    if lex.place_before.contains(prev(0)) && !acronym {
        return Ok(Guess {
            kind: Kind::Place,
            why: format!("a place: after \u{201C}{}\u{201D}", prev(0)),
            org_kind: None,
        });
    }
    Err(Skipped::Unsure)
}

fn classify(
    out: &mut Names,
    text: &str,
    candidates: Vec<Candidate>,
    store: &Store,
    publisher: Option<&str>,
) {
    let lex = lexicon();
    let publisher = publisher.map(fold).unwrap_or_default();
    // "Minister of Communities and Returns Goran Rakić": a title's "of" phrase before a name is
    // no part of it.
    let candidates: Vec<Candidate> = candidates
        .into_iter()
        .map(|mut c| {
            // "the head of the UN mission in Kosovo Caroline Ziade", "EU envoy for Serbia and
            // Kosovo, Miroslav Lajcak": a title's "of" or "for" a few words before.
            let of_title = c
                .before
                .iter()
                .position(|w| w == "of" || w == "for")
                .is_some_and(|k| c.before.get(k + 1).is_some_and(|w| lex.titles.contains(w)));
            let n = c.words.len();
            if of_title && n >= 2 && is_person_shaped(&c.words[n - 2..]) {
                let drop = n - 2;
                let cut: usize = c.words[..drop].iter().map(|w| w.len() + 1).sum();
                c.words.drain(..drop);
                c.start += cut;
                c.titled = true;
            }
            // "Kosovo's Central Bank": an organisation named by its owner.
            let owner = text[..c.start]
                .strip_suffix("'s ")
                .or_else(|| text[..c.start].strip_suffix("\u{2019}s "))
                .map(|head| {
                    let word = head
                        .rsplit(|ch: char| !ch.is_alphanumeric())
                        .next()
                        .unwrap_or("");
                    (word, head.len() - word.len())
                })
                .filter(|(w, _)| {
                    let f = fold(w);
                    lex.countries.contains(&f)
                        || store
                            .entities
                            .iter()
                            .any(|e| e.names.iter().any(|n| fold(n) == f))
                });
            let org = c
                .words
                .iter()
                .any(|w| lex.organisation_words.contains(&w.to_lowercase()));
            if let (Some((word, at)), true) = (owner, org) {
                let apostrophe = &text[at + word.len()..c.start - 2];
                c.words.insert(0, format!("{word}{apostrophe}s"));
                c.start = at;
            }
            c
        })
        .collect();
    // Surnames of the people named in full, for the names that give only a surname.
    let mut surnames: HashMap<String, String> = HashMap::new();
    for c in &candidates {
        if is_person_shaped(&c.words) {
            surnames
                .entry(fold(c.words.last().map_or("", String::as_str)))
                .or_insert_with(|| c.words.join(" "));
        }
    }
    let alone: std::collections::HashSet<String> = candidates
        .iter()
        .filter(|c| c.words.len() == 1)
        .map(|c| fold(&c.words[0]))
        .collect();
    // Single words seen capitalised where a common word would not be.
    let named: std::collections::HashSet<String> = candidates
        .iter()
        .filter(|c| !c.at_start || c.words.len() > 1)
        .flat_map(|c| c.words.iter().map(|w| fold(w)))
        .collect();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut taken: std::collections::HashSet<String> = store.ids.iter().cloned().collect();
    for c in candidates {
        let name = c.words.join(" ");
        let folded = fold(&name);
        // "Nothing", "Asked" at the start of a sentence: a word, not a name, unless the text
        // names it elsewhere too (or it is an acronym).
        let acronym = name.chars().all(|ch| !ch.is_lowercase());
        if c.at_start && c.words.len() == 1 && !acronym && !named.contains(&folded) {
            continue;
        }
        // A surname of a person named in full is that person.
        if let (1, Some(full)) = (c.words.len(), surnames.get(&folded)) {
            if let Some(&i) = by_name.get(&fold(full)) {
                if !out.new[i].aliases.contains(&name) {
                    out.new[i].aliases.push(name.clone());
                }
                out.mentions.push(Mention {
                    sentence: c.sentence,
                    start: c.start,
                    end: c.end,
                    target: Target::New(i),
                });
                continue;
            }
        }
        // "the Kosovo Force (KFOR)": an acronym in brackets right after a name is its alias.
        let bracketed = c.words.len() == 1
            && text[..c.start].ends_with(" (")
            && text[c.end..].starts_with(')')
            && c.words[0].chars().all(|ch| !ch.is_lowercase());
        let before = out
            .mentions
            .last()
            .filter(|m| m.sentence == c.sentence && text.get(m.end..c.start) == Some(" ("))
            .map(|m| m.target);
        if let (true, Some(Target::New(i))) = (bracketed, before) {
            if !out.new[i].aliases.contains(&name) {
                out.new[i].aliases.push(name.clone());
            }
            by_name.insert(fold(&name), i);
            out.mentions.push(Mention {
                sentence: c.sentence,
                start: c.start,
                end: c.end,
                target: Target::New(i),
            });
            continue;
        }
        let key = folded.clone();
        let index = match by_name.get(&key) {
            Some(&i) => i,
            None => {
                let surname = c.words.len() > 1
                    && alone.contains(&fold(c.words.last().map_or("", String::as_str)));
                let reading = match read(&c, surname, &publisher) {
                    Ok(r) => r,
                    Err(why) => {
                        if !out.skipped.iter().any(|(n, _)| fold(n) == folded) {
                            out.skipped.push((name.clone(), why));
                        }
                        continue;
                    }
                };
                let mut id = slug(&name);
                if id.is_empty() {
                    id = format!("entity-{}", out.new.len() + 1);
                }
                let base = id.clone();
                let mut n = 2;
                while taken.contains(&id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                taken.insert(id.clone());
                out.new.push(NewEntity {
                    kind: reading.kind,
                    id,
                    name: name.clone(),
                    aliases: Vec::new(),
                    why: reading.why,
                    org_kind: reading.org_kind,
                });
                by_name.insert(key, out.new.len() - 1);
                out.new.len() - 1
            }
        };
        out.mentions.push(Mention {
            sentence: c.sentence,
            start: c.start,
            end: c.end,
            target: Target::New(index),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::sentences::sentences;
    use crate::draft::store::StoredEntity;

    fn store() -> Store {
        Store {
            entities: vec![StoredEntity {
                kind: Kind::Person,
                id: "aleksandar-vucic".into(),
                name: "Aleksandar Vucic".into(),
                names: vec![
                    "aleksandar-vucic".into(),
                    "Aleksandar Vucic".into(),
                    "Vucic".into(),
                ],
            }],
            ids: vec!["aleksandar-vucic".into()],
            ..Store::default()
        }
    }

    #[test]
    fn finds_stored_names_with_accents_folded_and_proposes_new_ones() {
        let text = "Serbian President Aleksandar Vučić met NATO Secretary General Jens Stoltenberg in Brussels. Stoltenberg said so.";
        let s = sentences(text);
        let found = find(text, &s, &store(), &|_, _| false, None);
        let names: Vec<(String, &str)> = found
            .mentions
            .iter()
            .map(|m| {
                (
                    found.id(&store(), m.target).to_string(),
                    &text[m.start..m.end],
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("aleksandar-vucic".to_string(), "Aleksandar Vučić"),
                ("nato".to_string(), "NATO"),
                ("jens-stoltenberg".to_string(), "Jens Stoltenberg"),
                ("brussels".to_string(), "Brussels"),
                ("jens-stoltenberg".to_string(), "Stoltenberg"),
            ]
        );
        let kinds: Vec<(&str, Kind)> = found.new.iter().map(|e| (e.id.as_str(), e.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("nato", Kind::Organisation),
                ("jens-stoltenberg", Kind::Person),
                ("brussels", Kind::Place)
            ]
        );
        assert_eq!(found.new[1].aliases, ["Stoltenberg"]);
    }

    #[test]
    fn an_acronym_in_brackets_after_a_name_is_its_alias() {
        let text = "NATO sent troops to the Kosovo Force (KFOR). KFOR said so.";
        let found = find(
            text,
            &sentences(text),
            &Store::default(),
            &|_, _| false,
            None,
        );
        let force = found
            .new
            .iter()
            .position(|e| e.id == "kosovo-force")
            .unwrap();
        assert_eq!(found.new[force].aliases, ["KFOR"]);
        let kfor: Vec<Target> = found
            .mentions
            .iter()
            .filter(|m| &text[m.start..m.end] == "KFOR")
            .map(|m| m.target)
            .collect();
        assert_eq!(kfor, [Target::New(force), Target::New(force)]);
    }
}
