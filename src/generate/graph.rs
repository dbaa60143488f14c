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
    d: &'a Diagram<'a>,
}

#[derive(Template)]
#[template(path = "graph/dot.txt", escape = "none")]
struct Dot<'a> {
    d: &'a Diagram<'a>,
}

/// What the templates draw: an entity per table and a relation per foreign
/// key, each made when the template reaches it and dropped once written,
/// so that a diagram costs its text and not a copy of the schema.
struct Diagram<'a> {
    schema: &'a Schema,
    format: GraphFormat,
    /// Tables in creation order.
    order: Cow<'a, [ir::ModelId]>,
    ids: Vec<Cow<'a, str>>,
    /// The junctions' foreign keys and the belongsToMany through each,
    /// by model: model `m`'s are `through[through_starts[m]..through_starts[m + 1]]`
    /// (a list read in model order, where a hash table of a large schema
    /// would be far from the processor's cache).
    through: Vec<(usize, &'a ir::Association)>,
    through_starts: Vec<usize>,
}

impl<'a> Diagram<'a> {
    fn new(schema: &'a Schema, format: GraphFormat) -> Self {
        let order = if schema.creation_order.len() == schema.models.len() {
            Cow::Borrowed(schema.creation_order.as_slice())
        } else {
            Cow::Owned((0..schema.models.len()).map(ir::ModelId).collect())
        };
        let mut keys: Vec<(ir::AttrRef, &ir::Association)> = schema
            .associations
            .iter()
            .filter(|a| a.junction.is_some())
            .map(|a| (a.foreign_key, a))
            .collect();
        // Several belongsToMany through one key: the first declared labels it.
        keys.sort_by_key(|&(key, _)| key);
        keys.dedup_by_key(|&mut (key, _)| key);
        let mut through_starts = vec![0; schema.models.len() + 1];
        for (key, _) in &keys {
            through_starts[key.model.0 + 1] += 1;
        }
        for m in 0..schema.models.len() {
            through_starts[m + 1] += through_starts[m];
        }
        Diagram {
            schema,
            format,
            order,
            ids: entity_ids(schema),
            through: keys.into_iter().map(|(key, a)| (key.attr, a)).collect(),
            through_starts,
        }
    }

    /// The belongsToMany whose junction holds `attr` of `model` as the
    /// foreign key to its source.
    fn through(&self, model: ir::ModelId, attr: usize) -> Option<&'a ir::Association> {
        let keys = &self.through[self.through_starts[model.0]..self.through_starts[model.0 + 1]];
        keys.iter().find(|&&(a, _)| a == attr).map(|&(_, a)| a)
    }

    fn entities(&self) -> impl Iterator<Item = Entity<'_>> {
        self.order.iter().map(|&m| entity(self, m))
    }

    fn relations(&self) -> impl Iterator<Item = Relation<'_>> {
        self.order.iter().flat_map(move |&m| {
            self.schema
                .model(m)
                .foreign_keys
                .iter()
                .map(move |fk| relation(self, m, fk))
        })
    }

    /// About the length of the diagram: what the template writes per
    /// table, column and relation, with names of a usual length (counted
    /// without reading the columns themselves).
    fn size_hint(&self) -> usize {
        let (per_table, per_column, per_relation) = match self.format {
            GraphFormat::Mermaid => (32, 40, 64),
            GraphFormat::Dot => (256, 128, 160),
        };
        let (columns, relations) = self.schema.models.iter().fold((0, 0), |(c, r), m| {
            (c + m.attributes.len(), r + m.foreign_keys.len())
        });
        256 + per_table * self.schema.models.len() + per_column * columns + per_relation * relations
    }
}

/// The diagram of a resolved schema, tables in creation order.
pub fn render(schema: &Schema, format: GraphFormat) -> Result<String, super::RenderError> {
    let d = Diagram::new(schema, format);
    // One buffer sized for the whole diagram: grown step by step, a diagram
    // of tens of megabytes was copied again at each step.
    let mut text = String::with_capacity(d.size_hint());
    match format {
        GraphFormat::Mermaid => Mermaid { d: &d }.render_into(&mut text)?,
        GraphFormat::Dot => Dot { d: &d }.render_into(&mut text)?,
    }
    text.push('\n');
    Ok(text)
}

/// The diagram of [`render`], written to `out` as it is made: the text of
/// a large schema is never held whole (give a buffered writer). The only
/// errors are `out`'s.
pub fn write(
    schema: &Schema,
    format: GraphFormat,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let d = Diagram::new(schema, format);
    match format {
        GraphFormat::Mermaid => Mermaid { d: &d }.write_into(out)?,
        GraphFormat::Dot => Dot { d: &d }.write_into(out)?,
    }
    out.write_all(b"\n")
}

/// Table names made into identifiers, unique across the schema (most are
/// one already, and are borrowed).
fn entity_ids(schema: &Schema) -> Vec<Cow<'_, str>> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let identifier =
        |t: &str| t.starts_with(|c: char| c.is_ascii_alphabetic()) && t.chars().all(allowed);
    // Tables are unique (E0119): when each is an identifier, they are the
    // ids, with no set of those taken (a table far from the processor's
    // cache in a large schema).
    if schema.models.iter().all(|m| identifier(&m.table)) {
        return schema
            .models
            .iter()
            .map(|m| Cow::Borrowed(m.table.as_str()))
            .collect();
    }
    let mut ids: Vec<Cow<str>> = Vec::with_capacity(schema.models.len());
    let mut taken: rustc_hash::FxHashSet<Cow<str>> =
        rustc_hash::FxHashSet::with_capacity_and_hasher(schema.models.len(), Default::default());
    for m in &schema.models {
        let table = m.table.as_str();
        let mut id = if identifier(table) {
            Cow::Borrowed(table)
        } else {
            let mut id: String = table
                .chars()
                .map(|c| if allowed(c) { c } else { '_' })
                .collect();
            if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
                id.insert(0, 't');
            }
            Cow::Owned(id)
        };
        while taken.contains(&id) {
            id.to_mut().push('_');
        }
        taken.insert(id.clone());
        ids.push(id);
    }
    ids
}

fn entity<'a>(d: &'a Diagram, id: ir::ModelId) -> Entity<'a> {
    let (schema, format) = (d.schema, d.format);
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
    let entity_id = &*d.ids[id.0];
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

fn relation<'a>(d: &'a Diagram, holder: ir::ModelId, fk: &ir::ForeignKey) -> Relation<'a> {
    let schema = d.schema;
    let m = schema.model(holder);
    let unique = m.is_unique_set(&[fk.attr]);
    // A junction's foreign key is labelled with the belongsToMany that
    // reaches the junction through it (`children` and `parents` for the two
    // keys of a self-association).
    let association = d
        .through(holder, fk.attr)
        .unwrap_or_else(|| schema.association(fk.association));
    let name = association.name();
    let label = if name.contains('"') {
        Cow::Owned(name.replace('"', "'"))
    } else {
        Cow::Borrowed(name)
    };
    Relation {
        one: &d.ids[fk.references.model.0],
        one_port: fk.references.attr,
        many: &d.ids[holder.0],
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
