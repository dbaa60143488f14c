//! The names the generated Rust code is made of, checked before any code
//! is: each is an identifier, unique where Rust needs it, and each model's
//! file is its own. The names come from [`crate::ir::ident`], the functions
//! the generator calls, so the two can't disagree.

use crate::diagnostics::{Code, Diagnostic};
use crate::ir;
use crate::ir::ident;
use crate::source::Span;
use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;

/// The longest file name most file systems take, in bytes.
pub const MAX_FILE_NAME_BYTES: usize = 255;

/// Crates the generated code names by path: a root module of that name
/// would make every such path ambiguous.
const CRATE_NAMES: &[&str] = &[
    "std",
    "core",
    "alloc",
    "rusqlite",
    "postgres",
    "chrono",
    "uuid",
    "rust_decimal",
    "serde_json",
];

/// Modules the generated root defines itself: typed queries' runtime and
/// SQLite's conversions. A model's module of that name would clash.
const ROOT_MODULES: &[&str] = &["query", "codec"];

/// Types the generated root defines itself (SQLite's savepoint guard, the
/// async backend's client trait). Reserved on every backend: a schema
/// means the same whichever it is built for.
const ROOT_TYPES: &[&str] = &["Atomic", "GenericClient"];

/// Prelude names the generated code uses: a type of that name, brought
/// into every model's module by `use super::*`, would shadow them.
const PRELUDE_NAMES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Default",
    "From",
    "Into",
    "Clone",
    "Copy",
    "ToString",
    "Iterator",
    "IntoIterator",
    "AsRef",
    "Send",
    "Sync",
    "Sized",
    "PartialEq",
    "Eq",
];

pub(super) fn check(schema: &ir::Schema, out: &mut Vec<Diagnostic>) {
    files(schema, out);
    types(schema, out);
    for m in &schema.models {
        fields(m, out);
    }
    for e in &schema.enums {
        variants(e, out);
    }
}

fn unusable(span: Span, message: String, help: &str) -> Diagnostic {
    Diagnostic::error(Code::UnusableName, span, message).with_help(help)
}

fn collision(span: Span, first: Span, message: String, help: &str) -> Diagnostic {
    Diagnostic::error(Code::RustNameCollision, span, message)
        .with_span_label("second here")
        .with_label(first, "first here")
        .with_help(help)
}

/// One file per model, none of them `mod.rs`, distinct ASCII case aside
/// (macOS and Windows file systems take `abc.rs` and `ABC.rs` for one).
fn files(schema: &ir::Schema, out: &mut Vec<Diagnostic>) {
    let rename = "rename one of the models";
    let mut taken: HashMap<String, &ir::Model> = HashMap::default();
    for m in &schema.models {
        let module = ident::module(&m.name);
        let file = ident::file(&module);
        let bare = module.trim_start_matches("r#");
        if file == "mod.rs" {
            out.push(unusable(
                m.span,
                format!(
                    "model `{}` would be written to `mod.rs`, the root module's file",
                    m.name
                ),
                "rename the model",
            ));
        } else if CRATE_NAMES.contains(&bare) {
            out.push(unusable(
                m.span,
                format!(
                    "model `{}` would be the module `{bare}`, which hides the crate the generated code uses under that name",
                    m.name
                ),
                "rename the model",
            ));
        } else if ROOT_MODULES.contains(&bare) {
            out.push(unusable(
                m.span,
                format!(
                    "model `{}` would be the module `{bare}`, which the generated root module defines for itself",
                    m.name
                ),
                "rename the model",
            ));
        } else if file.len() > MAX_FILE_NAME_BYTES {
            out.push(unusable(
                m.span,
                format!(
                    "model `{}` would be written to a file name of {} bytes; file systems take at most {MAX_FILE_NAME_BYTES}",
                    m.name,
                    file.len()
                ),
                "choose a shorter model name",
            ));
        }
        match taken.entry(file.to_ascii_lowercase()) {
            Entry::Vacant(v) => {
                v.insert(m);
            }
            Entry::Occupied(o) => out.push(collision(
                m.span,
                o.get().span,
                format!(
                    "models `{}` and `{}` would both be written to `{file}`",
                    o.get().name,
                    m.name
                ),
                rename,
            )),
        }
    }
}

/// The types the root module defines or re-exports: each model's
/// `<Model>`, `New<Model>` and `<Model>Id`, and each enum.
fn types<'s>(schema: &'s ir::Schema, out: &mut Vec<Diagnostic>) {
    // Each type, and what makes it (`the key of model`, `Person`): the
    // words of a diagnostic, put together only when one is made.
    let mut taken: HashMap<String, (&str, &'s str, Span)> = HashMap::default();
    let mut add = |ty: String,
                   (role, name): (&'static str, &'s str),
                   span: Span,
                   out: &mut Vec<Diagnostic>| {
        let what = || format!("{role} `{name}`");
        let root = ROOT_TYPES.contains(&ty.as_str());
        if root || PRELUDE_NAMES.contains(&ty.as_str()) {
            let why = if root {
                "which the generated root module defines for itself".to_string()
            } else {
                format!("which hides the standard `{ty}` the generated code uses")
            };
            out.push(unusable(
                span,
                format!("{} would be the Rust type `{ty}`, {why}", what()),
                "rename it",
            ));
            return;
        }
        match taken.entry(ty) {
            Entry::Vacant(v) => {
                v.insert((role, name, span));
            }
            Entry::Occupied(o) => {
                let (first_role, first_name, first_span) = *o.get();
                out.push(collision(
                    span,
                    first_span,
                    format!(
                        "{first_role} `{first_name}` and {} would both be the Rust type `{}`",
                        what(),
                        o.key()
                    ),
                    "rename one of them",
                ));
            }
        }
    };
    for e in &schema.enums {
        add(ident::type_name(&e.name), ("enum", &e.name), e.span, out);
    }
    for m in &schema.models {
        let ty = ident::type_name(&m.name);
        for &(prefix, suffix, role) in ident::MODEL_TYPES {
            let name = if prefix.is_empty() && suffix.is_empty() {
                ty.clone()
            } else {
                format!("{prefix}{}{suffix}", ty.trim_start_matches("r#"))
            };
            add(name, (role, &m.name), m.span, out);
        }
    }
}

/// Each attribute is a field with an identifier for a name, and has a
/// column name. (Two attributes that make one field are E0104, found as
/// they are added.)
fn fields(m: &ir::Model, out: &mut Vec<Diagnostic>) {
    // Each field's variant of the model's query conditions.
    let mut variants: HashMap<String, &ir::Attribute> = HashMap::default();
    if m.table.chars().any(char::is_control) {
        out.push(unusable(
            m.span,
            format!(
                "the table name of model `{}` holds a control character ({:?})",
                m.name, m.table
            ),
            "write the table name without line breaks, tabs or other control characters",
        ));
    }
    for a in &m.attributes {
        if a.column.chars().any(char::is_control) {
            out.push(unusable(
                a.span,
                format!(
                    "the column name of attribute `{}` holds a control character ({:?})",
                    a.name, a.column
                ),
                "write the column name without line breaks, tabs or other control characters",
            ));
        }
        if a.column.is_empty() {
            out.push(unusable(
                a.span,
                format!(
                    "attribute `{}` of model `{}` would have an empty column name",
                    a.name, m.name
                ),
                "give the attribute a name with a letter in it, or a column with `column(\"...\")`",
            ));
        }
        let field = a.field.to_string();
        if !ident::is_identifier(&field) {
            let field = if field.is_empty() {
                "empty".to_string()
            } else {
                format!("`{field}`")
            };
            out.push(unusable(
                a.span,
                format!(
                    "attribute `{}` of model `{}` makes no Rust field name (it would be {field})",
                    a.name, m.name
                ),
                "give the attribute a name that starts with a letter",
            ));
            continue;
        }
        match variants.entry(ident::condition_variant(&field)) {
            Entry::Vacant(v) => {
                v.insert(a);
            }
            Entry::Occupied(o) => out.push(collision(
                a.span,
                o.get().span,
                format!(
                    "attributes `{}` and `{}` of model `{}` would both be the query condition `{}Condition::{}`",
                    o.get().name,
                    a.name,
                    m.name,
                    ident::type_name(&m.name).trim_start_matches("r#"),
                    o.key()
                ),
                "rename one of them",
            )),
        }
    }
}

/// Each variant is an identifier, one per name in its enum.
fn variants(e: &ir::Enum, out: &mut Vec<Diagnostic>) {
    let mut taken: HashMap<String, &str> = HashMap::default();
    for v in &e.variants {
        let rust = ident::type_name(v);
        if !ident::is_identifier(&rust) {
            out.push(unusable(
                e.span,
                format!(
                    "variant `{v}` of enum `{}` makes no Rust name (it would be `{rust}`)",
                    e.name
                ),
                "give the variant a name that starts with a letter",
            ));
            continue;
        }
        match taken.entry(rust) {
            Entry::Vacant(slot) => {
                slot.insert(v);
            }
            Entry::Occupied(o) => out.push(
                Diagnostic::error(
                    Code::RustNameCollision,
                    e.span,
                    format!(
                        "variants `{}` and `{v}` of enum `{}` would both be the Rust variant `{}`",
                        o.get(),
                        e.name,
                        o.key()
                    ),
                )
                .with_help("rename one of them"),
            ),
        }
    }
}
