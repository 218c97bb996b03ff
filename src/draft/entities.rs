//! People, organisations and places named in an article: the stored ones found by any name or
//! alias (accents, case and punctuation folded, as lookups fold them), and capitalised names the
//! database does not hold, proposed as new entries with a guessed kind.

use std::collections::HashMap;

use crate::query::names::{fold, Kind};

use super::name_words::{is_demonym, is_stop, ORG_WORDS, PLACE_BEFORE, TITLES};
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
    /// Whether the kind came from the words themselves (an organisation word, a place after
    /// "in"), rather than by default.
    pub kind_sure: bool,
}

#[derive(Debug, Default)]
pub struct Names {
    pub mentions: Vec<Mention>,
    pub new: Vec<NewEntity>,
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

/// A candidate new name before classification.
struct Candidate {
    sentence: usize,
    start: usize,
    end: usize,
    words: Vec<String>,
    after_place_word: bool,
    /// Whether it starts its sentence or a quotation, where any word is capitalised.
    at_start: bool,
}

/// Find every stored entity named in `sentences` of `text`, and propose the other capitalised
/// names as new entities. `taken(start, end)` says whether a byte range of the text is already
/// read as something else (a date), so it is no name.
pub fn find(
    text: &str,
    sentences: &[Sentence],
    store: &Store,
    taken: &dyn Fn(usize, usize) -> bool,
) -> Names {
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
        let folded: Vec<String> = toks.iter().map(|t| fold(t.text)).collect();
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
        // Runs of capitalised words not read as anything else.
        let mut run: Vec<usize> = Vec::new();
        let flush = |run: &mut Vec<usize>, candidates: &mut Vec<Candidate>| {
            // "Serbian", "Italian" before a name or a title are no part of it; "European Union"
            // keeps its first word.
            let org = run
                .iter()
                .any(|&k| ORG_WORDS.contains(&toks[k].text.to_lowercase().as_str()));
            if !org {
                while run.first().is_some_and(|&k| is_demonym(toks[k].text)) {
                    run.remove(0);
                }
            }
            if run.is_empty() {
                return;
            }
            let first = run[0];
            let last = *run.last().unwrap_or(&first);
            let before = first
                .checked_sub(1)
                .map(|p| toks[p].text.to_lowercase())
                .unwrap_or_default();
            let lead = st[..toks[first].start].trim_end();
            let at_start =
                first == 0 || lead.ends_with(['"', '\u{201C}', '«', ':', '(', '\u{2014}']);
            candidates.push(Candidate {
                sentence: si,
                start: s.start + toks[first].start,
                end: s.start + toks[last].end,
                words: run.iter().map(|&k| toks[k].text.to_string()).collect(),
                after_place_word: PLACE_BEFORE.contains(&before.as_str()),
                at_start,
            });
            run.clear();
        };
        for (k, t) in toks.iter().enumerate() {
            let lower = t.text.to_lowercase();
            let joined = run
                .last()
                .is_some_and(|&p| st[toks[p].end..t.start].chars().all(|c| c == ' '));
            if !joined {
                flush(&mut run, &mut candidates);
            }
            let name_word = !used[k]
                && t.capitalised()
                && t.text.chars().count() > 1
                && !is_stop(&lower)
                && !TITLES.contains(&lower.as_str())
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
    classify(&mut out, text, candidates, store);
    out.mentions
        .sort_by_key(|m| (m.sentence, m.start, std::cmp::Reverse(m.end)));
    out
}

fn classify(out: &mut Names, text: &str, candidates: Vec<Candidate>, store: &Store) {
    let is_person_name = |words: &[String]| {
        (2..=4).contains(&words.len())
            && words.iter().all(|w| {
                let lower = w.to_lowercase();
                w.chars().skip(1).any(char::is_lowercase)
                    && !ORG_WORDS.contains(&lower.as_str())
                    && !lower.ends_with("ians")
            })
    };
    // Surnames of the people named in full, for the names that give only a surname.
    let mut surnames: HashMap<String, String> = HashMap::new();
    for c in &candidates {
        if is_person_name(&c.words) {
            surnames
                .entry(fold(c.words.last().map_or("", String::as_str)))
                .or_insert_with(|| c.words.join(" "));
        }
    }
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
        let (full, alias) = match (c.words.len(), surnames.get(&folded)) {
            (1, Some(full)) => (full.clone(), Some(name.clone())),
            _ => (name.clone(), None),
        };
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
        let key = fold(&full);
        let index = match by_name.get(&key) {
            Some(&i) => i,
            None => {
                let words: Vec<String> = full.split(' ').map(str::to_string).collect();
                let org = words
                    .iter()
                    .any(|w| ORG_WORDS.contains(&w.to_lowercase().as_str()))
                    || words.iter().all(|w| w.chars().all(|c| !c.is_lowercase()));
                let (kind, sure) = if org {
                    (Kind::Organisation, true)
                } else if is_person_name(&words) {
                    (Kind::Person, false)
                } else if c.after_place_word {
                    (Kind::Place, true)
                } else {
                    (Kind::Organisation, false)
                };
                let mut id = slug(&full);
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
                    kind,
                    id,
                    name: full.clone(),
                    aliases: Vec::new(),
                    kind_sure: sure,
                });
                by_name.insert(key, out.new.len() - 1);
                out.new.len() - 1
            }
        };
        if let Some(a) = alias {
            if !out.new[index].aliases.contains(&a) {
                out.new[index].aliases.push(a);
            }
        }
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
        let found = find(text, &s, &store(), &|_, _| false);
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
        let found = find(text, &sentences(text), &Store::default(), &|_, _| false);
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
