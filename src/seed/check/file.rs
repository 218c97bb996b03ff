//! One file's own checks: its fields, dates, figures and quotes, and its references against
//! every listing the first pass noted. They need nothing from the other files' checks, so
//! the second pass runs them on the thread that reads the files.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;
use toml::Spanned;

use super::super::article::{
    Actor, Article, ArticleFigure, ArticleListing, ArticleQuote, ArticleReport, MergedRows, Parsed,
    Role, Source,
};
use super::super::error::SeedError;
use super::super::model::{Amount, EventDef, FigureDef, PlaceDef, SeedFile, SourceDef};
use super::fields::{aliases, fold_for_quote, given_text, is_slug, suggestion, Ctx};
use super::near;
use super::registry::Registry;
use super::source_id_of;
use crate::date::{FuzzyDate, Precision};
use crate::date_words as relative;
use crate::geo::Extent;

/// One file's own checks (its fields, dates, quotes and references against every listing),
/// which need nothing from the other files' checks: the second pass runs them on the thread that
/// reads the files, beside the one that writes.
#[derive(Clone)]
pub struct FileChecker(pub(super) Arc<Registry>);

/// A file checked on its own: the article, and the problems found in it.
pub struct Checked {
    pub(super) article: Article,
    pub(super) errors: Vec<SeedError>,
}

impl FileChecker {
    pub fn check(&self, parsed: &Parsed) -> Checked {
        let mut errors = Vec::new();
        errors.extend(parsed.unknown_keys.iter().cloned());
        if let Some(e) = &parsed.body_error {
            errors.push(e.clone());
        }
        let mut ctx = Ctx {
            path: &parsed.path,
            text: &parsed.text,
            lines: &parsed.lines,
            errors: &mut errors,
        };
        let article = check_file(&mut ctx, parsed, &self.0);
        Checked { article, errors }
    }
}

/// The article's publication day; `published` must be a plain day.
fn published_day(ctx: &mut Ctx, s: &SourceDef) -> Option<NaiveDate> {
    match FuzzyDate::parse(s.published.get_ref()) {
        Ok(FuzzyDate::Single(p))
            if p.precision() == Precision::Day && !p.approximate && !p.uncertain =>
        {
            Some(p.first_day())
        }
        Ok(_) => {
            ctx.error(
                &s.published,
                format!(
                    "`published` must be a day, YYYY-MM-DD, not {:?}",
                    s.published.get_ref()
                ),
            );
            None
        }
        Err(e) => {
            ctx.error(&s.published, format!("`published`: {e}"));
            None
        }
    }
}

/// The date a report gives: explicit, or resolved from its `date_text` words against the
/// publication day; and whether it was resolved.
fn event_date(
    ctx: &mut Ctx,
    e: &EventDef,
    published: Option<NaiveDate>,
) -> (Option<FuzzyDate>, bool) {
    let date_text = e.date_text.as_ref().map(|t| t.get_ref().trim().to_string());
    let mut resolved = false;
    let date = match (&e.date, &date_text) {
        (Some(date), _) => match FuzzyDate::parse(date.get_ref()) {
            Ok(d) => Some(d),
            Err(err) => {
                ctx.error(date, format!("`date`: {err}"));
                None
            }
        },
        (None, Some(words)) if !words.is_empty() => match published {
            Some(p) => match relative::resolve(words, p) {
                Ok(d) => {
                    resolved = true;
                    Some(d)
                }
                Err(err) => {
                    let at = e.date_text.as_ref().expect("date_text is given");
                    ctx.error(at, format!("`date_text`: {err}"));
                    None
                }
            },
            None => None,
        },
        _ => None,
    };
    (date, resolved)
}

/// One file's own checks, table by table in the order of the file; every problem goes to `ctx`.
pub(super) fn check_file(ctx: &mut Ctx, parsed: &Parsed, registry: &Registry) -> Article {
    let file = &parsed.file;
    let (source, published) = check_source(ctx, parsed);
    let (people, roles) = check_people(ctx, file, registry);
    let (quotes_found, figures_found) = verbatim(parsed).unzip();
    Article {
        file: parsed.path.clone(),
        hash: parsed.hash.clone(),
        source,
        people,
        roles,
        organisations: check_organisations(ctx, file, registry),
        places: check_places(ctx, file, registry),
        events: check_events(ctx, file, registry, published),
        figures: check_figures(ctx, parsed, registry, figures_found.as_deref()),
        quotes: check_quotes(ctx, parsed, registry, quotes_found.as_deref()),
        rows: MergedRows::default(),
    }
}

/// Which quotes and which figures' texts the article's text holds (typography and spacing
/// folded), all looked for in one pass; `None` when the file has no article text. A figure with
/// no text is found.
fn verbatim(parsed: &Parsed) -> Option<(Vec<bool>, Vec<bool>)> {
    let body = parsed.body.as_deref()?;
    let file = &parsed.file;
    let quotes = file
        .quotes
        .iter()
        .map(|q| fold_for_quote(q.get_ref().text.get_ref().trim()));
    let figures = file.figures.iter().map(|f| {
        let text = f.get_ref().text.as_ref();
        text.map_or_else(String::new, |t| fold_for_quote(t.get_ref().trim()))
    });
    let passages: Vec<String> = quotes.chain(figures).collect();
    let mut found = found_in(&fold_for_quote(body), &passages);
    let figures = found.split_off(file.quotes.len());
    Some((found, figures))
}

/// The error for a passage (`what`: "quote", "figure's text") that the article's `body` does not
/// hold: when a stretch of the article differs from it in a few words, it marks only those and
/// says what the article has there; otherwise it marks the whole passage.
fn not_verbatim(ctx: &mut Ctx, body: &str, at: &Spanned<String>, what: &str) {
    let message = format!("this {what} does not appear verbatim in the article's text");
    let value = at.get_ref();
    let nearest = near::near_miss(body, value).and_then(|miss| {
        let places = word_places(ctx.text, at.span(), value)?;
        Some((miss, places))
    });
    let Some((miss, places)) = nearest else {
        ctx.error(at, message);
        return;
    };
    let words = near::words(value);
    let shown = |r: std::ops::Range<usize>| -> String {
        let text: Vec<&str> = words[r].iter().map(|(_, w)| *w).collect();
        clip(&text.join(" "))
    };
    let mut says = Vec::new();
    let mut marks = Vec::new();
    let m = words.len();
    for run in &miss.runs {
        let r = run.words.clone();
        let theirs = clip(&run.article);
        says.push(match (r.is_empty(), theirs.is_empty()) {
            (false, false) => format!("{theirs:?} where the {what} has {:?}", shown(r.clone())),
            (false, true) => format!("nothing where the {what} has {:?}", shown(r.clone())),
            (true, _) if r.start < m => {
                format!("{theirs:?} before {:?}", shown(r.start..r.start + 1))
            }
            (true, _) => format!("{theirs:?} after {:?}", shown(m - 1..m)),
        });
        marks.push(if r.is_empty() {
            places[r.start.min(m - 1)].clone()
        } else {
            places[r.start].start..places[r.end - 1].end
        });
    }
    let more = says.len().saturating_sub(3);
    says.truncate(3);
    let mut message = format!("{message}: the article has {}", says.join(", and "));
    if more > 0 {
        message.push_str(&format!(", and {more} more difference{}", plural(more)));
    }
    let mut error = ctx.locate(marks[0].clone(), message);
    for mark in &marks[1..] {
        error = error.and_mark(ctx.text, mark.clone());
    }
    ctx.errors.push(error);
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A passage's words shown in a message: at most 60 characters.
fn clip(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Where each word of a string's `value` is in the file's `text`, within the string's `span`: each
/// word looked for as it is, in order. `None` when a word is not there as it is (written with an
/// escape), and the passage is then marked whole.
fn word_places(
    text: &str,
    span: std::ops::Range<usize>,
    value: &str,
) -> Option<Vec<std::ops::Range<usize>>> {
    let source = text.get(span.clone())?;
    let mut from = 0;
    let mut places = Vec::new();
    for (_, word) in near::words(value) {
        let at = from + source[from..].find(word)?;
        places.push(span.start + at..span.start + at + word.len());
        from = at + word.len();
    }
    Some(places)
}

/// `[source]`: the article's id, publication day, link, title and publisher.
fn check_source(ctx: &mut Ctx, parsed: &Parsed) -> (Source, Option<NaiveDate>) {
    let s = &parsed.file.source;
    let source_id = source_id_of(parsed);
    match &s.id {
        Some(id) => {
            ctx.slug("source", id);
        }
        None if !is_slug(&source_id) => ctx.errors.push(SeedError::file(
            ctx.path,
            format!(
                "the file name {source_id:?} is not a slug, so it cannot be the article's id: \
                 give `[source] id` or rename the file"
            ),
        )),
        None => {}
    }
    let published = published_day(ctx, s);
    if let Some(url) = &s.url {
        let u = url.get_ref();
        if crate::sanitize::web_url(u).is_none() {
            ctx.error(
                url,
                format!(
                    "`url` must be a web link (https:// or http://, a host, no spaces or control \
                     characters), not {u:?}"
                ),
            );
        }
    }
    let source = Source {
        id: source_id.clone(),
        title: ctx.non_empty("title", &s.title),
        publisher: ctx.non_empty("publisher", &s.publisher),
        published: published.unwrap_or_default(),
        url: s.url.as_ref().map(|u| u.get_ref().clone()),
        body: parsed.body.clone(),
    };
    (source, published)
}

/// A person or organisation id (a participant, a speaker, a figure's subject or claimant).
fn resolve_actor(
    ctx: &mut Ctx,
    registry: &Registry,
    id: &Spanned<String>,
    what: &str,
) -> Option<Actor> {
    let found = registry.actor(id.get_ref());
    if found.is_none() {
        let hint = suggestion(
            id.get_ref(),
            registry.people.keys().chain(registry.organisations.keys()),
        );
        ctx.error(
            id,
            format!(
                "unknown person or organisation id {:?} in {what}{hint}",
                id.get_ref()
            ),
        );
    }
    found
}

/// An id that must be one of `map`'s (`what`: the kind of thing, `used_in`: where it is used).
fn resolve<V>(
    ctx: &mut Ctx,
    map: &HashMap<String, V>,
    id: &Spanned<String>,
    what: &str,
    used_in: &str,
) -> String {
    if !map.contains_key(id.get_ref()) {
        let hint = suggestion(id.get_ref(), map.keys());
        ctx.error(
            id,
            format!("unknown {what} id {:?} in {used_in}{hint}", id.get_ref()),
        );
    }
    id.get_ref().clone()
}

/// An event id: this run's and the stored ones read in full, hinted from every stored one.
fn resolve_event(
    ctx: &mut Ctx,
    registry: &Registry,
    id: &Spanned<String>,
    used_in: &str,
) -> String {
    if !registry.events.contains_key(id.get_ref()) {
        let hint = suggestion(
            id.get_ref(),
            registry.events.keys().chain(registry.event_hints.iter()),
        );
        ctx.error(
            id,
            format!("unknown event id {:?} in {used_in}{hint}", id.get_ref()),
        );
    }
    id.get_ref().clone()
}

/// What every person, organisation and place states: its id, name and aliases, checked.
fn entity(
    ctx: &mut Ctx,
    what: &str,
    id: &Spanned<String>,
    name: &Option<Spanned<String>>,
    listed_aliases: &[Spanned<String>],
) -> ArticleListing {
    ArticleListing {
        id: ctx.slug(what, id),
        name: name.as_ref().map(|n| ctx.non_empty("name", n)),
        aliases: aliases(ctx, listed_aliases),
        org_kind: None,
        parent: None,
        wikidata: None,
        geonames: None,
        extent: None,
    }
}

/// A Wikidata item id: `Q` and a number (`Q42`).
fn wikidata(
    ctx: &mut Ctx,
    what: &str,
    id: &Spanned<String>,
    w: &Option<Spanned<String>>,
) -> Option<String> {
    let w = w.as_ref()?;
    let value = w.get_ref().trim();
    let digits = value.strip_prefix('Q').unwrap_or_default();
    let valid = !digits.is_empty()
        && !digits.starts_with('0')
        && digits.len() <= 12
        && digits.bytes().all(|b| b.is_ascii_digit());
    if !valid {
        let id = id.get_ref();
        ctx.error(
            w,
            format!("{what} {id:?}: `wikidata` {value:?} is not a Wikidata item id (Q and a number: \"Q42\")"),
        );
        return None;
    }
    Some(value.to_string())
}

/// A place's coordinates: a point in range, with a radius more than 0, or a box that is a box;
/// an error at the first coordinate key otherwise.
fn place_extent(ctx: &mut Ctx, p: &PlaceDef) -> Option<Extent> {
    let v = |x: &Option<Spanned<f64>>| x.as_ref().map(|x| *x.get_ref());
    let bbox = p.bbox.as_ref().map(|b| b.get_ref().as_slice());
    match Extent::stated(v(&p.latitude), v(&p.longitude), v(&p.radius_km), bbox) {
        Ok(extent) => extent,
        Err(problem) => {
            let at = [&p.latitude, &p.longitude, &p.radius_km]
                .into_iter()
                .flatten()
                .map(|s| s.span())
                .chain(p.bbox.as_ref().map(|b| b.span()))
                .min_by_key(|s| s.start)
                .unwrap_or_else(|| p.id.span());
            let id = p.id.get_ref();
            let located = ctx.locate(at, format!("place {id:?} {problem}"));
            ctx.errors.push(located);
            None
        }
    }
}

/// An organisation's parent or the place a place lies within: a known one of the same kind,
/// and not the thing itself.
fn container<V>(
    ctx: &mut Ctx,
    map: &HashMap<String, V>,
    id: &Spanned<String>,
    outer: &Spanned<String>,
    what: &str,
    field: &str,
    itself: &str,
) -> String {
    if outer.get_ref() == id.get_ref() {
        ctx.error(outer, itself);
    }
    resolve(ctx, map, outer, what, field)
}

/// `[[people]]`: ids, names, aliases and roles.
fn check_people(
    ctx: &mut Ctx,
    file: &SeedFile,
    registry: &Registry,
) -> (Vec<ArticleListing>, Vec<Role>) {
    let mut people = Vec::new();
    let mut roles = Vec::new();
    for p in &file.people {
        let p = p.get_ref();
        for r in &p.roles {
            let organisation = r
                .organisation
                .as_ref()
                .map(|o| resolve(ctx, &registry.organisations, o, "organisation", "a role"));
            roles.push(Role {
                person: p.id.get_ref().clone(),
                title: ctx.non_empty("title", &r.title),
                organisation,
            });
        }
        people.push(ArticleListing {
            wikidata: wikidata(ctx, "person", &p.id, &p.wikidata),
            ..entity(ctx, "person", &p.id, &p.name, &p.aliases)
        });
    }
    (people, roles)
}

/// `[[organisations]]`: ids, names, aliases, kinds and parents.
fn check_organisations(ctx: &mut Ctx, file: &SeedFile, registry: &Registry) -> Vec<ArticleListing> {
    let mut organisations = Vec::new();
    for o in &file.organisations {
        let o = o.get_ref();
        let parent = o.parent.as_ref().map(|p| {
            let itself = "an organisation cannot be its own parent";
            let known = &registry.organisations;
            container(ctx, known, &o.id, p, "organisation", "`parent`", itself)
        });
        let named = entity(ctx, "organisation", &o.id, &o.name, &o.aliases);
        organisations.push(ArticleListing {
            org_kind: o
                .kind
                .as_ref()
                .map(|k| {
                    ctx.limited("kind", k.get_ref(), k.span());
                    k.get_ref().trim().to_string()
                })
                .filter(|k| !k.is_empty()),
            parent,
            wikidata: wikidata(ctx, "organisation", &o.id, &o.wikidata),
            ..named
        });
    }
    organisations
}

/// `[[places]]`: ids, names, aliases and the place each lies within.
fn check_places(ctx: &mut Ctx, file: &SeedFile, registry: &Registry) -> Vec<ArticleListing> {
    let mut places = Vec::new();
    for p in &file.places {
        let p = p.get_ref();
        let within = p.within.as_ref().map(|w| {
            let itself = "a place cannot lie within itself";
            container(ctx, &registry.places, &p.id, w, "place", "`within`", itself)
        });
        let geonames = p.geonames.as_ref().and_then(|g| {
            if *g.get_ref() > 0 {
                return Some(*g.get_ref());
            }
            let (id, g) = (p.id.get_ref(), g.get_ref());
            ctx.error(
                p.geonames.as_ref()?,
                format!("place {id:?}: `geonames` {g} is not a GeoNames id (a number more than 0)"),
            );
            None
        });
        places.push(ArticleListing {
            parent: within,
            wikidata: wikidata(ctx, "place", &p.id, &p.wikidata),
            geonames,
            extent: place_extent(ctx, p),
            ..entity(ctx, "place", &p.id, &p.name, &p.aliases)
        });
    }
    places
}

/// `[[events]]`: this article's report of each event, its date against the publication day.
fn check_events(
    ctx: &mut Ctx,
    file: &SeedFile,
    registry: &Registry,
    published: Option<NaiveDate>,
) -> Vec<ArticleReport> {
    let mut events = Vec::new();
    for e in &file.events {
        let e = e.get_ref();
        let id = ctx.slug("event", &e.id);
        if let Some(t) = &e.date_text {
            ctx.limited("date_text", t.get_ref(), t.span());
        }
        let date_text = e.date_text.as_ref().map(|t| t.get_ref().trim().to_string());
        let (date, resolved) = event_date(ctx, e, published);
        if let (Some(d), Some(p)) = (&date, published) {
            if d.earliest().is_some_and(|first| first > p) && !e.expected {
                let at = match (&e.date, &e.date_text) {
                    (Some(at), _) | (None, Some(at)) => at.span(),
                    (None, None) => e.id.span(),
                };
                let how = if resolved { "resolves to" } else { "is dated" };
                ctx.errors.push(ctx.locate(
                    at,
                    format!(
                        "event {id:?} {how} {d}, after its article was published ({p}); \
                         mark it `expected = true` if it was planned"
                    ),
                ));
            }
        }
        let place = e
            .place
            .as_ref()
            .map(|p| resolve(ctx, &registry.places, p, "place", "`place`"));
        let mut participants: Vec<(Actor, Option<String>)> = Vec::new();
        for part in &e.participants {
            if let Some(actor) = resolve_actor(ctx, registry, &part.id, "`participants`") {
                if participants.iter().any(|(a, _)| *a == actor) {
                    ctx.error(
                        &part.id,
                        format!("{:?} is listed twice as a participant", part.id.get_ref()),
                    );
                    continue;
                }
                let role = part
                    .role
                    .as_ref()
                    .map(|r| {
                        ctx.limited("role", r, part.id.span());
                        r.trim().to_string()
                    })
                    .filter(|r| !r.is_empty());
                participants.push((actor, role));
            }
        }
        events.push(ArticleReport {
            id,
            date,
            date_text: date_text.filter(|t| !t.is_empty()),
            resolved,
            disputed: e.disputed,
            kind: e.kind.as_ref().map(|k| ctx.non_empty("kind", k)),
            title: e.title.as_ref().map(|t| ctx.non_empty("title", t)),
            summary: given_text(&e.summary.as_ref().map(|s| {
                ctx.limited("summary", s.get_ref(), s.span());
                s.get_ref().clone()
            })),
            place,
            participants,
            expected: e.expected,
        });
    }
    events
}

/// `[[figures]]`: a value or a range, its event, subject, claimant, key and `part_of`; its text,
/// when given, found in the article's text like a quote.
fn check_figures(
    ctx: &mut Ctx,
    parsed: &Parsed,
    registry: &Registry,
    found: Option<&[bool]>,
) -> Vec<ArticleFigure> {
    let file = &parsed.file;
    let mut figures = Vec::new();
    let keys: HashSet<&str> = file
        .figures
        .iter()
        .filter_map(|f| f.get_ref().key.as_ref().map(|k| k.get_ref().as_str()))
        .collect();
    let mut keys_seen = HashSet::new();
    for (i, f) in file.figures.iter().enumerate() {
        let fs = f;
        let f = f.get_ref();
        if let (Some(text), Some(found), Some(body)) = (&f.text, found, &parsed.body) {
            if !found[i] && !text.get_ref().trim().is_empty() {
                not_verbatim(ctx, body, text, "figure's text");
            }
        }
        let event = resolve_event(ctx, registry, &f.event, "a figure");
        let amount = check_amount(ctx, fs);
        figures.push(ArticleFigure {
            event,
            amount,
            unit: ctx.non_empty("unit", &f.unit),
            measure: ctx.non_empty("measure", &f.measure),
            about: f
                .about
                .as_ref()
                .and_then(|a| resolve_actor(ctx, registry, a, "`about`")),
            claimed_by: f
                .claimed_by
                .as_ref()
                .and_then(|a| resolve_actor(ctx, registry, a, "`claimed_by`")),
            text: given_text(&f.text.as_ref().map(|t| {
                ctx.limited("figure text", t.get_ref(), t.span());
                t.get_ref().clone()
            })),
            key: f.key.as_ref().map(|k| check_key(ctx, k, &mut keys_seen)),
            part_of: f
                .part_of
                .as_ref()
                .map(|p| check_part_of(ctx, p, &keys, f.key.as_ref())),
        });
    }
    figures
}

/// A figure's amount: one `value`, or `low` and `high` in that order.
fn check_amount(ctx: &mut Ctx, fs: &Spanned<FigureDef>) -> Amount {
    let f = fs.get_ref();
    match (&f.value, &f.low, &f.high) {
        (Some(_), None, None) => {}
        (None, Some(low), Some(high)) => {
            if low.get_ref().as_f64() > high.get_ref().as_f64() {
                ctx.error(low, "a figure's `low` must not be greater than its `high`");
            }
        }
        (Some(v), _, _) => ctx.error(
            v,
            "a figure has either `value` or `low` and `high`, not both",
        ),
        (None, _, _) => ctx.error(fs, "a figure needs `value`, or both `low` and `high`"),
    }
    Amount {
        value: f.value.as_ref().map(|v| *v.get_ref()),
        low: f.low.as_ref().map(|v| *v.get_ref()),
        high: f.high.as_ref().map(|v| *v.get_ref()),
        qualifier: f.qualifier,
    }
}

/// A figure's `key`: a slug, used once in its file (`seen`: the keys met so far).
fn check_key<'a>(ctx: &mut Ctx, k: &'a Spanned<String>, seen: &mut HashSet<&'a str>) -> String {
    ctx.slug("figure", k);
    if !seen.insert(k.get_ref().as_str()) {
        ctx.error(
            k,
            format!("figure key {:?} is used twice in this file", k.get_ref()),
        );
    }
    k.get_ref().clone()
}

/// A figure's `part_of`: the key of another figure of its file (`keys`).
fn check_part_of(
    ctx: &mut Ctx,
    p: &Spanned<String>,
    keys: &HashSet<&str>,
    own: Option<&Spanned<String>>,
) -> String {
    if !keys.contains(p.get_ref().as_str()) {
        ctx.error(
            p,
            format!(
                "`part_of` names figure key {:?}, which no figure of this file has",
                p.get_ref()
            ),
        );
    } else if own.is_some_and(|k| k.get_ref() == p.get_ref()) {
        ctx.error(p, "a figure cannot be part of itself");
    }
    p.get_ref().clone()
}

/// Which of `quotes` occur in `body`, all looked for in one pass over it (Aho-Corasick), so that
/// a long article with many quotes is read once, not once a quote.
pub fn found_in(body: &str, quotes: &[String]) -> Vec<bool> {
    // An empty quote is found anywhere (and is an error of its own).
    let mut found: Vec<bool> = quotes.iter().map(String::is_empty).collect();
    let wanted: Vec<usize> = (0..quotes.len()).filter(|&i| !found[i]).collect();
    let patterns = wanted.iter().map(|&i| &quotes[i]);
    let Ok(automaton) = aho_corasick::AhoCorasick::new(patterns) else {
        // Too many or too long to build (far past the limits on a seed file): one at a time.
        return quotes.iter().map(|q| body.contains(q.as_str())).collect();
    };
    let mut left = wanted.len();
    for m in automaton.find_overlapping_iter(body) {
        if left == 0 {
            break;
        }
        let seen = &mut found[wanted[m.pattern().as_usize()]];
        if !*seen {
            *seen = true;
            left -= 1;
        }
    }
    found
}

/// `[[quotes]]`: each found verbatim in the article's text, when it has one (`found`).
fn check_quotes(
    ctx: &mut Ctx,
    parsed: &Parsed,
    registry: &Registry,
    found: Option<&[bool]>,
) -> Vec<ArticleQuote> {
    let file = &parsed.file;
    let mut quotes = Vec::new();
    for (i, q) in file.quotes.iter().enumerate() {
        let q = q.get_ref();
        let text = ctx.non_empty("text", &q.text);
        if let (Some(found), Some(body)) = (found, &parsed.body) {
            if !text.is_empty() && !found[i] {
                not_verbatim(ctx, body, &q.text, "quote");
            }
        }
        let speaker = resolve_actor(ctx, registry, &q.speaker, "`speaker`");
        let event = q
            .event
            .as_ref()
            .map(|e| resolve_event(ctx, registry, e, "a quote"));
        if let Some(speaker) = speaker {
            quotes.push(ArticleQuote {
                speaker,
                event,
                text,
            });
        }
    }
    quotes
}

#[cfg(test)]
mod tests {
    use super::found_in;

    #[test]
    fn quotes_are_found_in_one_pass_whatever_they_share() {
        let body = "we are here. we are here to stay. the north is worse";
        let quotes: Vec<String> = [
            "we are here",
            "are here to stay",
            "here to",
            "",
            "the north is worse",
            "the south",
            "worse than",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            found_in(body, &quotes),
            [true, true, true, true, true, false, false]
        );
        assert_eq!(found_in(body, &[]), Vec::<bool>::new());
    }
}
