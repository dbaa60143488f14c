//! The resolved schema: every decision made, nothing left to the generators.
//!
//! Models (tables), their attributes (columns), keys, unique constraints,
//! indexes and foreign keys; associations with their names, foreign keys and
//! junctions; the order in which tables are created. Generators read only
//! this; none looks back at the syntax tree.
//!
//! Names (models, tables, attributes, columns, associations, enums) are
//! [`Name`]s: `compact_str`'s `CompactString`, a string that keeps up to 24
//! bytes inline, so a schema of many short names holds no allocation per
//! name. It derefs to `&str`.

mod association;
pub mod ident;
mod types;

pub use association::{Accessor, Association, Junction, LOAD_KEY_COLUMN, LOAD_ROW_COLUMN, Method};
pub use types::{AssociationKind, ScalarType};

use crate::source::Span;
pub use compact_str::CompactString as Name;

/// The length of a `string` without one: `VARCHAR(255)`, as Sequelize.
pub const DEFAULT_STRING_LENGTH: u32 = 255;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModelId(pub usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnumId(pub usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AssociationId(pub usize);

/// An attribute of a model, by position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AttrRef {
    pub model: ModelId,
    pub attr: usize,
}

#[derive(Clone, Debug, Default)]
pub struct Schema {
    pub enums: Vec<Enum>,
    /// Declared models first, in declaration order, then junction models
    /// created for `belongsToMany`.
    pub models: Vec<Model>,
    pub associations: Vec<Association>,
    /// Tables in dependency order: each after every table it references
    /// (deferrable and unconstrained foreign keys aside). Drop in reverse.
    pub creation_order: Vec<ModelId>,
}

impl Schema {
    pub fn model(&self, id: ModelId) -> &Model {
        &self.models[id.0]
    }

    pub fn attr(&self, r: AttrRef) -> &Attribute {
        &self.models[r.model.0].attributes[r.attr]
    }

    pub fn association(&self, id: AssociationId) -> &Association {
        &self.associations[id.0]
    }

    pub fn model_named(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name == name)
    }

    /// The associations whose source is `model`, in declaration order.
    /// Scans them all: for every model at once, use [`Schema::associations_by_source`].
    pub fn associations_of(&self, model: ModelId) -> impl Iterator<Item = &Association> {
        self.associations.iter().filter(move |a| a.source == model)
    }

    /// For each model, its associations (as a source) in declaration order:
    /// `by_source[model.0]` is a slice of association ids.
    pub fn associations_by_source(&self) -> BySource {
        // One list cut by model (a count, then a fill), not a list per model.
        let mut starts = vec![0; self.models.len() + 1];
        for a in &self.associations {
            starts[a.source.0 + 1] += 1;
        }
        for m in 0..self.models.len() {
            starts[m + 1] += starts[m];
        }
        let mut fill = starts.clone();
        let mut ids = vec![AssociationId(0); self.associations.len()];
        for (i, a) in self.associations.iter().enumerate() {
            ids[fill[a.source.0]] = AssociationId(i);
            fill[a.source.0] += 1;
        }
        BySource { starts, ids }
    }
}

/// Each model's associations as a source, in declaration order, indexed by
/// model position (see [`Schema::associations_by_source`]).
#[derive(Clone, Debug)]
pub struct BySource {
    /// Where each model's run of `ids` starts; one more for the end.
    starts: Vec<usize>,
    ids: Vec<AssociationId>,
}

impl BySource {
    /// The number of models.
    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::ops::Index<usize> for BySource {
    type Output = [AssociationId];

    fn index(&self, model: usize) -> &[AssociationId] {
        &self.ids[self.starts[model]..self.starts[model + 1]]
    }
}

#[derive(Clone, Debug)]
pub struct Enum {
    pub name: Name,
    /// The name of its SQL type (PostgreSQL `CREATE TYPE`): snake_case
    /// when the schema is underscored.
    pub sql_name: Name,
    pub variants: Vec<Name>,
    pub docs: Vec<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Model {
    pub name: Name,
    /// Unique in the schema, ASCII case aside (E0119).
    pub table: Name,
    pub attributes: Vec<Attribute>,
    /// Attribute positions of the primary key, in attribute order.
    pub primary_key: Vec<usize>,
    /// Unique constraints over one or more attributes (single-attribute
    /// `unique` included), in the order they were declared or implied.
    pub uniques: Vec<Vec<usize>>,
    pub indexes: Vec<Vec<usize>>,
    pub foreign_keys: Vec<ForeignKey>,
    /// The names of its constraints and indexes in the database.
    pub constraint_names: ConstraintNames,
    pub docs: Vec<String>,
    /// Created by ormgen as a `belongsToMany` junction (not declared).
    pub generated_junction: bool,
    pub timestamps: bool,
    /// `options { renamedFrom: "Old" }`: its name in the schema before
    /// (`ormgen diff` renames the table, keeping its rows).
    pub renamed_from: Option<Name>,
    pub span: Span,
}

/// The names of a model's constraints and indexes: `<table>_<columns>`
/// and a suffix (`_pkey`, `_key`, `_idx`, `_fkey`), as PostgreSQL names
/// them, cut to [`MAX_NAME_BYTES`] with a hash of the whole name, and
/// distinct in the schema ASCII case aside (SQLite and MySQL compare them
/// so). Decided by resolution, once: every dialect's DDL, and a diff of
/// two schemas, read them here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConstraintNames {
    pub primary_key: String,
    /// In [`Model::uniques`] order.
    pub uniques: Vec<String>,
    /// In [`Model::indexes`] order.
    pub indexes: Vec<String>,
    /// In [`Model::foreign_keys`] order.
    pub foreign_keys: Vec<String>,
}

impl ConstraintNames {
    /// Every name: the primary key's, then the uniques', indexes' and
    /// foreign keys'.
    pub fn all(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.primary_key.as_str())
            .chain(self.uniques.iter().map(String::as_str))
            .chain(self.indexes.iter().map(String::as_str))
            .chain(self.foreign_keys.iter().map(String::as_str))
    }
}

/// The longest name a database keeps: PostgreSQL keeps 63 bytes (MySQL 64)
/// and cuts the rest silently, so two long names could become one.
pub const MAX_NAME_BYTES: usize = 63;

impl Model {
    /// A model with no attributes, keys or constraints yet.
    pub fn empty(name: Name, table: Name, timestamps: bool, span: Span) -> Model {
        Model {
            name,
            table,
            attributes: Vec::new(),
            primary_key: Vec::new(),
            uniques: Vec::new(),
            indexes: Vec::new(),
            foreign_keys: Vec::new(),
            constraint_names: ConstraintNames::default(),
            docs: Vec::new(),
            generated_junction: false,
            renamed_from: None,
            timestamps,
            span,
        }
    }

    pub fn attr_named(&self, name: &str) -> Option<usize> {
        self.attributes.iter().position(|a| a.name == name)
    }

    /// True if the attributes, as a set, are the primary key or unique.
    pub fn is_unique_set(&self, attrs: &[usize]) -> bool {
        let same =
            |set: &[usize]| set.len() == attrs.len() && set.iter().all(|a| attrs.contains(a));
        same(&self.primary_key) || self.uniques.iter().any(|u| same(u))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Type {
    Scalar(ScalarType),
    Enum(EnumId),
}

impl Type {
    /// Same type, lengths and precisions aside: what a foreign key must
    /// share with the key it references.
    pub fn same_kind(&self, other: &Type) -> bool {
        match (self, other) {
            (Type::Scalar(a), Type::Scalar(b)) => a.keyword() == b.keyword(),
            (Type::Enum(a), Type::Enum(b)) => a == b,
            _ => false,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    Int(i64),
    /// A decimal or float literal, as written.
    Decimal(String),
    Str(String),
    Bool(bool),
    EnumVariant(Name),
    /// The SQL current timestamp / date / time.
    Now,
    /// A new v4 UUID, filled in by the generated `create`.
    UuidV4,
    Null,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttributeOrigin {
    Declared,
    /// The `id` added to a model without a primary key.
    ImplicitId,
    /// `createdAt` / `updatedAt`.
    Timestamp,
    /// Added as the foreign key of an association.
    ForeignKey,
}

#[derive(Clone, Debug)]
pub struct Attribute {
    pub name: Name,
    /// Its field in the generated Rust code: `name` in snake case, a
    /// keyword made a raw identifier (see [`ident::field`]). Decided when
    /// the attribute is added to its model, where it is checked.
    pub field: Name,
    pub column: Name,
    pub ty: Type,
    pub nullable: bool,
    pub primary_key: bool,
    pub auto_increment: bool,
    pub default: Option<DefaultValue>,
    /// Its `comment("...")` and doc comment, when it has either (see
    /// [`Attribute::comment`] and [`Attribute::docs`]).
    pub notes: Option<Box<AttributeNotes>>,
    pub origin: AttributeOrigin,
    pub span: Span,
}

impl Attribute {
    /// Its doc comment's lines.
    pub fn docs(&self) -> &[String] {
        self.notes.as_ref().map_or(&[], |n| &n.docs)
    }

    /// Its `comment("...")`.
    pub fn comment(&self) -> Option<&str> {
        self.notes.as_ref()?.comment.as_deref()
    }

    /// Its `renamedFrom("...")`: its name in the schema before.
    pub fn renamed_from(&self) -> Option<&str> {
        self.notes.as_ref()?.renamed_from.as_deref()
    }
}

/// What an attribute says of itself, kept apart from the attribute: most
/// attributes say nothing, and a schema of 100,000 models has some 700,000
/// attributes, each 40 bytes smaller for it (120 instead of 160), which
/// every stage that walks them reads less of.
#[derive(Clone, Debug, Default)]
pub struct AttributeNotes {
    pub comment: Option<String>,
    pub docs: Vec<String>,
    /// `renamedFrom("old")`: its name in the schema before (`ormgen diff`
    /// renames the column, keeping its values).
    pub renamed_from: Option<String>,
}

impl AttributeNotes {
    /// The notes, or `None` when there are none.
    pub fn of(
        comment: Option<String>,
        docs: Vec<String>,
        renamed_from: Option<String>,
    ) -> Option<Box<AttributeNotes>> {
        (comment.is_some() || !docs.is_empty() || renamed_from.is_some()).then(|| {
            Box::new(AttributeNotes {
                comment,
                docs,
                renamed_from,
            })
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefAction {
    Cascade,
    Restrict,
    SetNull,
    NoAction,
    SetDefault,
}

impl RefAction {
    pub fn sql(self) -> &'static str {
        match self {
            RefAction::Cascade => "CASCADE",
            RefAction::Restrict => "RESTRICT",
            RefAction::SetNull => "SET NULL",
            RefAction::NoAction => "NO ACTION",
            RefAction::SetDefault => "SET DEFAULT",
        }
    }
}

/// A foreign-key column of a model and what it references.
#[derive(Clone, Debug)]
pub struct ForeignKey {
    /// The column, on the model that holds this foreign key.
    pub attr: usize,
    pub references: AttrRef,
    pub on_delete: RefAction,
    pub on_update: RefAction,
    /// `false` with `constraints: false`: the column exists, no REFERENCES.
    pub constrained: bool,
    /// `DEFERRABLE INITIALLY DEFERRED`, added after every table exists.
    pub deferrable: bool,
    /// The association that made it (the first, when several share it).
    pub association: AssociationId,
    pub span: Span,
}

/// A table, column or constraint name compared as SQLite compares
/// identifiers (and MySQL table and index names on some systems): `Users`
/// and `users` are one name. For sets and maps of names that must not
/// meet in the database.
#[derive(Clone, Copy, Debug)]
pub struct CaselessName<'a>(pub &'a str);

impl PartialEq for CaselessName<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for CaselessName<'_> {}

impl std::hash::Hash for CaselessName<'_> {
    /// The bytes in small letters, in pieces of 64 (constraint names are
    /// at most 63 bytes): as they are when they have no capital (most
    /// names), else through a buffer on the stack. A hasher may hash two
    /// writes otherwise than their bytes in one: both ways cut alike.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        const PIECE: usize = 64;
        let bytes = self.0.as_bytes();
        state.write_usize(bytes.len());
        let capitals = bytes.iter().any(u8::is_ascii_uppercase);
        let mut folded = [0; PIECE];
        for piece in bytes.chunks(PIECE) {
            if capitals {
                let folded = &mut folded[..piece.len()];
                folded.copy_from_slice(piece);
                folded.make_ascii_lowercase();
                state.write(folded);
            } else {
                state.write(piece);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::CaselessName;
    use std::hash::BuildHasher;

    fn hash(name: &str) -> u64 {
        rustc_hash::FxBuildHasher.hash_one(CaselessName(name))
    }

    #[test]
    fn names_equal_but_for_case_are_one_name() {
        let long = "a_table_name_long_enough_to_take_more_than_one_piece_of_sixty_four_bytes_id";
        for (a, b) in [
            ("users_email_key", "Users_EMAIL_key"),
            ("a_b_c_idx", "a_B_c_idx"),
            ("", ""),
            (long, &long.to_ascii_uppercase()),
            (long, &format!("{}D", &long[..long.len() - 1])),
        ] {
            assert_eq!(CaselessName(a), CaselessName(b), "{a} {b}");
            assert_eq!(hash(a), hash(b), "{a} {b}");
        }
        for (a, b) in [("a_b", "a_c"), ("ab", "a_b"), ("é", "É"), (long, "x")] {
            assert_ne!(CaselessName(a), CaselessName(b), "{a} {b}");
        }
    }
}
