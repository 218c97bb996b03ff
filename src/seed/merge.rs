//! How what several articles state of one thing becomes the record's one value. Every rule here
//! is a function of the set of statements, never of the order they were met in: the checker
//! uses them to find statements that cannot be merged, the writer to compute the stored row.
//!
//! - Text fields (an event's kind, title and summary; an organisation's kind): articles that
//!   state one must state the same; the others leave it out.
//! - Names: the same once folded as lookups fold them (accents, case and punctuation aside);
//!   the record shows the form with the most letters outside ASCII (the accented one), then the
//!   smallest.
//! - Parents (an organisation's parent, the place a place lies within): the same, or left out.
//! - An event's place: the same, or one lies within the other, and the event took place in the
//!   smaller one.
//! - An event's date: see [`super::reports`].

use crate::text::fold;

/// Whether two names are one name, as lookups compare them ("Aleksandar Vučić" and
/// "Aleksandar Vucic").
pub fn same_name(a: &str, b: &str) -> bool {
    a == b || fold(a) == fold(b)
}

/// Of two forms of one name, the one the record shows: the one with more letters outside ASCII
/// (the accented form), then the smaller. Commutative, so the result does not depend on which
/// article came first.
pub fn preferred_name<'a>(a: &'a str, b: &'a str) -> &'a str {
    let rank = |s: &str| std::cmp::Reverse(s.chars().filter(|c| !c.is_ascii()).count());
    if (rank(a), a) <= (rank(b), b) {
        a
    } else {
        b
    }
}

/// Whether place `inner` is `outer` or lies within it, following `within` links (`parent`).
/// A chain longer than `limit` links (a loop, which the checker reports) stops the search.
pub fn lies_within<'a>(
    inner: &'a str,
    outer: &str,
    parent: impl Fn(&str) -> Option<&'a str>,
    limit: usize,
) -> bool {
    let mut at = inner;
    for _ in 0..=limit {
        if at == outer {
            return true;
        }
        match parent(at) {
            Some(p) => at = p,
            None => return false,
        }
    }
    false
}

/// Of two places given for one event, the one it took place in: the smaller when one lies
/// within the other; `None` when neither does (the reports disagree).
pub fn narrower<'a>(
    a: &'a str,
    b: &'a str,
    parent: impl Fn(&str) -> Option<&'a str> + Copy,
    limit: usize,
) -> Option<&'a str> {
    if lies_within(a, b, parent, limit) {
        Some(a)
    } else if lies_within(b, a, parent, limit) {
        Some(b)
    } else {
        None
    }
}

/// The first link of a loop of parents starting at `id` (the id whose parent closes it), if
/// following `parent` from `id` comes back to `id`.
pub fn closes_loop<'a>(
    id: &'a str,
    parent: impl Fn(&str) -> Option<&'a str>,
    limit: usize,
) -> Option<Vec<&'a str>> {
    let mut chain = vec![id];
    let mut at = id;
    for _ in 0..=limit {
        match parent(at) {
            Some(p) if p == id => {
                chain.push(p);
                return Some(chain);
            }
            Some(p) if chain.contains(&p) => return None,
            Some(p) => {
                chain.push(p);
                at = p;
            }
            None => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn names_compare_as_lookups_do_and_the_accented_form_is_shown() {
        assert!(same_name("Aleksandar Vučić", "Aleksandar Vucic"));
        assert!(same_name("KFOR", "kfor"));
        assert!(!same_name("Aleksandar Vučić", "Ana Brnabić"));
        for (a, b) in [
            ("Aleksandar Vučić", "Aleksandar Vucic"),
            ("Zvečan", "Zvecan"),
        ] {
            assert_eq!(preferred_name(a, b), a);
            assert_eq!(preferred_name(b, a), a);
        }
        assert_eq!(preferred_name("KFOR", "Kfor"), "KFOR");
        assert_eq!(preferred_name("Kfor", "KFOR"), "KFOR");
    }

    #[test]
    fn the_narrower_place_wins_and_unrelated_places_do_not_merge() {
        let within: HashMap<&str, &str> = [("zvecan", "north-kosovo"), ("north-kosovo", "kosovo")]
            .into_iter()
            .collect();
        let parent = |id: &str| within.get(id).copied();
        assert_eq!(narrower("kosovo", "zvecan", parent, 10), Some("zvecan"));
        assert_eq!(narrower("zvecan", "kosovo", parent, 10), Some("zvecan"));
        assert_eq!(narrower("zvecan", "zvecan", parent, 10), Some("zvecan"));
        assert_eq!(narrower("zvecan", "brussels", parent, 10), None);
    }

    #[test]
    fn loops_of_parents_are_found() {
        let links: HashMap<&str, &str> = [("a", "b"), ("b", "c"), ("c", "a"), ("d", "a")]
            .into_iter()
            .collect();
        let parent = |id: &str| links.get(id).copied();
        assert_eq!(closes_loop("a", parent, 10), Some(vec!["a", "b", "c", "a"]));
        // d leads into the loop but is not on it.
        assert_eq!(closes_loop("d", parent, 10), None);
        assert_eq!(closes_loop("x", parent, 10), None);
    }
}
