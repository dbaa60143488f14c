//! Associations of the resolved schema, and the methods the generated
//! code gives them.

use super::{AssociationId, AssociationKind, AttrRef, ModelId, Name};
use crate::source::Span;

/// One direction of a relationship, as Sequelize's association objects.
#[derive(Clone, Debug)]
pub struct Association {
    pub kind: AssociationKind,
    pub source: ModelId,
    pub target: ModelId,
    /// The association name, singular and plural (`as`).
    pub singular: Name,
    pub plural: Name,
    /// The foreign-key attribute: on the target for hasOne/hasMany, on the
    /// source for belongsTo, on the junction (to the source) for
    /// belongsToMany.
    pub foreign_key: AttrRef,
    /// The key the foreign key references: the source's for
    /// hasOne/hasMany/belongsToMany, the target's for belongsTo.
    pub key: AttrRef,
    pub junction: Option<Junction>,
    /// The association in the other direction, if there is one.
    pub inverse: Option<AssociationId>,
    /// Created as the inverse of another, not declared.
    pub implicit: bool,
    /// The methods the generated code gives this association, with their
    /// names: decided once, by resolution, for its name checks, its
    /// warnings and every generator. Methods another association of the
    /// model takes, and those that would call one, are absent; so is every
    /// method where none is generated (see [`Accessor`]).
    pub methods: Vec<Method>,
    pub docs: Vec<String>,
    pub span: Span,
}

impl Association {
    /// The name of the generated method, if the association has it.
    pub fn method(&self, accessor: Accessor) -> Option<&str> {
        self.methods
            .iter()
            .find(|m| m.accessor == accessor)
            .map(|m| m.name.as_str())
    }

    /// The name its accessors use: plural for to-many, singular otherwise.
    pub fn name(&self) -> &str {
        match self.kind {
            AssociationKind::HasMany | AssociationKind::BelongsToMany => &self.plural,
            _ => &self.singular,
        }
    }
}

/// A generated method of an association, and its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Method {
    pub accessor: Accessor,
    pub name: String,
}

/// The methods the generated code gives an association, as Sequelize's
/// mixins: `get_x`, `set_x`, `add_xs`... One list, read by resolution's
/// name checks and by the generators; a new kind of method is added here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Accessor {
    Get,
    Set,
    /// hasOne's `set_x_destroying_previous`.
    SetDestroyingPrevious,
    Create,
    Count,
    Has,
    HasAll,
    Add,
    AddAll,
    Remove,
    RemoveAll,
    /// `get_xs_where`: the targets a typed query asks for.
    GetWhere,
    /// `count_xs_where`.
    CountWhere,
    /// `load_x` / `load_xs`: the targets of a whole slice of sources, in
    /// one statement.
    Load,
    /// `load_xs_where`: the targets a typed query asks for, of a whole
    /// slice of sources, its limit and offset per source.
    LoadWhere,
    /// A belongsToMany through a declared junction model: `add_x_with`,
    /// linking with the junction row's own values (or changing them).
    AddWith,
    /// `add_xs_with`.
    AddAllWith,
    /// `set_xs_with`.
    SetWith,
    /// `get_xs_with_<junction>`: each target with its junction row.
    GetWith,
    /// `load_xs_with_<junction>`.
    LoadWith,
}

impl Accessor {
    /// The methods of an association of this kind, in the order they are
    /// generated and checked.
    pub fn of(kind: AssociationKind) -> &'static [Accessor] {
        use Accessor::*;
        match kind {
            AssociationKind::HasOne => &[Get, Set, SetDestroyingPrevious, Create, Load],
            AssociationKind::BelongsTo => &[Get, Set, Create, Load],
            AssociationKind::HasMany => &[
                Get, GetWhere, Count, CountWhere, Has, HasAll, Add, AddAll, Remove, RemoveAll, Set,
                Create, Load, LoadWhere,
            ],
            AssociationKind::BelongsToMany => &[
                Get, GetWhere, Count, CountWhere, Has, HasAll, Add, AddAll, Remove, RemoveAll, Set,
                Create, Load, LoadWhere, AddWith, AddAllWith, SetWith, GetWith, LoadWith,
            ],
        }
    }

    /// The method's name for an association of that kind whose names in
    /// snake case are `x` (singular) and `xs` (plural), through a junction
    /// named `through` in snake case (belongsToMany).
    pub fn name(self, kind: AssociationKind, x: &str, xs: &str, through: &str) -> String {
        use Accessor::*;
        let many = kind.is_to_many();
        match self {
            Get => format!("get_{}", if many { xs } else { x }),
            Set => format!("set_{}", if many { xs } else { x }),
            SetDestroyingPrevious => format!("set_{x}_destroying_previous"),
            Create => format!("create_{x}"),
            Count => format!("count_{xs}"),
            Has => format!("has_{x}"),
            HasAll => format!("has_{xs}"),
            Add => format!("add_{x}"),
            AddAll => format!("add_{xs}"),
            Remove => format!("remove_{x}"),
            RemoveAll => format!("remove_{xs}"),
            GetWhere => format!("get_{xs}_where"),
            CountWhere => format!("count_{xs}_where"),
            Load => format!("load_{}", if many { xs } else { x }),
            LoadWhere => format!("load_{xs}_where"),
            AddWith => format!("add_{x}_with"),
            AddAllWith => format!("add_{xs}_with"),
            SetWith => format!("set_{xs}_with"),
            GetWith => format!("get_{xs}_with_{through}"),
            LoadWith => format!("load_{xs}_with_{through}"),
        }
    }

    /// A belongsToMany's method about the junction's own row, which it
    /// has only through a declared junction model.
    pub fn needs_declared_junction(self) -> bool {
        use Accessor::*;
        matches!(self, AddWith | AddAllWith | SetWith | GetWith | LoadWith)
    }

    /// The methods this one's generated body calls: it exists only with
    /// them (`set_xs` removes and adds, a hasOne's `create_x` sets).
    pub fn calls(self, kind: AssociationKind) -> &'static [Accessor] {
        use Accessor::*;
        match (self, kind) {
            (Set, AssociationKind::HasMany | AssociationKind::BelongsToMany) => {
                &[Get, Remove, AddAll]
            }
            (SetDestroyingPrevious, _) => &[Set],
            (Create, AssociationKind::HasOne) => &[Set],
            (Create, AssociationKind::BelongsToMany) => &[Add],
            (SetWith, _) => &[Get, Remove, AddWith],
            (AddAllWith, _) => &[AddWith],
            (HasAll, _) => &[Has],
            (AddAll, _) => &[Add],
            (RemoveAll, _) => &[Remove],
            _ => &[],
        }
    }
}

/// The columns a filtered batch load (`load_xs_where`) adds to its
/// target's, in a derived table: the source's key and the row's number
/// among that key's rows. A target with a column of either name gets no
/// `load_xs_where`.
pub const LOAD_KEY_COLUMN: &str = "__ormgen_key";
pub const LOAD_ROW_COLUMN: &str = "__ormgen_row";

/// The junction of a belongsToMany: a model with a foreign key to each end.
#[derive(Clone, Debug)]
pub struct Junction {
    pub model: ModelId,
    /// The junction's foreign key to the target (`otherKey`).
    pub other_key: AttrRef,
    /// The target's key it references.
    pub target_key: AttrRef,
}
