//! The rule for a place's coordinates when several articles give them: the most precise
//! extent stands (the smallest: a point before a point with a radius, a narrow box before a
//! wide one), equal ones by their coordinates, so the choice never depends on the order the
//! articles were read in. Two statements whose centres are more than [`FAR_APART_KM`] apart
//! are kept all the same (the finer stands), and `check` and `seed` warn of them: an
//! investigator wants to see that two articles put one place in different spots.

use std::cmp::Ordering;

use crate::geo::{distance_km, Extent};

/// Two statements of one place's coordinates whose centres are further apart than this (km)
/// are worth a warning.
pub const FAR_APART_KM: f64 = 10.0;

/// The extent that stands of those the articles give: the smallest, then the first by
/// latitude, longitude and box.
pub fn choose<'a>(stated: impl IntoIterator<Item = &'a Extent>) -> Option<Extent> {
    stated.into_iter().copied().min_by(order)
}

/// Whether two statements of one place put it far apart.
pub fn far_apart(a: &Extent, b: &Extent) -> bool {
    let ((la, oa), (lb, ob)) = (a.centre(), b.centre());
    distance_km(la, oa, lb, ob) > FAR_APART_KM
}

/// Finer first; a total order, so the choice is the same whatever order statements come in.
fn order(a: &Extent, b: &Extent) -> Ordering {
    let key = |e: &Extent| {
        let bb = e.bbox();
        let (lat, lon) = e.centre();
        [e.size_km(), lat, lon, bb.west, bb.south, bb.east, bb.north]
    };
    let (ka, kb) = (key(a), key(b));
    ka.iter()
        .zip(kb.iter())
        .map(|(x, y)| x.total_cmp(y))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::BBox;

    #[test]
    fn the_finest_extent_stands_whatever_the_order() {
        let point = Extent::Point {
            latitude: 42.908,
            longitude: 20.84,
            radius_km: None,
        };
        let wide = Extent::Point {
            latitude: 42.9,
            longitude: 20.8,
            radius_km: Some(3.0),
        };
        let area = Extent::Area(BBox::from_array([20.2, 42.7, 21.2, 43.3]));
        for list in [
            [point, wide, area],
            [area, wide, point],
            [wide, area, point],
        ] {
            assert_eq!(choose(&list), Some(point));
        }
        assert_eq!(choose(&[]), None);
        assert!(!far_apart(&point, &wide));
        let brussels = Extent::Point {
            latitude: 50.847,
            longitude: 4.357,
            radius_km: None,
        };
        assert!(far_apart(&point, &brussels));
    }
}
