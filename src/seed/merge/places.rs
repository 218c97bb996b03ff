//! The rules for places and parents: an event's place when its reports give several (one lies
//! within the other, and the event took place in the smaller), and chains of `within` or
//! `parent` links, followed at most [`MAX_DEPTH`] links (a longer chain is a loop, which the
//! checker reports).

/// The most links followed up a chain of `within` or `parent` links.
pub const MAX_DEPTH: usize = 64;

/// Whether place `inner` is `outer` or lies within it, following `within` links (`parent`).
/// A chain longer than `limit` links (a loop, which the checker reports) stops the search.
pub fn lies_within<'p>(
    inner: &str,
    outer: &str,
    parent: impl Fn(&str) -> Option<&'p str>,
    limit: usize,
) -> bool {
    let mut at: &str = inner;
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
pub fn narrower<'a, 'p>(
    a: &'a str,
    b: &'a str,
    parent: impl Fn(&str) -> Option<&'p str> + Copy,
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
