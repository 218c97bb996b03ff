//! The rules for places and parents: an event's place when its reports give several, and
//! chains of `within` or `parent` links, followed at most [`MAX_DEPTH`] links (a longer chain
//! is a loop, which the checker reports).
//!
//! An event's place ([`EventPlace`]): when every place its reports give lies on one chain of
//! `within` links (each is the other or lies within it), the event took place in the narrowest
//! of them. When two of them do not (neither lies within the other), the place is disputed:
//! each report keeps its own, and the event's place is the narrowest place every reported place
//! lies within, when the record has one, else none. Both are functions of the set of places,
//! whatever the order the reports come in.

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

/// The narrowest place that both `a` and `b` are or lie within; `None` when their chains of
/// `within` links never meet.
pub fn common<'p>(
    a: &str,
    b: &str,
    parent: impl Fn(&str) -> Option<&'p str> + Copy,
    limit: usize,
) -> Option<String> {
    let mut at: String = a.to_string();
    for _ in 0..=limit {
        if lies_within(b, &at, parent, limit) {
            return Some(at);
        }
        at = parent(&at)?.to_string();
    }
    None
}

/// An event's place, as its reports' places are added one at a time (see the module's
/// documentation for the rule).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventPlace {
    /// Whether some place was added.
    any: bool,
    /// The narrowest place added, while every place lies on one chain.
    narrowest: Option<String>,
    /// The narrowest place every place added is or lies within (none when there is none).
    common: Option<String>,
    /// Two places added lie on no one chain.
    disputed: bool,
}

impl EventPlace {
    /// Add a report's place.
    pub fn add<'p>(&mut self, p: &str, parent: impl Fn(&str) -> Option<&'p str> + Copy) {
        if !self.any {
            self.any = true;
            self.narrowest = Some(p.to_string());
            self.common = Some(p.to_string());
            return;
        }
        self.common = (self.common.as_deref()).and_then(|c| common(c, p, parent, MAX_DEPTH));
        if let Some(n) = self.narrowest.as_deref() {
            match narrower(p, n, parent, MAX_DEPTH) {
                Some(m) => self.narrowest = Some(m.to_string()),
                None => {
                    self.narrowest = None;
                    self.disputed = true;
                }
            }
        }
    }

    /// Whether two places added lie on no one chain.
    pub fn disputed(&self) -> bool {
        self.disputed
    }

    /// The event's place: the narrowest, or when disputed, the narrowest that every place is
    /// or lies within.
    pub fn place(&self) -> Option<String> {
        if self.disputed {
            self.common.clone()
        } else {
            self.narrowest.clone()
        }
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
    fn places_on_no_one_chain_are_disputed_and_the_event_lies_in_what_they_share() {
        let within: HashMap<&str, &str> = [
            ("zvecan", "north-kosovo"),
            ("north-kosovo", "kosovo"),
            ("kosovo", "balkans"),
            ("gnjilica", "central-serbia"),
            ("central-serbia", "serbia"),
            ("serbia", "balkans"),
        ]
        .into_iter()
        .collect();
        let parent = |id: &str| within.get(id).copied();
        let placed = |places: &[&str]| {
            let mut e = EventPlace::default();
            for p in places {
                e.add(p, parent);
            }
            (e.place(), e.disputed())
        };
        assert_eq!(placed(&[]), (None, false));
        assert_eq!(
            placed(&["kosovo", "zvecan"]),
            (Some("zvecan".into()), false)
        );
        let three = ["kosovo", "zvecan", "gnjilica"];
        let orders = [
            [0, 1, 2],
            [0, 2, 1],
            [1, 0, 2],
            [1, 2, 0],
            [2, 0, 1],
            [2, 1, 0],
        ];
        for order in orders {
            let places: Vec<&str> = order.iter().map(|&i| three[i]).collect();
            assert_eq!(placed(&places), (Some("balkans".into()), true), "{order:?}");
        }
        // No place holds both: disputed, and no place.
        assert_eq!(placed(&["zvecan", "brussels"]), (None, true));
        assert_eq!(
            common("zvecan", "kosovo", parent, 10),
            Some("kosovo".into())
        );
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
