//! Step 3 of a draft: the people, organisations and places named in an article: the stored ones
//! found by any name or alias (accents, case and punctuation folded, as lookups fold them), and
//! capitalised names the database does not hold, proposed as new entries with a guessed kind.
//! [`find`] indexes the stored names, reads each sentence's mentions of them and its runs of
//! capitalised words (candidates), joins "Ministry" "of" "Internal Affairs", then reads each
//! candidate into a mention of a new entity, proposed with why, or a name left out with why.
//!
//! The words that tell what a name is are the lexicon's; the articles and determiners written in
//! the code are grammar, not lists to extend.

use std::collections::{HashMap, HashSet};

use crate::query::names::{fold, Kind};

use super::lexicon::lexicon;
use super::sentences::{Sentence, Token, Words};
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
    let index = NameIndex::of(store);
    let mut out = Names::default();
    let mut candidates: Vec<Candidate> = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let words = Words::of(text, si, s);
        let used = index.mentions(store, &words, taken, &mut out.mentions);
        words.runs(&used, taken, &mut candidates);
    }
    let candidates = join_of(text, candidates);
    classify(&mut out, text, candidates, store, publisher);
    out.mentions
        .sort_by_key(|m| (m.sentence, m.start, std::cmp::Reverse(m.end)));
    out
}

/// Every stored name and alias, folded, with the entities it names and whether it is written
/// capitalised.
struct NameIndex {
    names: HashMap<String, Vec<(usize, bool)>>,
    /// The most words a name has (at most eight).
    longest: usize,
}

impl NameIndex {
    fn of(store: &Store) -> NameIndex {
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
        NameIndex {
            names,
            longest: longest.min(8),
        }
    }

    /// The mentions of stored entities in a sentence, longest name first at each word, added
    /// to `out`; which words they take.
    fn mentions(
        &self,
        store: &Store,
        w: &Words<'_>,
        taken: &dyn Fn(usize, usize) -> bool,
        out: &mut Vec<Mention>,
    ) -> Vec<bool> {
        let toks = &w.toks;
        let folded: Vec<String> = toks.iter().map(|t| fold(no_possessive(t.text))).collect();
        let mut used = vec![false; toks.len()];
        let mut i = 0;
        while i < toks.len() {
            let Some((len, e)) = self.longest_at(store, w, &folded, i, taken) else {
                i += 1;
                continue;
            };
            out.push(Mention {
                sentence: w.si,
                start: w.start + toks[i].start,
                end: w.start + toks[i + len - 1].end,
                target: Target::Stored(e),
            });
            used[i..i + len].iter_mut().for_each(|u| *u = true);
            i += len;
        }
        used
    }

    /// The longest stored name at word `i` (a name written with a capital only where a word of
    /// it is capitalised): how many words it takes, and the entity. One name of several: a
    /// person first, then an organisation, then a place.
    fn longest_at(
        &self,
        store: &Store,
        w: &Words<'_>,
        folded: &[String],
        i: usize,
        taken: &dyn Fn(usize, usize) -> bool,
    ) -> Option<(usize, usize)> {
        let toks = &w.toks;
        for len in (1..=self.longest.min(toks.len() - i)).rev() {
            if taken(w.start + toks[i].start, w.start + toks[i + len - 1].end) {
                continue;
            }
            let Some(list) = self.names.get(&folded[i..i + len].join(" ")) else {
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
            fits.sort_by_key(|j| (store.entities[*j].kind, store.entities[*j].id.clone()));
            return Some((len, fits[0]));
        }
        None
    }
}

impl<'t> Words<'t> {
    /// The runs of capitalised words not `used` by a stored name nor `taken`, each a candidate
    /// added to `out`. An acronym stands alone.
    fn runs(&self, used: &[bool], taken: &dyn Fn(usize, usize) -> bool, out: &mut Vec<Candidate>) {
        let mut run: Vec<usize> = Vec::new();
        for (k, t) in self.toks.iter().enumerate() {
            let joined = run
                .last()
                .is_some_and(|&p| self.st[self.toks[p].end..t.start].chars().all(|c| c == ' '));
            if !joined {
                self.flush(&mut run, out);
            }
            if !self.name_word(k, used, taken) {
                self.flush(&mut run, out);
                continue;
            }
            let acronym = t.text.chars().all(|c| !c.is_lowercase());
            let run_acronym = run
                .last()
                .is_some_and(|&p| self.toks[p].text.chars().all(|c| !c.is_lowercase()));
            if !run.is_empty() && (acronym || run_acronym) {
                self.flush(&mut run, out);
            }
            run.push(k);
        }
        self.flush(&mut run, out);
    }

    /// Whether word `k` may be part of a name: capitalised, longer than a letter, no number, no
    /// title, no word that starts sentences (but a compass word or "Central" before another
    /// capitalised word: "North Macedonia", "Central Bank").
    fn name_word(&self, k: usize, used: &[bool], taken: &dyn Fn(usize, usize) -> bool) -> bool {
        let lex = lexicon();
        let t = &self.toks[k];
        let opens = lex.name_openers.contains(&self.lower[k])
            && self
                .toks
                .get(k + 1)
                .is_some_and(|n| n.capitalised() && self.st[t.end..n.start] == *" ");
        !used[k]
            && t.capitalised()
            && t.text.chars().count() > 1
            && (opens || !lex.is_stop(&self.lower[k]))
            && !lex.titles.contains(&self.lower[k])
            && !taken(self.start + t.start, self.start + t.end)
            && !t.text.chars().any(|c| c.is_ascii_digit())
    }

    /// The candidate `run` gives, added to `out`; then `run` is empty.
    fn flush(&self, run: &mut Vec<usize>, out: &mut Vec<Candidate>) {
        out.extend(self.candidate(run));
        run.clear();
    }

    /// The candidate a run of words gives: "Serbian", "local Serb" before a name or a title are
    /// no part of it ("Serbian Orthodox Church" keeps its first word), nor are words that start
    /// sentences at its end.
    fn candidate(&self, run: &[usize]) -> Option<Candidate> {
        let lex = lexicon();
        let (toks, lower) = (&self.toks, &self.lower);
        let org = run
            .iter()
            .any(|&k| lex.organisation_words.contains(&lower[k]));
        let mut a = 0;
        if !org {
            while run.len() - a > 1 && lex.is_demonym(toks[run[a]].text) {
                a += 1;
            }
        }
        let mut b = run.len();
        while b > a && lex.stop.contains(&lower[run[b - 1]]) {
            b -= 1;
        }
        let run = &run[a..b];
        let (&first, &last) = (run.first()?, run.last()?);
        let lead = self.st[..toks[first].start].trim_end();
        let next = toks.get(last + 1);
        Some(Candidate {
            sentence: self.si,
            start: self.start + toks[first].start,
            end: self.start + toks[last].end,
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
            gap_after: next.map_or(String::new(), |n| {
                self.st[toks[last].end..n.start].to_string()
            }),
            at_start: first == 0 || lead.ends_with(['"', '\u{201C}', '«', ':', '(', '\u{2014}']),
            titled: false,
        })
    }
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
    let name = c.words.join(" ");
    let folded = fold(&name);
    let lower: Vec<String> = c.words.iter().map(|w| w.to_lowercase()).collect();
    if let Some(why) = no_name(c, &folded, &lower, publisher) {
        return Err(why);
    }
    if let Some(guess) = by_its_words(c, &folded, &lower) {
        return Ok(guess);
    }
    if let Some(guess) = person(c, surname) {
        return Ok(guess);
    }
    let acronym = name.chars().all(|ch| !ch.is_lowercase()) && (2..=6).contains(&name.len());
    if c.words.len() == 1 && acronym {
        return Ok(guess(
            Kind::Organisation,
            "an organisation, from an acronym".into(),
            None,
        ));
    }
    if lexicon().place_before.contains(c.word_before(0)) && !acronym {
        let why = format!("a place: after \u{201C}{}\u{201D}", c.word_before(0));
        return Ok(guess(Kind::Place, why, None));
    }
    Err(Skipped::Unsure)
}

fn guess(kind: Kind, why: String, org_kind: Option<&'static str>) -> Guess {
    Guess {
        kind,
        why,
        org_kind,
    }
}

impl Candidate {
    /// The word `k` words before it (0: the one right before), lower case, or "".
    fn word_before(&self, k: usize) -> &str {
        self.before.get(k).map_or("", String::as_str)
    }
}

/// Why a candidate names no one to propose: a news outlet (its words, its name, the article's
/// publisher, or "reported by"), a demonym, or a document.
fn no_name(c: &Candidate, folded: &str, lower: &[String], publisher: &str) -> Option<Skipped> {
    let lex = lexicon();
    if lex.media.contains(folded)
        || lower.iter().any(|w| lex.media_words.contains(w))
        || (!publisher.is_empty() && (publisher.contains(folded) || folded.contains(publisher)))
        || (c.word_before(0) == "by" && lex.outlet_verbs.contains(c.word_before(1)))
    {
        return Some(Skipped::Outlet);
    }
    if lower.iter().all(|w| lex.is_demonym(w)) {
        return Some(Skipped::Demonym);
    }
    if lower.iter().any(|w| lex.documents.contains(w)) {
        return Some(Skipped::Document);
    }
    None
}

/// What a candidate's own words and the nouns beside it say it is: a state (or, after "in", a
/// place), an organisation by its words, a place by a place noun.
fn by_its_words(c: &Candidate, folded: &str, lower: &[String]) -> Option<Guess> {
    let lex = lexicon();
    let prev = |k: usize| c.word_before(k);
    if lex.countries.contains(folded) {
        // "the next meeting … in North Macedonia": where, not who.
        if lex.place_before.contains(prev(0)) {
            let why = format!("a place: a state after \u{201C}{}\u{201D}", prev(0));
            return Some(guess(Kind::Place, why, None));
        }
        let why = "a state, as annals' records hold states".into();
        return Some(guess(Kind::Organisation, why, Some("state")));
    }
    // "Battalion", "Police" alone: which one is not said.
    if lower.iter().any(|w| lex.organisation_words.contains(w)) && c.words.len() > 1 {
        let why = "an organisation by its words".into();
        return Some(guess(Kind::Organisation, why, None));
    }
    // "the village of Gnjilica", "the Serbian city of Kraljevo", "its Kosovska Mitrovica region".
    if prev(0) == "of" && lex.place_nouns.contains(prev(1)) {
        let why = format!("a place: after \u{201C}{} of\u{201D}", prev(1));
        return Some(guess(Kind::Place, why, None));
    }
    if c.after.first().is_some_and(|w| lex.place_nouns.contains(w)) && c.gap_after == " " {
        let why = format!("a place: before \u{201C}{}\u{201D}", c.after[0]);
        return Some(guess(Kind::Place, why, None));
    }
    None
}

/// A person: a name of two to four words after a title, that speaks or is described, or whose
/// surname is named alone too; or one word that speaks ("…," said Kurti; "the Embassy said" is
/// no person).
fn person(c: &Candidate, surname: bool) -> Option<Guess> {
    let lex = lexicon();
    let prev = c.word_before(0);
    let title = c.titled || lex.titles.contains(prev);
    let speaks = c.after.first().is_some_and(|w| lex.is_speech(w))
        || lex.is_speech(prev)
        || (c.gap_after.trim() == ","
            && c.after
                .first()
                .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "the" | "who" | "aged")));
    let one = c.words.len() == 1
        && c.words[0].chars().skip(1).any(char::is_lowercase)
        && speaks
        && !matches!(prev, "the" | "a" | "an" | "its" | "their");
    if !(one || (is_person_shaped(&c.words) && (title || speaks || surname))) {
        return None;
    }
    let why = if title {
        "a person: after a title"
    } else if speaks {
        "a person: speaks or is described"
    } else {
        "a person: named again by surname"
    };
    Some(guess(Kind::Person, why.into(), None))
}

/// "Minister of Communities and Returns Goran Rakić", "the head of the UN mission in Kosovo
/// Caroline Ziade", "EU envoy for Serbia and Kosovo, Miroslav Lajcak": a title's "of" or "for"
/// phrase a few words before a person's name is no part of it.
fn drop_title_phrase(c: &mut Candidate) {
    let lex = lexicon();
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
}

/// "Kosovo's Central Bank": an organisation named by its owner (a state, or a stored name)
/// takes the owner's name.
fn add_owner(c: &mut Candidate, text: &str, store: &Store) {
    let lex = lexicon();
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
}

/// What the candidates as a whole say of each one.
struct Seen {
    /// The surnames of the people named in full, folded, with the full name.
    surnames: HashMap<String, String>,
    /// The names given as one word, folded.
    alone: HashSet<String>,
    /// Words seen capitalised where a common word would not be (not alone at the start of a
    /// sentence), folded.
    named: HashSet<String>,
}

impl Seen {
    fn of(candidates: &[Candidate]) -> Seen {
        let mut surnames: HashMap<String, String> = HashMap::new();
        for c in candidates {
            if is_person_shaped(&c.words) {
                surnames
                    .entry(fold(c.words.last().map_or("", String::as_str)))
                    .or_insert_with(|| c.words.join(" "));
            }
        }
        Seen {
            surnames,
            alone: candidates
                .iter()
                .filter(|c| c.words.len() == 1)
                .map(|c| fold(&c.words[0]))
                .collect(),
            named: candidates
                .iter()
                .filter(|c| !c.at_start || c.words.len() > 1)
                .flat_map(|c| c.words.iter().map(|w| fold(w)))
                .collect(),
        }
    }
}

/// The candidates read one by one into mentions of new entities, proposed as they first come.
struct Proposals<'a> {
    text: &'a str,
    /// The article's publisher, folded.
    publisher: String,
    seen: Seen,
    /// Each new entity by its folded name and aliases: its index.
    by_name: HashMap<String, usize>,
    /// Every id in use.
    ids: HashSet<String>,
}

/// Read the candidates into `out`: mentions of new entities, proposed with a guessed kind, or
/// skipped with why.
fn classify(
    out: &mut Names,
    text: &str,
    candidates: Vec<Candidate>,
    store: &Store,
    publisher: Option<&str>,
) {
    let candidates: Vec<Candidate> = candidates
        .into_iter()
        .map(|mut c| {
            drop_title_phrase(&mut c);
            add_owner(&mut c, text, store);
            c
        })
        .collect();
    let mut p = Proposals {
        text,
        publisher: publisher.map(fold).unwrap_or_default(),
        seen: Seen::of(&candidates),
        by_name: HashMap::new(),
        ids: store.ids.iter().cloned().collect(),
    };
    for c in candidates {
        p.add(out, c);
    }
}

fn mention(c: &Candidate, target: Target) -> Mention {
    Mention {
        sentence: c.sentence,
        start: c.start,
        end: c.end,
        target,
    }
}

impl Proposals<'_> {
    /// One candidate: no name ("Nothing", "Asked" alone at the start of a sentence, unless the
    /// text names it elsewhere too or it is an acronym), another name of a new entity, or a
    /// mention of one, proposed if new.
    fn add(&mut self, out: &mut Names, c: Candidate) {
        let name = c.words.join(" ");
        let folded = fold(&name);
        let acronym = name.chars().all(|ch| !ch.is_lowercase());
        if c.at_start && c.words.len() == 1 && !acronym && !self.seen.named.contains(&folded) {
            return;
        }
        if self.alias_of_surname(out, &c, &name, &folded) || self.alias_in_brackets(out, &c, &name)
        {
            return;
        }
        let index = match self.by_name.get(&folded) {
            Some(&i) => i,
            None => match self.propose(out, &c, name, folded) {
                Some(i) => i,
                None => return,
            },
        };
        out.mentions.push(mention(&c, Target::New(index)));
    }

    /// A surname of a person named in full is that person.
    fn alias_of_surname(&self, out: &mut Names, c: &Candidate, name: &str, folded: &str) -> bool {
        let (1, Some(full)) = (c.words.len(), self.seen.surnames.get(folded)) else {
            return false;
        };
        let Some(&i) = self.by_name.get(&fold(full)) else {
            return false;
        };
        if !out.new[i].aliases.iter().any(|a| a == name) {
            out.new[i].aliases.push(name.to_string());
        }
        out.mentions.push(mention(c, Target::New(i)));
        true
    }

    /// "the Kosovo Force (KFOR)": an acronym in brackets right after a new name is its alias.
    fn alias_in_brackets(&mut self, out: &mut Names, c: &Candidate, name: &str) -> bool {
        let text = self.text;
        let bracketed = c.words.len() == 1
            && text[..c.start].ends_with(" (")
            && text[c.end..].starts_with(')')
            && c.words[0].chars().all(|ch| !ch.is_lowercase());
        let before = out
            .mentions
            .last()
            .filter(|m| m.sentence == c.sentence && text.get(m.end..c.start) == Some(" ("))
            .map(|m| m.target);
        let (true, Some(Target::New(i))) = (bracketed, before) else {
            return false;
        };
        if !out.new[i].aliases.iter().any(|a| a == name) {
            out.new[i].aliases.push(name.to_string());
        }
        self.by_name.insert(fold(name), i);
        out.mentions.push(mention(c, Target::New(i)));
        true
    }

    /// A new entity for a name not seen before, with a fresh id; or, when it is none to
    /// propose, the name listed as skipped (once).
    fn propose(
        &mut self,
        out: &mut Names,
        c: &Candidate,
        name: String,
        folded: String,
    ) -> Option<usize> {
        let surname = c.words.len() > 1
            && self
                .seen
                .alone
                .contains(&fold(c.words.last().map_or("", String::as_str)));
        let reading = match read(c, surname, &self.publisher) {
            Ok(r) => r,
            Err(why) => {
                if !out.skipped.iter().any(|(n, _)| fold(n) == folded) {
                    out.skipped.push((name, why));
                }
                return None;
            }
        };
        let mut id = slug(&name);
        if id.is_empty() {
            id = format!("entity-{}", out.new.len() + 1);
        }
        let base = id.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        out.new.push(NewEntity {
            kind: reading.kind,
            id,
            name,
            aliases: Vec::new(),
            why: reading.why,
            org_kind: reading.org_kind,
        });
        self.by_name.insert(folded, out.new.len() - 1);
        Some(out.new.len() - 1)
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
