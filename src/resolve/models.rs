//! Models and their attributes: names, tables, columns, keys, defaults.

use super::Resolver;
use super::naming::{plural, snake};
use super::options::ModelOptions;
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::{self, AttributeOrigin, DefaultValue, EnumId, Type};
use crate::syntax::ast::{self, Member, ModifierKind, Name, ScalarType, TypeKind, ValueKind};
use rustc_hash::FxHashMap as HashMap;

/// Building one declared model needs only the enums: models are built
/// apart from each other (on every core), each with its own findings.
pub(super) struct ModelPass<'r, 'a> {
    pub enums: &'r HashMap<&'a str, EnumId>,
    pub enum_decls: &'r [ir::Enum],
    pub diagnostics: Vec<Diagnostic>,
    /// Index declarations naming attributes the model does not declare.
    pub pending_indexes: Vec<&'a ast::IndexDecl>,
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
                    .map(|c| model.attr_named(&c.name))
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
        add_attribute(model, attribute)
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
        Some(ir::Attribute {
            name: a.name.name.clone(),
            column: column_name(&a.name.name, column, options.underscored),
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
            ),
            origin: AttributeOrigin::Declared,
            span: a.name.span,
        })
    }

    fn default_value(
        &mut self,
        v: &ast::Value,
        ty: &Type,
        nullable: bool,
        a: &ast::Attribute,
    ) -> Option<DefaultValue> {
        let scalar = match ty {
            Type::Scalar(s) => Some(*s),
            Type::Enum(_) => None,
        };
        let value = match (&v.kind, scalar) {
            (ValueKind::Null, _) if nullable => Some(DefaultValue::Null),
            (ValueKind::Ident(w), None) => {
                let Type::Enum(e) = ty else { return None };
                let variants = &self.enum_decls[e.0].variants;
                variants
                    .contains(w)
                    .then(|| DefaultValue::EnumVariant(w.clone()))
            }
            (
                ValueKind::Ident(w),
                Some(ScalarType::Date | ScalarType::DateOnly | ScalarType::Time),
            ) if w == "now" => Some(DefaultValue::Now),
            (ValueKind::Ident(w), Some(ScalarType::Uuid)) if w == "uuidv4" => {
                Some(DefaultValue::UuidV4)
            }
            (ValueKind::Number(n), Some(s)) if s.is_integer() => {
                let (min, max) = match s {
                    ScalarType::SmallInt => (i16::MIN as i64, i16::MAX as i64),
                    ScalarType::Integer => (i32::MIN as i64, i32::MAX as i64),
                    _ => (i64::MIN, i64::MAX),
                };
                n.parse::<i64>()
                    .ok()
                    .filter(|n| (min..=max).contains(n))
                    .map(DefaultValue::Int)
            }
            (ValueKind::Number(n), Some(ScalarType::Decimal { precision, scale })) => {
                fits_decimal(n, precision, scale).then(|| DefaultValue::Decimal(n.to_string()))
            }
            (ValueKind::Number(n), Some(ScalarType::Float | ScalarType::Double)) => {
                Some(DefaultValue::Decimal(n.to_string()))
            }
            (ValueKind::Bool(b), Some(ScalarType::Boolean)) => Some(DefaultValue::Bool(*b)),
            (ValueKind::Str(s), Some(ScalarType::String { length })) => (length
                .is_none_or(|n| s.chars().count() <= n as usize))
            .then(|| DefaultValue::Str(s.clone())),
            (ValueKind::Str(s), Some(ScalarType::Text | ScalarType::Json | ScalarType::Jsonb)) => {
                Some(DefaultValue::Str(s.clone()))
            }
            (ValueKind::Str(s), Some(ScalarType::Uuid)) if is_uuid(s) => {
                Some(DefaultValue::Str(s.clone()))
            }
            (ValueKind::Str(s), Some(ScalarType::DateOnly)) if is_date(s) && s.len() == 10 => {
                Some(DefaultValue::Str(s.clone()))
            }
            (ValueKind::Str(s), Some(ScalarType::Date)) if is_date(s) => {
                Some(DefaultValue::Str(s.clone()))
            }
            (ValueKind::Str(s), Some(ScalarType::Time)) if is_time(s) => {
                Some(DefaultValue::Str(s.clone()))
            }
            _ => None,
        };
        if value.is_none() {
            let expected = match (ty, scalar) {
                (Type::Enum(e), _) => format!(
                    "one of the variants of `{}`: {}",
                    self.enum_decls[e.0].name,
                    self.enum_decls[e.0].variants.join(", ")
                ),
                (_, Some(s)) => expected_default(s),
                _ => String::new(),
            };
            let why = if matches!(v.kind, ValueKind::Null) && !nullable {
                "a `notNull` attribute can't default to `null`".to_string()
            } else {
                format!("expected {expected}")
            };
            self.diagnostics.push(
                Diagnostic::error(
                    Code::InvalidDefault,
                    v.span,
                    format!(
                        "this default does not fit `{}`",
                        crate::syntax::format::type_text(&a.ty)
                    ),
                )
                .with_span_label("does not fit")
                .with_label(a.ty.span, "the attribute's type")
                .with_help(why),
            );
        }
        value
    }
}

fn expected_default(s: ScalarType) -> String {
    match s {
        ScalarType::SmallInt => "a whole number from -32768 to 32767".into(),
        ScalarType::Integer => "a whole number from -2147483648 to 2147483647".into(),
        ScalarType::BigInt => "a whole number that fits in 64 bits".into(),
        ScalarType::Decimal {
            precision: Some(p),
            scale,
        } => {
            let scale = scale.unwrap_or(0);
            let whole = p.saturating_sub(scale);
            match scale {
                0 => format!("a whole number of at most {whole} digits"),
                _ => format!(
                    "a number of at most {whole} digits before the point and {scale} after it"
                ),
            }
        }
        ScalarType::Float | ScalarType::Double | ScalarType::Decimal { .. } => "a number".into(),
        ScalarType::String { length: Some(n) } => format!("a string of at most {n} characters"),
        ScalarType::String { .. } | ScalarType::Text | ScalarType::Json | ScalarType::Jsonb => {
            "a string".into()
        }
        ScalarType::Boolean => "`true` or `false`".into(),
        ScalarType::Date => "`now` or a string such as \"2024-01-31T12:00:00Z\"".into(),
        ScalarType::DateOnly => "`now` or a string such as \"2024-01-31\"".into(),
        ScalarType::Time => "`now` or a string such as \"12:30:00\"".into(),
        ScalarType::Uuid => "`uuidv4` or a UUID string".into(),
        ScalarType::Blob => "nothing: blobs take no default".into(),
    }
}

/// Whether the number `n` (as written: `-12.50`) fits `decimal(precision,
/// scale)` without rounding: databases would round or refuse it.
fn fits_decimal(n: &str, precision: Option<u32>, scale: Option<u32>) -> bool {
    let Some(p) = precision else {
        return true;
    };
    let scale = scale.unwrap_or(0) as usize;
    let digits = n.trim_start_matches('-');
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    fraction.len() <= scale && whole.len() <= (p as usize).saturating_sub(scale)
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && parts
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 5
        && b[..2].iter().all(u8::is_ascii_digit)
        && b[2] == b':'
        && b[3..5].iter().all(u8::is_ascii_digit)
}

pub(super) fn column_name(name: &str, given: Option<&str>, underscored: bool) -> Name {
    match given {
        Some(c) => c.into(),
        None if underscored => snake(name),
        None => name.into(),
    }
}

/// Whether two names could have one snake_case form: snake_case only
/// lowers letters and adds or keeps `_`, so the names must be equal without
/// case and `_` (a quick test before building both forms).
fn may_be_one_field(a: &str, b: &str) -> bool {
    if !a.is_ascii() || !b.is_ascii() {
        return true;
    }
    fn letters(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes()
            .filter(|&c| c != b'_')
            .map(|c| c.to_ascii_lowercase())
    }
    letters(a).eq(letters(b))
}

/// Adds an attribute unless its name, its column or its Rust field name is
/// taken; returns its position.
pub(super) fn add_attribute(
    model: &mut ir::Model,
    attribute: ir::Attribute,
) -> Result<usize, Diagnostic> {
    // The generated code names fields in snake_case: `userId` and
    // `user_id` would be one field.
    let field = std::cell::OnceCell::new();
    let field = || field.get_or_init(|| snake(&attribute.name)).as_str();
    // Equal names are one field too: they are compared only when the
    // cheap test says the fields might be one.
    // Columns compare as SQLite and MySQL compare them: `userId` and
    // `userid` are one column there.
    let column = ir::CaselessName(&attribute.column);
    let clash = model.attributes.iter().find(|a| {
        ir::CaselessName(&a.column) == column
            || (may_be_one_field(&a.name, &attribute.name)
                && (a.name == attribute.name || snake(&a.name) == field()))
    });
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
                first.name,
                attribute.name,
                model.name,
                field()
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
    model.attributes.push(attribute);
    Ok(model.attributes.len() - 1)
}

/// `createdAt` and `updatedAt`, maintained by the generated code.
pub(super) fn timestamps(options: &ModelOptions, span: crate::source::Span) -> [ir::Attribute; 2] {
    ["createdAt", "updatedAt"].map(|name| ir::Attribute {
        name: name.into(),
        column: column_name(name, None, options.underscored),
        ty: Type::Scalar(ScalarType::Date),
        nullable: false,
        primary_key: false,
        auto_increment: false,
        default: None,
        notes: None,
        origin: AttributeOrigin::Timestamp,
        span,
    })
}

fn implicit_id(decl: &ast::ModelDecl, options: &ModelOptions) -> ir::Attribute {
    ir::Attribute {
        name: "id".into(),
        column: column_name("id", None, options.underscored),
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
