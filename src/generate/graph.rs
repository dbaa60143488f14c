//! The entity-relationship diagram (`ormgen graph`): mermaid's `erDiagram`
//! or graphviz DOT. One entity per table with its columns (PK, FK, UK
//! marked), one relationship per foreign key, labelled with the association
//! that made it; a junction is drawn as its two foreign keys. Crow's feet:
//! `||--o|` for a unique foreign key (one-to-one), `||--o{` otherwise; a
//! dotted line for a foreign key without a constraint.

use crate::ir::{self, Schema, Type};
use askama::Template;
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

// The rows borrow from the schema: a copy of every column's name and type
// made the diagram of a large schema cost more than resolving it.

struct Column<'a> {
    ty: &'a str,
    name: Cow<'a, str>,
    /// Its position: the DOT port `c{port}`.
    port: usize,
    keys: &'static str,
}

struct Entity<'a> {
    /// An identifier both formats accept.
    id: &'a str,
    /// Mermaid's `["table name"]` when the table name is no identifier.
    alias: String,
    title: Cow<'a, str>,
    columns: Vec<Column<'a>>,
}

struct Relation<'a> {
    one: &'a str,
    one_port: usize,
    many: &'a str,
    many_port: usize,
    one_side: &'static str,
    line: &'static str,
    many_side: &'static str,
    label: Cow<'a, str>,
    dot_head: &'static str,
    dot_tail: &'static str,
}

#[derive(Template)]
#[template(path = "graph/mermaid.txt", escape = "none")]
struct Mermaid<'a> {
    entities: &'a [Entity<'a>],
    relations: &'a [Relation<'a>],
}

#[derive(Template)]
#[template(path = "graph/dot.txt", escape = "none")]
struct Dot<'a> {
    entities: &'a [Entity<'a>],
    relations: &'a [Relation<'a>],
}

/// The diagram of a resolved schema, tables in creation order.
pub fn render(schema: &Schema, format: GraphFormat) -> String {
    let ids = entity_ids(schema);
    let order: Vec<ir::ModelId> = if schema.creation_order.len() == schema.models.len() {
        schema.creation_order.clone()
    } else {
        (0..schema.models.len()).map(ir::ModelId).collect()
    };
    let entities: Vec<Entity> = order
        .iter()
        .map(|&m| entity(schema, m, &ids, format))
        .collect();
    // A junction's foreign keys, by attribute: the belongsToMany through each.
    let through: rustc_hash::FxHashMap<ir::AttrRef, &ir::Association> = schema
        .associations
        .iter()
        .filter(|a| a.junction.is_some())
        .map(|a| (a.foreign_key, a))
        .collect();
    let relations: Vec<Relation> = order
        .iter()
        .flat_map(|&m| schema.model(m).foreign_keys.iter().map(move |fk| (m, fk)))
        .map(|(m, fk)| relation(schema, m, fk, &ids, &through))
        .collect();
    let text = match format {
        GraphFormat::Mermaid => Mermaid {
            entities: &entities,
            relations: &relations,
        }
        .render(),
        GraphFormat::Dot => Dot {
            entities: &entities,
            relations: &relations,
        }
        .render(),
    };
    let mut text = text.unwrap_or_default();
    text.push('\n');
    text
}

/// Table names made into identifiers, unique across the schema.
fn entity_ids(schema: &Schema) -> Vec<String> {
    let mut ids: Vec<String> = Vec::with_capacity(schema.models.len());
    let mut taken = rustc_hash::FxHashSet::default();
    for m in &schema.models {
        let mut id: String = m
            .table
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
            id.insert(0, 't');
        }
        while taken.contains(&id) {
            id.push('_');
        }
        taken.insert(id.clone());
        ids.push(id);
    }
    ids
}

fn entity<'a>(
    schema: &'a Schema,
    id: ir::ModelId,
    ids: &'a [String],
    format: GraphFormat,
) -> Entity<'a> {
    let m = schema.model(id);
    let columns = m
        .attributes
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let primary = a.primary_key;
            let foreign = m.foreign_keys.iter().any(|f| f.attr == i);
            let unique = !primary && m.is_unique_set(&[i]);
            let keys = match (primary, foreign, unique) {
                (true, true, _) => "PK, FK",
                (true, false, _) => "PK",
                (false, true, true) => "FK, UK",
                (false, true, false) => "FK",
                (false, false, true) => "UK",
                (false, false, false) => "",
            };
            let ty = match &a.ty {
                Type::Scalar(s) => s.keyword(),
                Type::Enum(e) => schema.enums[e.0].name.as_str(),
            };
            let name = match format {
                GraphFormat::Mermaid => sanitize(&a.column),
                GraphFormat::Dot => html(&a.column),
            };
            Column {
                ty,
                name,
                port: i,
                keys,
            }
        })
        .collect();
    let entity_id = ids[id.0].as_str();
    let alias = if entity_id == m.table {
        String::new()
    } else {
        format!("[\"{}\"]", m.table.replace('"', "'"))
    };
    Entity {
        id: entity_id,
        alias,
        title: html(&m.table),
        columns,
    }
}

fn relation<'a>(
    schema: &'a Schema,
    holder: ir::ModelId,
    fk: &ir::ForeignKey,
    ids: &'a [String],
    through: &rustc_hash::FxHashMap<ir::AttrRef, &'a ir::Association>,
) -> Relation<'a> {
    let m = schema.model(holder);
    let unique = m.is_unique_set(&[fk.attr]);
    // A junction's foreign key is labelled with the belongsToMany that
    // reaches the junction through it (`children` and `parents` for the two
    // keys of a self-association).
    let own = ir::AttrRef {
        model: holder,
        attr: fk.attr,
    };
    let association = through
        .get(&own)
        .copied()
        .unwrap_or_else(|| schema.association(fk.association));
    let name = association.name();
    let label = if name.contains('"') {
        Cow::Owned(name.replace('"', "'"))
    } else {
        Cow::Borrowed(name)
    };
    Relation {
        one: &ids[fk.references.model.0],
        one_port: fk.references.attr,
        many: &ids[holder.0],
        many_port: fk.attr,
        one_side: "||",
        line: if fk.constrained { "--" } else { ".." },
        many_side: if unique { "o|" } else { "o{" },
        label,
        dot_head: "teetee",
        dot_tail: if unique { "teeodot" } else { "crowodot" },
    }
}

/// Mermaid attribute names: letters, digits, `_` and `-`.
fn sanitize(s: &str) -> Cow<'_, str> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if s.chars().all(allowed) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if allowed(c) { c } else { '_' })
            .collect(),
    )
}

fn html(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"']) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;"),
    )
}
