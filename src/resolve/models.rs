//! Models and their attributes: names, tables, columns, keys (defaults
//! are checked in `defaults.rs`).

use super::Resolver;
use super::naming::{plural, snake};
use super::options::ModelOptions;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{self, AttributeOrigin, EnumId, Type};
use crate::syntax::ast::{self, Member, ModifierKind, Name, ScalarType, TypeKind};
use rustc_hash::FxHashMap as HashMap;

/// Building one declared model needs only the enums: models are built
/// apart from each other (on every core), each with its own findings.
pub(super) struct ModelPass<'r, 'a> {
    pub enums: &'r HashMap<&'a str, EnumId>,
    pub enum_decls: &'r [ir::Enum],
    pub diagnostics: Vec<Diagnostic>,
    /// Index declarations naming attributes the model does not declare.
    pub pending_indexes: Vec<&'a ast::IndexDecl>,
    /// The names the model's attributes take so far.
    pub attribute_names: AttributeNames,
}

impl<'a> ModelPass<'_, 'a> {
    /// Builds one declared model with its declared attributes, implicit id
    /// and timestamps; associations add foreign keys later.
    pub(super) fn model(&mut self, decl: &'a ast::ModelDecl, options: &ModelOptions) -> ir::Model {
        let table = match &options.table_name {
            Some(t) => t.clone(),
            None => {
                let base = if options.freeze_table_name {
                    decl.name.name.clone()
                } else {
                    plural(&decl.name.name)
                };
                if options.underscored {
                    snake(&base)
                } else {
                    base
                }
            }
        };
        let mut model = ir::Model::empty(
            decl.name.name.clone(),
            table,
            options.timestamps,
            decl.name.span,
        );
        model.docs = decl.docs.iter().map(|d| d.text.clone()).collect();
        model.renamed_from = options.renamed_from.clone();
        let declares_key = decl.members.iter().any(|m| match m {
            Member::Attribute(a) => a.modifier(|k| *k == ModifierKind::PrimaryKey).is_some(),
            _ => false,
        });
        if !declares_key {
            self.push_attribute(&mut model, implicit_id(decl, options));
        }
        let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
        for member in &decl.members {
            if let Member::Attribute(a) = member
                && let Some(attribute) = self.attribute(a, options)
            {
                let Some(index) = self.push_attribute(&mut model, attribute) else {
                    continue;
                };
                for m in &a.modifiers {
                    if let ModifierKind::Unique(group) = &m.kind {
                        match group {
                            None => model.uniques.push(vec![index]),
                            Some(g) => match groups.iter_mut().find(|(name, _)| *name == g.value) {
                                Some((_, members)) => members.push(index),
                                None => groups.push((g.value.clone(), vec![index])),
                            },
                        }
                    }
                }
            }
        }
        model
            .uniques
            .extend(groups.into_iter().map(|(_, members)| members));
        if options.timestamps {
            for attribute in timestamps(options, decl.name.span) {
                self.push_attribute(&mut model, attribute);
            }
        }
        for member in &decl.members {
            if let Member::Index(index) = member {
                let columns: Option<Vec<usize>> = index
                    .columns
                    .iter()
                    .map(|c| self.attribute_names.named(&c.name))
                    .collect();
                match columns {
                    Some(columns) if index.unique => model.uniques.push(columns),
                    Some(columns) => model.indexes.push(columns),
                    // Maybe a foreign key an association adds: tried again
                    // once every association has added its keys.
                    None => self.pending_indexes.push(index),
                }
            }
        }
        model.primary_key = (0..model.attributes.len())
            .filter(|&i| model.attributes[i].primary_key)
            .collect();
        model
    }
}

impl Resolver<'_> {
    /// The indexes that name foreign keys added by associations (Sequelize
    /// creates indexes after associations, so `index (userId)` works there).
    pub(super) fn pending_indexes(&mut self) {
        for (id, index) in std::mem::take(&mut self.pending_indexes) {
            let model = &mut self.schema.models[id.0];
            let columns: Vec<Option<usize>> = index
                .columns
                .iter()
                .map(|c| model.attr_named(&c.name))
                .collect();
            if let Some(columns) = columns.iter().copied().collect::<Option<Vec<usize>>>() {
                if index.unique {
                    model.uniques.push(columns);
                } else {
                    model.indexes.push(columns);
                }
                continue;
            }
            let model = model.clone();
            for (column, found) in index.columns.iter().zip(columns) {
                if found.is_none() {
                    self.unknown_attribute(&model, column);
                }
            }
        }
    }

    pub(super) fn unknown_attribute(&mut self, model: &ir::Model, name: &ast::Ident) {
        let mut d = Diagnostic::error(
            Code::UnknownAttribute,
            name.span,
            format!("model `{}` has no attribute `{}`", model.name, name.name),
        )
        .with_span_label("unknown attribute")
        .with_label(model.span, format!("`{}` declared here", model.name));
        if let Some(s) = crate::suggest::did_you_mean(
            &name.name,
            model.attributes.iter().map(|a| a.name.as_str()),
        ) {
            d = d.with_help(format!("did you mean `{s}`?"));
        }
        self.diagnostics.push(d);
    }
}

impl ModelPass<'_, '_> {
    /// Adds an attribute unless its name or column is taken; returns its
    /// position, or reports the clash.
    pub(super) fn push_attribute(
        &mut self,
        model: &mut ir::Model,
        attribute: ir::Attribute,
    ) -> Option<usize> {
        add_attribute(model, &mut self.attribute_names, attribute)
            .map_err(|d| self.diagnostics.push(d))
            .ok()
    }

    fn attribute(&mut self, a: &ast::Attribute, options: &ModelOptions) -> Option<ir::Attribute> {
        let ty = match &a.ty.kind {
            TypeKind::Scalar(s) => Type::Scalar(*s),
            // Unknown types are reported by the name checks.
            TypeKind::Named(name) => Type::Enum(*self.enums.get(name.as_str())?),
        };
        let primary_key = a.modifier(|k| *k == ModifierKind::PrimaryKey).is_some();
        let nullable = !primary_key && a.modifier(|k| *k == ModifierKind::NotNull).is_none();
        let auto_increment = match a.modifier(|k| *k == ModifierKind::AutoIncrement) {
            Some(m) => {
                let integer = matches!(ty, Type::Scalar(s) if s.is_integer());
                if !integer || !primary_key {
                    let why = if integer {
                        "a non-key attribute"
                    } else {
                        "a non-integer attribute"
                    };
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::InvalidAutoIncrement,
                            m.span,
                            format!("`autoIncrement` on {why}"),
                        )
                        .with_span_label("not allowed here")
                        .with_help("only an integer `primaryKey` can be `autoIncrement`"),
                    );
                }
                integer && primary_key
            }
            None => false,
        };
        let column = a.modifiers.iter().find_map(|m| match &m.kind {
            ModifierKind::Column(c) => Some(c.value.as_str()),
            _ => None,
        });
        let default = a.modifiers.iter().find_map(|m| match &m.kind {
            ModifierKind::Default(v) => Some(v),
            _ => None,
        });
        let default = default.and_then(|v| self.default_value(v, &ty, nullable, a));
        let (field, column) = field_and_column(&a.name.name, column, options.underscored);
        Some(ir::Attribute {
            field,
            name: a.name.name.clone(),
            column,
            ty,
            nullable,
            primary_key,
            auto_increment,
            default,
            notes: ir::AttributeNotes::of(
                a.modifiers.iter().find_map(|m| match &m.kind {
                    ModifierKind::Comment(c) => Some(c.value.clone()),
                    _ => None,
                }),
                a.docs.iter().map(|d| d.text.clone()).collect(),
                a.modifiers.iter().find_map(|m| match &m.kind {
                    ModifierKind::RenamedFrom(r) => Some(r.value.clone()),
                    _ => None,
                }),
            ),
            origin: AttributeOrigin::Declared,
            span: a.name.span,
        })
    }
}

/// An attribute's field in the generated code and its column: the field
/// is its name in snake case (a keyword escaped), and so is the column of
/// an `underscored` model unless one is given. Snake case is worked out
/// once for both.
pub(super) fn field_and_column(name: &str, given: Option<&str>, underscored: bool) -> (Name, Name) {
    let snake = snake(name);
    let field = crate::ir::ident::escape(&snake).into();
    let column = match given {
        Some(c) => c.into(),
        None if underscored => snake,
        None => name.into(),
    };
    (field, column)
}

/// Where each name an attribute takes in its model is: its own name, its
/// column (ASCII case aside: SQLite and MySQL take `userId` and `userid`
/// for one column) and its field in the generated code (snake_case:
/// `userId` and `user_id` are one field). A clash, or an attribute by name,
/// is one lookup, however many attributes the model has.
#[derive(Default)]
pub(super) struct AttributeNames {
    names: HashMap<Name, usize>,
    columns: HashMap<Name, usize>,
    fields: HashMap<Name, usize>,
}

impl AttributeNames {
    /// The names of a model's attributes as they are.
    pub(super) fn of(model: &ir::Model) -> AttributeNames {
        let mut names = AttributeNames::default();
        for (i, a) in model.attributes.iter().enumerate() {
            names.insert(i, a, a.field.clone());
        }
        names
    }

    /// Attribute `i`, `a`, whose Rust field is `field`.
    fn insert(&mut self, i: usize, a: &ir::Attribute, field: Name) {
        self.names.entry(a.name.clone()).or_insert(i);
        self.columns
            .entry(a.column.to_ascii_lowercase())
            .or_insert(i);
        self.fields.entry(field).or_insert(i);
    }

    /// The position of the attribute of that name.
    pub(super) fn named(&self, name: &str) -> Option<usize> {
        self.names.get(name).copied()
    }

    /// The first attribute whose name, column or field `a` would take.
    fn clash(&self, a: &ir::Attribute, field: &str) -> Option<usize> {
        [
            self.names.get(a.name.as_str()),
            self.columns.get(a.column.to_ascii_lowercase().as_str()),
            self.fields.get(field),
        ]
        .into_iter()
        .flatten()
        .min()
        .copied()
    }
}

/// Adds an attribute unless its name, its column or its Rust field name is
/// taken; returns its position.
pub(super) fn add_attribute(
    model: &mut ir::Model,
    names: &mut AttributeNames,
    attribute: ir::Attribute,
) -> Result<usize, Diagnostic> {
    let field = attribute.field.clone();
    let column = ir::CaselessName(&attribute.column);
    let clash = names
        .clash(&attribute, &field)
        .map(|i| &model.attributes[i]);
    if let Some(first) = clash {
        let message = if first.name == attribute.name {
            format!(
                "model `{}` has two attributes named `{}`",
                model.name, attribute.name
            )
        } else if first.column == attribute.column {
            format!(
                "attributes `{}` and `{}` of model `{}` both map to column `{}`",
                first.name, attribute.name, model.name, attribute.column
            )
        } else if ir::CaselessName(&first.column) == column {
            format!(
                "attributes `{}` and `{}` of model `{}` map to columns `{}` and `{}`, which SQLite and MySQL take for one",
                first.name, attribute.name, model.name, first.column, attribute.column
            )
        } else {
            format!(
                "attributes `{}` and `{}` of model `{}` both become the field `{}` of the generated code",
                first.name, attribute.name, model.name, field
            )
        };
        return Err(
            Diagnostic::error(Code::DuplicateAttribute, attribute.span, message)
                .with_span_label("again here")
                .with_label(first.span, "first here")
                .with_help(if attribute.origin == AttributeOrigin::ForeignKey {
                    "rename one of them, or give the foreign key its own column with `foreignKey: { column: \"...\" }`"
                } else {
                    "rename one of them, or give one its own `column(\"...\")`"
                }),
        );
    }
    let i = model.attributes.len();
    names.insert(i, &attribute, field);
    model.attributes.push(attribute);
    Ok(i)
}

/// `createdAt` and `updatedAt`, maintained by the generated code.
pub(super) fn timestamps(options: &ModelOptions, span: crate::source::Span) -> [ir::Attribute; 2] {
    ["createdAt", "updatedAt"].map(|name| {
        let (field, column) = field_and_column(name, None, options.underscored);
        ir::Attribute {
            field,
            name: name.into(),
            column,
            ty: Type::Scalar(ScalarType::Date),
            nullable: false,
            primary_key: false,
            auto_increment: false,
            default: None,
            notes: None,
            origin: AttributeOrigin::Timestamp,
            span,
        }
    })
}

fn implicit_id(decl: &ast::ModelDecl, options: &ModelOptions) -> ir::Attribute {
    let (field, column) = field_and_column("id", None, options.underscored);
    ir::Attribute {
        field,
        name: "id".into(),
        column,
        ty: Type::Scalar(ScalarType::Integer),
        nullable: false,
        primary_key: true,
        auto_increment: true,
        default: None,
        notes: None,
        origin: AttributeOrigin::ImplicitId,
        span: decl.name.span,
    }
}
