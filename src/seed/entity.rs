//! The three kinds of thing an article lists by id besides events: people, organisations and
//! places. Each kind is described once here (its name, how its parent link reads, the SQL of its
//! tables), so the code that stores, merges and exports them is written once for all three.
//!
//! The row statements take the same parameters for every kind: `?1` id, `?2` name, `?3` an
//! organisation's kind, `?4` its parent (the place a place lies within), `?5` the article; a
//! kind without a column leaves its parameter unused.

/// One kind of listed thing.
#[derive(Debug)]
pub struct EntityKind {
    /// As `definitions.kind` stores it and messages name it: "person".
    pub name: &'static str,
    /// With its article, for messages: "a person".
    pub label: &'static str,
    /// How its parent link reads in messages: "has parent", "lies within".
    pub link: &'static str,
    /// Its row as the only article listing it states it, replacing any row there was.
    pub upsert: &'static str,
    /// Its row, if there is none yet, for an id other articles list too (merged at the end).
    pub insert: &'static str,
    /// One alias an article gives it: `?1` id, `?2` alias, `?3` the article.
    pub insert_alias: &'static str,
    /// Its row merged from every article; only a row whose values change is written.
    pub update: &'static str,
    /// Every row of this kind that no article lists any longer goes.
    pub delete_unlisted: &'static str,
    /// The aliases one article gave it, in the order given: `?1` id, `?2` the article.
    pub aliases_of: &'static str,
}

pub const PERSON: EntityKind = EntityKind {
    name: "person",
    label: "a person",
    link: "has parent",
    upsert: "
        INSERT INTO people (id, name, source_id) VALUES (?1, ?2, ?5)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, source_id = excluded.source_id",
    insert: "
        INSERT INTO people (id, name, source_id) VALUES (?1, ?2, ?5) ON CONFLICT (id) DO NOTHING",
    insert_alias: "
        INSERT OR IGNORE INTO person_aliases (person_id, alias, source_id) VALUES (?1, ?2, ?3)",
    update: "
        UPDATE people SET name = ?2, source_id = ?5
        WHERE id = ?1 AND (name IS NOT ?2 OR source_id IS NOT ?5)",
    delete_unlisted: "
        DELETE FROM people WHERE NOT EXISTS
            (SELECT 1 FROM definitions d WHERE d.kind = 'person' AND d.id = people.id)",
    aliases_of: "
        SELECT alias FROM person_aliases WHERE person_id = ?1 AND source_id = ?2 ORDER BY rowid",
};

pub const ORGANISATION: EntityKind = EntityKind {
    name: "organisation",
    label: "an organisation",
    link: "has parent",
    upsert: "
        INSERT INTO organisations (id, name, kind, parent_id, source_id)
        VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind,
            parent_id = excluded.parent_id, source_id = excluded.source_id",
    insert: "
        INSERT INTO organisations (id, name, kind, parent_id, source_id)
        VALUES (?1, ?2, ?3, ?4, ?5)
        ON CONFLICT (id) DO NOTHING",
    insert_alias: "
        INSERT OR IGNORE INTO organisation_aliases (organisation_id, alias, source_id)
        VALUES (?1, ?2, ?3)",
    update: "
        UPDATE organisations SET name = ?2, kind = ?3, parent_id = ?4, source_id = ?5
        WHERE id = ?1 AND (name IS NOT ?2 OR kind IS NOT ?3 OR parent_id IS NOT ?4
            OR source_id IS NOT ?5)",
    delete_unlisted:
        "
        DELETE FROM organisations WHERE NOT EXISTS
            (SELECT 1 FROM definitions d WHERE d.kind = 'organisation' AND d.id = organisations.id)",
    aliases_of: "
        SELECT alias FROM organisation_aliases WHERE organisation_id = ?1 AND source_id = ?2
        ORDER BY rowid",
};

pub const PLACE: EntityKind = EntityKind {
    name: "place",
    label: "a place",
    link: "lies within",
    upsert: "
        INSERT INTO places (id, name, within_id, source_id) VALUES (?1, ?2, ?4, ?5)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, within_id = excluded.within_id,
            source_id = excluded.source_id",
    insert: "
        INSERT INTO places (id, name, within_id, source_id) VALUES (?1, ?2, ?4, ?5)
        ON CONFLICT (id) DO NOTHING",
    insert_alias: "
        INSERT OR IGNORE INTO place_aliases (place_id, alias, source_id) VALUES (?1, ?2, ?3)",
    update: "
        UPDATE places SET name = ?2, within_id = ?4, source_id = ?5
        WHERE id = ?1 AND (name IS NOT ?2 OR within_id IS NOT ?4 OR source_id IS NOT ?5)",
    delete_unlisted: "
        DELETE FROM places WHERE NOT EXISTS
            (SELECT 1 FROM definitions d WHERE d.kind = 'place' AND d.id = places.id)",
    aliases_of: "
        SELECT alias FROM place_aliases WHERE place_id = ?1 AND source_id = ?2 ORDER BY rowid",
};

/// Every kind, in the order their rows are removed when no article lists them.
pub const KINDS: [&EntityKind; 3] = [&PERSON, &ORGANISATION, &PLACE];

/// The kind `definitions.kind` names.
pub fn kind_named(name: &str) -> Option<&'static EntityKind> {
    KINDS.into_iter().find(|k| k.name == name)
}
