//! The syntax tree of one `.models` file.
//!
//! What the grammar can decide is typed here (attribute types, modifiers,
//! association kinds); option objects stay as written ([`Object`]) because
//! their meaning depends on where they are, which resolution decides. Every
//! node has a span; spans never take part in equality (see [`Span`]).

pub use crate::ir::{AssociationKind, Name, ScalarType};
use crate::source::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    /// Names are short: kept inline, without an allocation each.
    pub name: Name,
    pub span: Span,
}

/// One `///` line, without the slashes (a single leading space removed).
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct File {
    /// The items that parsed; after a syntax error, those before and after
    /// the item it is in.
    pub items: Vec<Item>,
    /// The names that items with syntax errors declare (`model X` whose
    /// body does not parse): nothing should call them unknown.
    pub unparsed: Vec<Name>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Options(OptionsBlock),
    Enum(EnumDecl),
    Model(ModelDecl),
}

impl Item {
    pub fn span(&self) -> Span {
        match self {
            Item::Options(o) => o.span,
            Item::Enum(e) => e.span,
            Item::Model(m) => m.span,
        }
    }

    pub fn docs(&self) -> &[Doc] {
        match self {
            Item::Options(o) => &o.docs,
            Item::Enum(e) => &e.docs,
            Item::Model(m) => &m.docs,
        }
    }
}

/// `options { ... }` at file level or inside a model.
#[derive(Clone, Debug, PartialEq)]
pub struct OptionsBlock {
    pub docs: Vec<Doc>,
    pub object: Object,
    /// From the `options` keyword to the closing brace.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumDecl {
    pub docs: Vec<Doc>,
    pub name: Ident,
    pub variants: Vec<Variant>,
    pub span: Span,
    /// The closing brace.
    pub end: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Variant {
    pub docs: Vec<Doc>,
    pub name: Ident,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ModelDecl {
    pub docs: Vec<Doc>,
    pub name: Ident,
    pub members: Vec<Member>,
    pub span: Span,
    /// The closing brace.
    pub end: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Member {
    Options(OptionsBlock),
    Attribute(Attribute),
    Association(Association),
    Index(IndexDecl),
}

impl Member {
    pub fn span(&self) -> Span {
        match self {
            Member::Options(o) => o.span,
            Member::Attribute(a) => a.span,
            Member::Association(a) => a.span,
            Member::Index(i) => i.span,
        }
    }

    pub fn docs(&self) -> &[Doc] {
        match self {
            Member::Options(o) => &o.docs,
            Member::Attribute(a) => &a.docs,
            Member::Association(a) => &a.docs,
            Member::Index(i) => &i.docs,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub docs: Vec<Doc>,
    pub name: Ident,
    pub ty: TypeExpr,
    pub modifiers: Vec<Modifier>,
    pub span: Span,
}

impl Attribute {
    pub fn modifier(&self, pred: impl Fn(&ModifierKind) -> bool) -> Option<&Modifier> {
        self.modifiers.iter().find(|m| pred(&m.kind))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct TypeExpr {
    pub kind: TypeKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    Scalar(ScalarType),
    /// A name that is not a built-in type: an enum, if one is declared.
    Named(Name),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Modifier {
    pub kind: ModifierKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ModifierKind {
    PrimaryKey,
    AutoIncrement,
    NotNull,
    /// `unique` or `unique("group")`.
    Unique(Option<StrLit>),
    Default(Value),
    Column(StrLit),
    Comment(StrLit),
    /// `renamedFrom("old")`: the attribute's name in the schema before,
    /// for `ormgen diff`.
    RenamedFrom(StrLit),
}

impl ModifierKind {
    pub const NAMES: &'static [&'static str] = &[
        "primaryKey",
        "autoIncrement",
        "notNull",
        "unique",
        "default",
        "column",
        "comment",
        "renamedFrom",
    ];

    pub fn keyword(&self) -> &'static str {
        match self {
            ModifierKind::PrimaryKey => "primaryKey",
            ModifierKind::AutoIncrement => "autoIncrement",
            ModifierKind::NotNull => "notNull",
            ModifierKind::Unique(_) => "unique",
            ModifierKind::Default(_) => "default",
            ModifierKind::Column(_) => "column",
            ModifierKind::Comment(_) => "comment",
            ModifierKind::RenamedFrom(_) => "renamedFrom",
        }
    }
}

/// A string literal, unescaped.
#[derive(Clone, Debug, PartialEq)]
pub struct StrLit {
    pub value: String,
    pub span: Span,
}

/// `index (a, b)` or `unique (a, b)` inside a model.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexDecl {
    pub docs: Vec<Doc>,
    pub unique: bool,
    pub columns: Vec<Ident>,
    pub span: Span,
}

/// `KIND Target [as alias] [{ options }]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Association {
    pub docs: Vec<Doc>,
    pub kind: AssociationKind,
    pub kind_span: Span,
    pub target: Ident,
    pub alias: Option<Ident>,
    /// Boxed: most associations have none, and a member is as large as
    /// its largest kind.
    pub options: Option<Box<Object>>,
    pub span: Span,
}

/// `{ key: value, ... }`, entries in the order written.
#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    pub entries: Vec<Entry>,
    pub span: Span,
    /// The closing brace.
    pub end: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Ident,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    Ident(Name),
    /// Unescaped contents.
    Str(String),
    /// As written: `-12`, `3.50`. Its type decides what range is valid.
    Number(Name),
    Bool(bool),
    Null,
    Object(Object),
}
