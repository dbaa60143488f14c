//! Option objects read into types, once, at the edge. An unknown option
//! name or a value of the wrong kind becomes a diagnostic here.

use crate::diagnostics::{Code, Diagnostic};
use crate::ir::RefAction;
use crate::source::Span;
use crate::suggest::did_you_mean;
use crate::syntax::ast::{AssociationKind, Entry, Name, Object, Value, ValueKind};

/// A name written in an option, with where it was written.
#[derive(Clone, Debug)]
pub struct Named {
    pub name: Name,
    pub span: Span,
}

/// Reads the entries of one object, each at most once, reporting unknown
/// and repeated keys.
pub struct Reader<'a> {
    entries: Vec<&'a Entry>,
}

impl<'a> Reader<'a> {
    pub fn new(
        object: &'a Object,
        known: &[&str],
        what: &str,
        out: &mut Vec<Diagnostic>,
    ) -> Reader<'a> {
        let mut entries: Vec<&Entry> = Vec::new();
        for entry in &object.entries {
            let key = entry.key.name.as_str();
            if !known.contains(&key) {
                let help = match did_you_mean(key, known.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the options of {what} are {}", list(known)),
                };
                out.push(
                    Diagnostic::error(
                        Code::UnknownOption,
                        entry.key.span,
                        format!("unknown option `{key}` for {what}"),
                    )
                    .with_span_label("unknown")
                    .with_help(help),
                );
            } else if let Some(first) = entries.iter().find(|e| e.key.name == key) {
                out.push(
                    Diagnostic::error(
                        Code::InvalidOptionValue,
                        entry.key.span,
                        format!("option `{key}` is given twice"),
                    )
                    .with_span_label("again here")
                    .with_label(first.key.span, "first here")
                    .with_help("keep one of them"),
                );
            } else {
                entries.push(entry);
            }
        }
        Reader { entries }
    }

    pub fn value(&self, key: &str) -> Option<&'a Value> {
        self.entries
            .iter()
            .find(|e| e.key.name == key)
            .map(|e| &e.value)
    }

    pub fn bool(&self, key: &str, out: &mut Vec<Diagnostic>) -> Option<bool> {
        let value = self.value(key)?;
        match value.kind {
            ValueKind::Bool(b) => Some(b),
            _ => {
                out.push(wrong(value, key, "`true` or `false`"));
                None
            }
        }
    }

    pub fn string(&self, key: &str, out: &mut Vec<Diagnostic>) -> Option<Named> {
        let value = self.value(key)?;
        match &value.kind {
            ValueKind::Str(s) if !s.is_empty() => Some(Named {
                name: s.into(),
                span: value.span,
            }),
            _ => {
                out.push(wrong(value, key, "a non-empty string such as `\"people\"`"));
                None
            }
        }
    }

    /// A name: an identifier (a string is accepted too, as in Sequelize).
    pub fn name(&self, key: &str, out: &mut Vec<Diagnostic>) -> Option<Named> {
        let value = self.value(key)?;
        name_value(value, key, out)
    }

    pub fn action(&self, key: &str, out: &mut Vec<Diagnostic>) -> Option<(RefAction, Span)> {
        let value = self.value(key)?;
        let word = word(&value.kind)
            .unwrap_or_default()
            .to_ascii_uppercase()
            .replace(' ', "_");
        let action = match word.as_str() {
            "CASCADE" => RefAction::Cascade,
            "RESTRICT" => RefAction::Restrict,
            "SET_NULL" => RefAction::SetNull,
            "NO_ACTION" => RefAction::NoAction,
            "SET_DEFAULT" => RefAction::SetDefault,
            _ => {
                out.push(wrong(
                    value,
                    key,
                    "`CASCADE`, `RESTRICT`, `SET_NULL`, `NO_ACTION` or `SET_DEFAULT`",
                ));
                return None;
            }
        };
        Some((action, value.span))
    }
}

pub fn name_value(value: &Value, key: &str, out: &mut Vec<Diagnostic>) -> Option<Named> {
    match &value.kind {
        ValueKind::Ident(s) => Some(Named {
            name: s.clone(),
            span: value.span,
        }),
        ValueKind::Str(s) if is_identifier(s) => Some(Named {
            name: s.into(),
            span: value.span,
        }),
        _ => {
            out.push(wrong(value, key, "a name such as `owner`"));
            None
        }
    }
}

/// The text of a bare word or a string: the forms a keyword-like value
/// (`CASCADE`, `"SET NULL"`, `hasMany`) may take.
fn word(kind: &ValueKind) -> Option<&str> {
    match kind {
        ValueKind::Ident(s) => Some(s),
        ValueKind::Str(s) => Some(s),
        _ => None,
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub fn wrong(value: &Value, key: &str, expected: &str) -> Diagnostic {
    Diagnostic::error(
        Code::InvalidOptionValue,
        value.span,
        format!("`{key}` expects {expected}"),
    )
    .with_span_label("not allowed here")
    .with_help(format!("write `{key}: ` followed by {expected}"))
}

fn list(words: &[&str]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

// ------------------------------------------------------------ model options

/// Options of a model, after the file-level defaults.
#[derive(Clone, Debug)]
pub struct ModelOptions {
    pub underscored: bool,
    pub timestamps: bool,
    pub freeze_table_name: bool,
    pub table_name: Option<Name>,
    /// `renamedFrom: "Old"`: the model's name in the schema before.
    pub renamed_from: Option<Name>,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            underscored: true,
            timestamps: false,
            freeze_table_name: false,
            table_name: None,
            renamed_from: None,
        }
    }
}

impl ModelOptions {
    /// Applies a file-level (`model = false`) or model-level options block.
    pub fn apply(&mut self, object: &Object, model: bool, out: &mut Vec<Diagnostic>) {
        let (known, what): (&[&str], &str) = if model {
            (
                &[
                    "underscored",
                    "timestamps",
                    "freezeTableName",
                    "tableName",
                    "renamedFrom",
                ],
                "a model",
            )
        } else {
            (
                &["underscored", "timestamps", "freezeTableName"],
                "the file",
            )
        };
        let r = Reader::new(object, known, what, out);
        if let Some(b) = r.bool("underscored", out) {
            self.underscored = b;
        }
        if let Some(b) = r.bool("timestamps", out) {
            self.timestamps = b;
        }
        if let Some(b) = r.bool("freezeTableName", out) {
            self.freeze_table_name = b;
        }
        if model && let Some(name) = r.string("tableName", out) {
            self.table_name = Some(name.name);
        }
        if model && let Some(name) = r.string("renamedFrom", out) {
            self.renamed_from = Some(name.name);
        }
    }
}

// ------------------------------------------------------------ association options

/// `as`: one name (the plural of a to-many association, the singular
/// otherwise), or `{ singular, plural }`.
#[derive(Clone, Debug)]
pub enum AliasOption {
    One(Named),
    Both {
        singular: Option<Named>,
        plural: Option<Named>,
        span: Span,
    },
}

impl AliasOption {
    pub fn span(&self) -> Span {
        match self {
            AliasOption::One(n) => n.span,
            AliasOption::Both { span, .. } => *span,
        }
    }

    /// The singular and plural names, the missing one inflected from the
    /// other; `None` for a part not given and not derivable.
    pub fn names(&self, to_many: bool) -> (Option<Name>, Option<Name>) {
        use super::naming::{plural, singular};
        match self {
            AliasOption::One(n) if to_many => (Some(singular(&n.name)), Some(n.name.clone())),
            AliasOption::One(n) => (Some(n.name.clone()), Some(plural(&n.name))),
            AliasOption::Both {
                singular: s,
                plural: p,
                ..
            } => {
                let s = s.as_ref().map(|n| n.name.clone());
                let p = p.as_ref().map(|n| n.name.clone());
                match (s, p) {
                    (Some(s), None) => (Some(s.clone()), Some(plural(&s))),
                    (None, Some(p)) => (Some(singular(&p)), Some(p)),
                    other => other,
                }
            }
        }
    }
}

/// `foreignKey` / `otherKey`: a name or an object.
#[derive(Clone, Debug, Default)]
pub struct KeyOption {
    pub name: Option<Named>,
    pub allow_null: Option<bool>,
    pub column: Option<Name>,
    pub unique: Option<bool>,
    pub on_delete: Option<(RefAction, Span)>,
    pub on_update: Option<(RefAction, Span)>,
    pub deferrable: Option<bool>,
}

#[derive(Clone, Debug)]
pub struct ThroughOption {
    pub model: Named,
    pub unique: Option<bool>,
}

#[derive(Clone, Debug, Default)]
pub struct InverseOption {
    pub alias: Option<AliasOption>,
    pub kind: Option<(AssociationKind, Span)>,
    pub constraints: Option<bool>,
}

#[derive(Clone, Debug, Default)]
pub struct AssociationOptions {
    pub alias: Option<AliasOption>,
    pub foreign_key: KeyOption,
    pub other_key: KeyOption,
    pub source_key: Option<Named>,
    pub target_key: Option<Named>,
    pub through: Option<ThroughOption>,
    pub on_delete: Option<(RefAction, Span)>,
    pub on_update: Option<(RefAction, Span)>,
    pub constraints: Option<bool>,
    pub deferrable: Option<bool>,
    pub inverse: Option<InverseOption>,
}

/// The options of every kind of association, then `$extra`.
macro_rules! association_options {
    ($($extra:literal),*) => {
        &[
            "as",
            "foreignKey",
            "onDelete",
            "onUpdate",
            "constraints",
            "foreignKeyConstraints",
            "deferrable",
            "inverse",
            $($extra),*
        ]
    };
}

impl AssociationOptions {
    pub fn read(
        kind: AssociationKind,
        object: Option<&Object>,
        alias: Option<&crate::syntax::ast::Ident>,
        out: &mut Vec<Diagnostic>,
    ) -> AssociationOptions {
        let mut options = AssociationOptions::default();
        if let Some(object) = object {
            let (known, what): (&[&str], &str) = match kind {
                AssociationKind::HasOne => (association_options!("sourceKey"), "`hasOne`"),
                AssociationKind::HasMany => (association_options!("sourceKey"), "`hasMany`"),
                AssociationKind::BelongsTo => (association_options!("targetKey"), "`belongsTo`"),
                AssociationKind::BelongsToMany => (
                    association_options!("sourceKey", "targetKey", "otherKey", "through"),
                    "`belongsToMany`",
                ),
            };
            let r = Reader::new(object, known, what, out);
            options.alias = r.value("as").and_then(|v| alias_value(v, out));
            options.foreign_key = r
                .value("foreignKey")
                .map(|v| key_value(v, "foreignKey", out))
                .unwrap_or_default();
            options.other_key = r
                .value("otherKey")
                .map(|v| key_value(v, "otherKey", out))
                .unwrap_or_default();
            options.source_key = r.name("sourceKey", out);
            options.target_key = r.name("targetKey", out);
            options.on_delete = r.action("onDelete", out);
            options.on_update = r.action("onUpdate", out);
            options.constraints = r
                .bool("constraints", out)
                .or_else(|| r.bool("foreignKeyConstraints", out));
            options.deferrable = r.bool("deferrable", out);
            options.through = r.value("through").and_then(|v| through_value(v, out));
            options.inverse = r.value("inverse").and_then(|v| inverse_value(v, kind, out));
        }
        if let Some(alias) = alias {
            let named = Named {
                name: alias.name.clone(),
                span: alias.span,
            };
            if let Some(given) = &options.alias {
                out.push(
                    Diagnostic::error(
                        Code::InvalidOptionValue,
                        given.span(),
                        "the association is named twice",
                    )
                    .with_span_label("`as` in the options")
                    .with_label(alias.span, "`as` before the options")
                    .with_help("keep one of the two"),
                );
            }
            options.alias = Some(AliasOption::One(named));
        }
        options
    }
}

fn alias_value(value: &Value, out: &mut Vec<Diagnostic>) -> Option<AliasOption> {
    match &value.kind {
        ValueKind::Object(o) => {
            let r = Reader::new(o, &["singular", "plural"], "`as`", out);
            Some(AliasOption::Both {
                singular: r.name("singular", out),
                plural: r.name("plural", out),
                span: value.span,
            })
        }
        _ => name_value(value, "as", out).map(AliasOption::One),
    }
}

fn key_value(value: &Value, key: &str, out: &mut Vec<Diagnostic>) -> KeyOption {
    match &value.kind {
        ValueKind::Object(o) => {
            let r = Reader::new(
                o,
                &[
                    "name",
                    "allowNull",
                    "column",
                    "unique",
                    "onDelete",
                    "onUpdate",
                    "deferrable",
                ],
                &format!("`{key}`"),
                out,
            );
            KeyOption {
                name: r.name("name", out),
                allow_null: r.bool("allowNull", out),
                column: r.string("column", out).map(|n| n.name),
                unique: r.bool("unique", out),
                on_delete: r.action("onDelete", out),
                on_update: r.action("onUpdate", out),
                deferrable: r.bool("deferrable", out),
            }
        }
        _ => KeyOption {
            name: name_value(value, key, out),
            ..KeyOption::default()
        },
    }
}

/// The junction a belongsToMany's options name in `through`, as
/// [`AssociationOptions::read`] finds it, without reading (or reporting on)
/// the other options.
pub fn through_model(object: Option<&Object>) -> Option<Named> {
    let entry = object?.entries.iter().find(|e| e.key.name == "through")?;
    through_value(&entry.value, &mut Vec::new()).map(|t| t.model)
}

fn through_value(value: &Value, out: &mut Vec<Diagnostic>) -> Option<ThroughOption> {
    match &value.kind {
        ValueKind::Object(o) => {
            let r = Reader::new(o, &["model", "unique"], "`through`", out);
            let model = r.name("model", out);
            let unique = r.bool("unique", out);
            if model.is_none() && r.value("model").is_none() {
                out.push(
                    Diagnostic::error(
                        Code::MissingThrough,
                        value.span,
                        "`through` needs a `model`",
                    )
                    .with_span_label("no model here")
                    .with_help("write `through: { model: UserGroups }`"),
                );
            }
            Some(ThroughOption {
                model: model?,
                unique,
            })
        }
        _ => Some(ThroughOption {
            model: name_value(value, "through", out)?,
            unique: None,
        }),
    }
}

fn inverse_value(
    value: &Value,
    kind: AssociationKind,
    out: &mut Vec<Diagnostic>,
) -> Option<InverseOption> {
    match &value.kind {
        ValueKind::Object(o) => {
            let known: &[&str] = if kind == AssociationKind::BelongsTo {
                &["as", "type", "constraints"]
            } else {
                &["as", "constraints"]
            };
            let r = Reader::new(o, known, "`inverse`", out);
            let kind = r.value("type").and_then(|v| match word(&v.kind) {
                Some("hasOne") => Some((AssociationKind::HasOne, v.span)),
                Some("hasMany") => Some((AssociationKind::HasMany, v.span)),
                _ => {
                    out.push(wrong(v, "type", "`hasOne` or `hasMany`"));
                    None
                }
            });
            Some(InverseOption {
                alias: r.value("as").and_then(|v| alias_value(v, out)),
                kind,
                constraints: r.bool("constraints", out),
            })
        }
        _ => {
            let named = name_value(value, "inverse", out)?;
            Some(InverseOption {
                alias: Some(AliasOption::One(named)),
                kind: None,
                constraints: None,
            })
        }
    }
}
