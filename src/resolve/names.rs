//! Checks on names: types that name nothing, naming conventions, the one
//! file-level `options` block.

use crate::diagnostics::{Code, Diagnostic};
use crate::suggest::did_you_mean;
use crate::syntax::ast::{self, AssociationKind, Item, Member, ScalarType, TypeKind};
use crate::syntax::parser::KEYWORDS;
use rustc_hash::FxHashSet as HashSet;

pub fn check(files: &[&ast::File], out: &mut Vec<Diagnostic>) {
    let items = || files.iter().flat_map(|f| f.items.iter());
    // Names declared by items with syntax errors count as declared: the
    // syntax error is the problem to report.
    let enums: HashSet<&str> = items()
        .filter_map(|i| match i {
            Item::Enum(e) => Some(e.name.name.as_str()),
            _ => None,
        })
        .chain(
            files
                .iter()
                .flat_map(|f| f.unparsed.iter().map(|n| n.as_str())),
        )
        .collect();
    // Only an unknown type asks whether it names a model: the set of them
    // is made then, not for every schema.
    let models: std::cell::OnceCell<HashSet<&str>> = std::cell::OnceCell::new();
    let models = || {
        models.get_or_init(|| {
            items()
                .filter_map(|i| match i {
                    Item::Model(m) => Some(m.name.name.as_str()),
                    _ => None,
                })
                .collect()
        })
    };

    let mut first_options = None;
    for item in items() {
        match item {
            Item::Options(o) => match first_options {
                None => first_options = Some(o.span),
                Some(first) => out.push(
                    Diagnostic::error(
                        Code::DuplicateFileOptions,
                        o.span,
                        "a schema has at most one file-level `options` block",
                    )
                    .with_span_label("second block")
                    .with_label(first, "first block")
                    .with_help("merge the two blocks into one"),
                ),
            },
            Item::Enum(e) => pascal_case(&e.name, "enum", out),
            Item::Model(m) => {
                pascal_case(&m.name, "model", out);
                for member in &m.members {
                    if let Member::Attribute(a) = member {
                        attribute_case(&a.name, out);
                        type_exists(a, &enums, &models, out);
                    }
                }
            }
        }
    }
}

fn type_exists<'a>(
    attribute: &ast::Attribute,
    enums: &HashSet<&str>,
    models: &dyn Fn() -> &'a HashSet<&'a str>,
    out: &mut Vec<Diagnostic>,
) {
    let TypeKind::Named(name) = &attribute.ty.kind else {
        return;
    };
    if enums.contains(name.as_str()) {
        return;
    }
    let mut diagnostic = Diagnostic::error(
        Code::UnknownType,
        attribute.ty.span,
        format!("unknown type `{name}`"),
    )
    .with_span_label("neither a built-in type nor a declared enum");
    let candidates = ScalarType::NAMES
        .iter()
        .copied()
        .chain(enums.iter().copied());
    let association = did_you_mean(&attribute.name.name, AssociationKind::NAMES.iter().copied())
        .or_else(|| AssociationKind::from_keyword(&attribute.name.name).map(|k| k.keyword()));
    if let Some(kind) = association.filter(|_| models().contains(name.as_str())) {
        diagnostic = diagnostic
            .with_label(attribute.name.span, "this reads as an attribute name")
            .with_help(format!(
                "to associate with the model `{name}`, write `{kind} {name}`"
            ));
    } else if let Some(s) = did_you_mean(name, candidates) {
        diagnostic = diagnostic.with_help(format!("did you mean `{s}`?"));
    } else if models().contains(name.as_str()) {
        diagnostic = diagnostic.with_help(format!(
            "`{name}` is a model; link models with an association such as `belongsTo {name}`"
        ));
    } else {
        diagnostic = diagnostic.with_help(format!(
            "declare it with `enum {name} {{ ... }}`, or use a built-in type such as `string`"
        ));
    }
    out.push(diagnostic);
}

fn pascal_case(name: &ast::Ident, what: &str, out: &mut Vec<Diagnostic>) {
    let ok = name.name.starts_with(|c: char| c.is_ascii_uppercase()) && !name.name.contains('_');
    // A reserved name is already an error.
    let reserved =
        KEYWORDS.contains(&name.name.as_str()) || ScalarType::NAMES.contains(&name.name.as_str());
    if !ok && !reserved && !name.name.is_empty() {
        out.push(
            Diagnostic::warning(
                Code::NamingConvention,
                name.span,
                format!("{what} name `{}` is not PascalCase", name.name),
            )
            .with_span_label("by convention, this starts with a capital and has no `_`")
            .with_help(format!("write `{}`", to_pascal(&name.name))),
        );
    }
}

fn attribute_case(name: &ast::Ident, out: &mut Vec<Diagnostic>) {
    let n = &name.name;
    let camel = n.starts_with(|c: char| c.is_ascii_lowercase()) && !n.contains('_');
    let snake = n
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !camel && !snake {
        out.push(
            Diagnostic::warning(
                Code::NamingConvention,
                name.span,
                format!("attribute name `{n}` is neither camelCase nor snake_case"),
            )
            .with_span_label("unconventional")
            .with_help("name attributes like `bornOn` or `born_on`"),
        );
    }
}

fn to_pascal(name: &str) -> String {
    name.split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut chars = p.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}
