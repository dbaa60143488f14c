//! The entity-relationship diagram (`ormgen graph`): mermaid's `erDiagram`
//! or graphviz DOT. One entity per table with its columns (PK, FK, UK
//! marked), one relationship per foreign key, labelled with the association
//! that made it; a junction is drawn as its two foreign keys. Crow's feet:
//! `||--o|` for a unique foreign key (one-to-one), `||--o{` otherwise; a
//! dotted line for a foreign key without a constraint.

use crate::ir::{self, Schema, Type};
use askama::Template;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

struct Column {
    ty: String,
    name: String,
    port: String,
    keys: String,
}

struct Entity {
    /// An identifier both formats accept.
    id: String,
    /// Mermaid's `["table name"]` when the table name is no identifier.
    alias: String,
    title: String,
    columns: Vec<Column>,
}

struct Relation {
    one: String,
    one_port: String,
    many: String,
    many_port: String,
    one_side: &'static str,
    line: &'static str,
    many_side: &'static str,
    label: String,
    dot_head: &'static str,
    dot_tail: &'static str,
}

#[derive(Template)]
#[template(path = "graph/mermaid.txt", escape = "none")]
struct Mermaid<'a> {
    entities: &'a [Entity],
    relations: &'a [Relation],
}

#[derive(Template)]
#[template(path = "graph/dot.txt", escape = "none")]
struct Dot<'a> {
    entities: &'a [Entity],
    relations: &'a [Relation],
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

fn entity(schema: &Schema, id: ir::ModelId, ids: &[String], format: GraphFormat) -> Entity {
    let m = schema.model(id);
    let columns = m
        .attributes
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let mut keys = Vec::new();
            if a.primary_key {
                keys.push("PK");
            }
            if m.foreign_keys.iter().any(|f| f.attr == i) {
                keys.push("FK");
            }
            if !a.primary_key && m.is_unique_set(&[i]) {
                keys.push("UK");
            }
            let ty = match &a.ty {
                Type::Scalar(s) => s.keyword().to_string(),
                Type::Enum(e) => schema.enums[e.0].name.to_string(),
            };
            let name = match format {
                GraphFormat::Mermaid => sanitize(&a.column),
                GraphFormat::Dot => html(&a.column),
            };
            Column {
                ty,
                name,
                port: format!("c{i}"),
                keys: keys.join(", "),
            }
        })
        .collect();
    let entity_id = ids[id.0].clone();
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

fn relation(
    schema: &Schema,
    holder: ir::ModelId,
    fk: &ir::ForeignKey,
    ids: &[String],
    through: &rustc_hash::FxHashMap<ir::AttrRef, &ir::Association>,
) -> Relation {
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
    let label = association.name().replace('"', "'");
    Relation {
        one: ids[fk.references.model.0].clone(),
        one_port: format!("c{}", fk.references.attr),
        many: ids[holder.0].clone(),
        many_port: format!("c{}", fk.attr),
        one_side: "||",
        line: if fk.constrained { "--" } else { ".." },
        many_side: if unique { "o|" } else { "o{" },
        label,
        dot_head: "teetee",
        dot_tail: if unique { "teeodot" } else { "crowodot" },
    }
}

/// Mermaid attribute names: letters, digits, `_` and `-`.
fn sanitize(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
