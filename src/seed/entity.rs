//! The three kinds of thing an article lists by id besides events: people, organisations and
//! places. Each kind is described once here (its name, how its parent link reads, the SQL of its
//! tables), so the code that stores, merges and exports them is written once for all three.
//!
//! The row statements take the same parameters for every kind: `?1` id, `?2` name, `?3` an
//! organisation's kind, `?4` its parent (the place a place lies within), `?5` the article, `?6`
//! its Wikidata item, `?7` a place's GeoNames id; a kind without a column leaves its parameter
//! unused.

/// One kind of listed thing.
#[derive(Debug)]
pub struct EntityKind {
    /// As `definitions.kind` stores it and messages name it: "person".
    pub name: &'static str,
    /// With its article, for messages: "a person".
    pub label: &'static str,
    /// How its parent link reads in messages: "has parent", "lies within".
    pub link: &'static str,
    /// Its merged row; only a row that is new or whose values change is written.
    pub upsert: &'static str,
    /// One alias an article gives it: `?1` id, `?2` alias, `?3` the article.
    pub insert_alias: &'static str,
    /// Its row `?1`, if no article lists it any longer.
    pub delete_unlisted: &'static str,
    /// The aliases one article gave it, in the order given: `?1` id, `?2` the article.
    pub aliases_of: &'static str,
}

pub const PERSON: EntityKind = EntityKind {
    name: "person",
    label: "a person",
    link: "has parent",
    upsert: "
        INSERT INTO people (id, name, source_id, wikidata) VALUES (?1, ?2, ?5, ?6)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, source_id = excluded.source_id,
            wikidata = excluded.wikidata
        WHERE name IS NOT excluded.name OR source_id IS NOT excluded.source_id
            OR wikidata IS NOT excluded.wikidata",
    insert_alias: "
        INSERT OR IGNORE INTO person_aliases (person_id, alias, source_id) VALUES (?1, ?2, ?3)",
    delete_unlisted: "
        DELETE FROM people WHERE id = ?1 AND NOT EXISTS
            (SELECT 1 FROM definitions d WHERE d.kind = 'person' AND d.id = ?1)",
    aliases_of: "
        SELECT alias FROM person_aliases WHERE person_id = ?1 AND source_id = ?2 ORDER BY rowid",
};

pub const ORGANISATION: EntityKind = EntityKind {
    name: "organisation",
    label: "an organisation",
    link: "has parent",
    upsert: "
        INSERT INTO organisations (id, name, kind, parent_id, source_id, wikidata)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
            parent_id = excluded.parent_id, source_id = excluded.source_id,
            wikidata = excluded.wikidata
        WHERE name IS NOT excluded.name OR kind IS NOT excluded.kind
            OR parent_id IS NOT excluded.parent_id OR source_id IS NOT excluded.source_id
            OR wikidata IS NOT excluded.wikidata",
    insert_alias: "
        INSERT OR IGNORE INTO organisation_aliases (organisation_id, alias, source_id)
        VALUES (?1, ?2, ?3)",
    delete_unlisted: "
        DELETE FROM organisations WHERE id = ?1 AND NOT EXISTS
            (SELECT 1 FROM definitions d WHERE d.kind = 'organisation' AND d.id = ?1)",
    aliases_of: "
        SELECT alias FROM organisation_aliases WHERE organisation_id = ?1 AND source_id = ?2
        ORDER BY rowid",
};

pub const PLACE: EntityKind = EntityKind {
    name: "place",
    label: "a place",
    link: "lies within",
    upsert: "
        INSERT INTO places (id, name, within_id, source_id, wikidata, geonames)
        VALUES (?1, ?2, ?4, ?5, ?6, ?7)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, within_id = excluded.within_id,
            source_id = excluded.source_id, wikidata = excluded.wikidata,
            geonames = excluded.geonames
        WHERE name IS NOT excluded.name OR within_id IS NOT excluded.within_id
            OR source_id IS NOT excluded.source_id OR wikidata IS NOT excluded.wikidata
            OR geonames IS NOT excluded.geonames",
    insert_alias: "
        INSERT OR IGNORE INTO place_aliases (place_id, alias, source_id) VALUES (?1, ?2, ?3)",
    delete_unlisted: "
        DELETE FROM places WHERE id = ?1 AND NOT EXISTS
            (SELECT 1 FROM definitions d WHERE d.kind = 'place' AND d.id = ?1)",
    aliases_of: "
        SELECT alias FROM place_aliases WHERE place_id = ?1 AND source_id = ?2 ORDER BY rowid",
};

/// One person, organisation or place: its kind (as `definitions.kind` names it) and id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntityId {
    pub kind: &'static str,
    pub id: String,
}

impl EntityId {
    pub fn of(kind: &EntityKind, id: &str) -> EntityId {
        EntityId {
            kind: kind.name,
            id: id.to_string(),
        }
    }
}

/// Every kind, in the order their rows are removed when no article lists them.
pub const KINDS: [&EntityKind; 3] = [&PERSON, &ORGANISATION, &PLACE];

/// The kind `definitions.kind` names.
pub fn kind_named(name: &str) -> Option<&'static EntityKind> {
    KINDS.into_iter().find(|k| k.name == name)
}
