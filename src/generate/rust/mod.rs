//! The Rust module tree of `ormgen build`: one module per model and a
//! `mod.rs`, for the rusqlite backend.
//!
//! Generated per model: a key newtype (`PersonId`, `From<&Person>`), the
//! row struct, `New<Model>` for inserts, and `create`, `find_by_pk`,
//! `find_all`, `count`, `save`, `destroy`. Values are always bound as
//! parameters; statements are prepared once per connection
//! (`prepare_cached`).

pub mod backend;
mod update;
use crate::ir::ident;

pub use backend::Backend;

use super::sql::{self, Dialect};

use crate::ir::{self, Accessor, DefaultValue, ModelId, ScalarType, Schema, Type};
use crate::output::{self, Files, GeneratedFile};
use askama::Template;
use backend::Fetch;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

struct Field {
    name: String,
    ty: String,
    docs: Vec<String>,
    read: String,
}

struct NewField {
    name: String,
    ty: String,
}

#[derive(Template)]
#[template(path = "rust/model.rs.txt", escape = "none")]
struct ModelFile {
    consts: Vec<String>,
    name: String,
    key: String,
    key_types: String,
    key_from_row: String,
    /// The key's value type (`i32`, or a tuple for a composite key), and
    /// the newtype's fields made from `value` of that type.
    key_inner: String,
    key_from_inner: String,
    struct_docs: Vec<String>,
    fields: Vec<Field>,
    new_name: String,
    new_fields: Vec<NewField>,
    /// Which fields of `New<Model>` must be given, in a sentence cut into
    /// comment lines.
    new_required: Vec<String>,
    sig_from_row: String,
    sig_create: String,
    sig_find_by_pk: String,
    sig_find_all: String,
    sig_count: String,
    sig_save: String,
    sig_destroy: String,
    create_prelude: Vec<String>,
    run_create: String,
    run_find_by_pk: String,
    run_find_all: String,
    run_count: String,
    run_save: String,
    run_destroy: String,
    /// `<Model>Changes`: every column but the key and the timestamps;
    /// empty, no `update`.
    changes: Vec<NewField>,
    sig_update: String,
    update_prelude: Vec<String>,
    run_update: String,
    update_apply: Vec<String>,
    timestamps: bool,
    updated_at: String,
    accessors: Vec<String>,
    derive_key: String,
    derive_row: String,
    derive_new: String,
    derive_changes: String,
    /// `Ok(Model { id: row.get(0)? })` when rustfmt keeps it on one line.
    from_row_one_line: Option<String>,
}

struct ModuleView {
    module: String,
    /// `pub mod x;`, or in the one-file form the module with its body.
    item: String,
    /// `pub use person::{NewPerson, Person, PersonId};`, laid out as
    /// rustfmt does.
    reexport: String,
}

struct VariantView {
    rust: String,
    literal: String,
}

struct EnumView {
    name: String,
    /// The PostgreSQL type's name, as a Rust literal.
    sql_name: String,
    docs: Vec<String>,
    variants: Vec<VariantView>,
}

#[derive(Template)]
#[template(path = "rust/mod.rs.txt", escape = "none")]
struct ModFile {
    /// What the root says of itself: inner doc comments (`//!`) in a file,
    /// plain comments in the one-file form, which `include!` takes.
    header: String,
    /// Before each item of the root module: lint allowances, or nothing.
    allow: &'static str,
    /// The enums' `#[derive(...)]`.
    enum_derive: String,
    /// `#[serde(rename = ...)]` on each variant.
    serde: bool,
    allow_use: &'static str,
    modules: Vec<ModuleView>,
    enums: Vec<EnumView>,
    sqlite_create: String,
    sqlite_drop: String,
    postgres_create: String,
    postgres_drop: String,
    mysql_create: String,
    /// The PostgreSQL backend (else rusqlite).
    postgres: bool,
    uses_date: bool,
    uses_uuid: bool,
    uses_decimal: bool,
}

/// rustfmt's line width.
const WIDTH: usize = 100;

/// A Rust string literal.
fn literal(s: &str) -> String {
    format!("{s:?}")
}

/// `text` cut into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + word.len() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// `pub const NAME: &[&str] = &[...];` laid out as rustfmt does: on one
/// line when the array is short (rustfmt's `array_width`, 60) and the line
/// fits, else one item per line.
fn str_array(name: &str, items: &[String]) -> String {
    let array = format!("[{}]", items.join(", "));
    let line = format!("pub const {name}: &[&str] = &{array};");
    if array.len() <= 60 && line.len() <= WIDTH {
        return line;
    }
    let mut out = format!("pub const {name}: &[&str] = &[\n");
    for item in items {
        out.push_str(&format!("    {item},\n"));
    }
    out.push_str("];");
    out
}

/// `const NAME: &str = "...";` laid out as rustfmt does: broken after `=`
/// when that makes it fit, else on one line (a string can't be broken).
fn const_str(name: &str, sql: &str) -> String {
    let lit = literal(sql);
    let one = format!("const {name}: &str = {lit};");
    if one.len() <= WIDTH || 4 + lit.len() + 1 > WIDTH {
        one
    } else {
        format!("const {name}: &str =\n    {lit};")
    }
}

/// A method signature (indented in an `impl`) laid out as rustfmt does: on
/// one line when it fits, else one parameter per line.
fn signature(head: &str, params: &[String], ret: &str) -> String {
    let one = format!("    {head}({}) -> {ret} {{", params.join(", "));
    if one.len() <= WIDTH {
        return one;
    }
    let mut out = format!("    {head}(\n");
    for p in params {
        out.push_str(&format!("        {p},\n"));
    }
    out.push_str(&format!("    ) -> {ret} {{"));
    out
}

/// The signature of a method on `&self` taking the connection and maybe
/// one more parameter.
fn on_self(
    backend: Backend,
    head: impl AsRef<str>,
    param: Option<String>,
    ret: impl AsRef<str>,
) -> String {
    let mut params = vec!["&self".to_string(), backend.conn().to_string()];
    params.extend(param);
    signature(head.as_ref(), &params, ret.as_ref())
}

fn doc_lines(docs: &[String], prefix: &str) -> Vec<String> {
    docs.iter()
        .flat_map(|d| ident::comment_lines(d))
        .map(|d| {
            if d.is_empty() {
                prefix.to_string()
            } else {
                format!("{prefix} {d}")
            }
        })
        .collect()
}

/// The Rust type of a column's value (without `Option`).
fn base_type(schema: &Schema, ty: &Type) -> String {
    use ScalarType as T;
    match ty {
        Type::Enum(e) => ident::type_name(&schema.enums[e.0].name),
        Type::Scalar(s) => match s {
            T::Integer => "i32",
            T::BigInt => "i64",
            T::SmallInt => "i16",
            T::Float => "f32",
            T::Double => "f64",
            T::Decimal { .. } => "rust_decimal::Decimal",
            T::String { .. } | T::Text => "String",
            T::Boolean => "bool",
            T::Date => "chrono::DateTime<chrono::Utc>",
            T::DateOnly => "chrono::NaiveDate",
            T::Time => "chrono::NaiveTime",
            T::Uuid => "uuid::Uuid",
            T::Json | T::Jsonb => "serde_json::Value",
            T::Blob => "Vec<u8>",
        }
        .to_string(),
    }
}

fn rust_type(schema: &Schema, a: &ir::Attribute) -> String {
    let base = base_type(schema, &a.ty);
    if a.nullable {
        format!("Option<{base}>")
    } else {
        base
    }
}

fn is_foreign_key(m: &ir::Model, i: usize) -> bool {
    m.foreign_keys.iter().any(|f| f.attr == i)
}

/// Whether values of this type are `Copy` in Rust.
fn is_copy(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Scalar(
            ScalarType::Integer
                | ScalarType::BigInt
                | ScalarType::SmallInt
                | ScalarType::Float
                | ScalarType::Double
                | ScalarType::Boolean
                | ScalarType::Uuid
                | ScalarType::Decimal { .. }
                | ScalarType::DateOnly
                | ScalarType::Time
                | ScalarType::Date
        ) | Type::Enum(_)
    )
}

/// An expression, cloned unless its type is `Copy`.
fn owned(expr: &str, ty: &Type) -> String {
    if is_copy(ty) {
        expr.to_string()
    } else {
        format!("{expr}.clone()")
    }
}

fn non_null(a: &ir::Attribute) -> ir::Attribute {
    ir::Attribute {
        nullable: false,
        ..a.clone()
    }
}

/// The names of an association's accessors, as resolution gave them (see
/// `ir::Association::methods`); empty for a method it does not get.
struct Methods {
    get: String,
    set: String,
    set_destroy: String,
    create: String,
    count: String,
    has: String,
    has_all: String,
    add: String,
    add_all: String,
    remove: String,
    remove_all: String,
}

impl Methods {
    fn of(a: &ir::Association) -> Methods {
        let name = |accessor| a.method(accessor).unwrap_or_default().to_string();
        Methods {
            get: name(Accessor::Get),
            set: name(Accessor::Set),
            set_destroy: name(Accessor::SetDestroyingPrevious),
            create: name(Accessor::Create),
            count: name(Accessor::Count),
            has: name(Accessor::Has),
            has_all: name(Accessor::HasAll),
            add: name(Accessor::Add),
            add_all: name(Accessor::AddAll),
            remove: name(Accessor::Remove),
            remove_all: name(Accessor::RemoveAll),
        }
    }
}

struct AccessorView {
    /// The accessors' names.
    m: Methods,
    /// See [`Backend::atomic`].
    atomic: &'static str,
    to_one: bool,
    belongs_to: bool,
    has_many: bool,
    kind: &'static str,
    name: String,
    name_upper: String,
    target: String,
    target_ref_to_value: String,
    /// A notNull foreign key: `set_x` takes a target, not an `Option`.
    fk_required: bool,
    /// The new target's key, owned: `created.id` or `created.email.clone()`.
    created_key: String,
    target_fk_field: String,
    own_fk_field: String,
    own_fk_value: String,
    /// A belongsTo whose foreign key is notNull and constrained: its
    /// target always exists, and `get_x` returns it, not an `Option`.
    get_required: bool,
    self_key_value: String,
    unlink_doc: String,
    add_prelude: Vec<String>,
    /// The statements of each accessor, as the backend runs them.
    run_get: String,
    run_count: String,
    run_has: String,
    run_add: String,
    run_remove: String,
    run_link: String,
    run_unlink_others: String,
    run_destroy_others: String,
    sig_set_destroy: String,
    sig_get: String,
    sig_set: String,
    sig_create: String,
    sig_count: String,
    sig_has: String,
    sig_has_all: String,
    sig_add: String,
    sig_add_all: String,
    sig_remove: String,
    sig_remove_all: String,
    sig_set_all: String,
}

#[derive(Template)]
#[template(path = "rust/accessors.rs.txt", escape = "none")]
struct Accessors<'a> {
    a: &'a AccessorView,
}

/// The constants and methods of one association's accessors, or `None`
/// where they are not generated (a target with a composite primary key).
fn accessor(
    schema: &Schema,
    backend: Backend,
    a: &ir::Association,
) -> Option<(Vec<String>, String)> {
    use crate::ir::AssociationKind as K;
    if a.methods.is_empty() {
        return None;
    }
    // The methods' names, as resolution made them.
    let m = |accessor| a.method(accessor).unwrap_or_default();
    let dialect = backend.dialect();
    let q = |s: &str| dialect.quote(s);
    let p = |n: usize, attr: &ir::Attribute| backend.param(schema, n, attr);
    let target = schema.model(a.target);
    let [target_pk] = target.primary_key.as_slice() else {
        return None;
    };
    let target_pk_attr = &target.attributes[*target_pk];
    let target_name = ident::type_name(&target.name);
    let target_id = format!("{target_name}Id");
    let fk_attr = schema.attr(a.foreign_key);
    let key_attr = schema.attr(a.key);
    let t = q(&target.table);
    let target_columns: Vec<String> = target
        .attributes
        .iter()
        .map(|c| format!("{t}.{}", q(&c.column)))
        .collect();
    let target_columns = target_columns.join(", ");
    let pk_col = q(&target_pk_attr.column);
    let self_key_field = format!("self.{}", ident::field(&key_attr.name));
    let self_key_arg = backend.arg(&non_null(key_attr), &self_key_field);
    let prefix = ident::snake(a.name()).to_uppercase();
    let mut consts = Vec::new();
    let mut sql = |suffix: &str, text: String| {
        let name = format!("{prefix}_{suffix}");
        consts.push(const_str(&name, &text));
        name
    };
    let run = |indent: usize, name: &str, sql: &str, args: &[&str], fetch: Fetch| {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        backend.run(indent, name, sql, &args, fetch)
    };
    let target_value = backend.arg(&non_null(target_pk_attr), "target.0");
    let into_target = format!("target: impl Into<{target_id}>");
    let many = "targets: impl IntoIterator<Item = K>".to_string();
    let generic = |accessor| format!("pub fn {}<K: Into<{target_id}>>", m(accessor));
    let fk_col = q(&fk_attr.column);
    let unlink_deletes = !fk_attr.nullable;
    let conn = || backend.conn().to_string();
    let result = |t: &str| backend.result(t);
    let on_self =
        |head: String, param: Option<String>, ret: String| on_self(backend, head, param, ret);
    // The key of this row, as the foreign key's column holds it.
    let p1 = p(1, fk_attr);
    let p2 = p(2, target_pk_attr);
    let mut v = AccessorView {
        m: Methods::of(a),
        atomic: backend.atomic(),
        to_one: matches!(a.kind, K::HasOne | K::BelongsTo),
        belongs_to: a.kind == K::BelongsTo,
        has_many: a.kind == K::HasMany,
        kind: a.kind.keyword(),
        name: a.name().to_string(),
        name_upper: {
            let mut c = a.name().chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        },
        target: target_name.clone(),
        target_ref_to_value: String::new(),
        fk_required: false,
        created_key: String::new(),
        target_fk_field: ident::field(&fk_attr.name),
        own_fk_field: String::new(),
        own_fk_value: String::new(),
        get_required: false,
        // The value for an `Option` foreign-key field of the target.
        self_key_value: if key_attr.nullable {
            owned(&self_key_field, &key_attr.ty)
        } else {
            format!("Some({})", owned(&self_key_field, &key_attr.ty))
        },
        unlink_doc: if unlink_deletes {
            "it is deleted, since its foreign key can't be null".into()
        } else {
            "its foreign key is set to NULL".into()
        },
        add_prelude: Vec::new(),
        run_get: String::new(),
        run_count: String::new(),
        run_has: String::new(),
        run_add: String::new(),
        run_remove: String::new(),
        run_link: String::new(),
        run_unlink_others: String::new(),
        run_destroy_others: String::new(),
        sig_set_destroy: String::new(),
        sig_get: String::new(),
        sig_set: String::new(),
        sig_create: String::new(),
        sig_count: on_self(
            format!("pub fn {}", m(Accessor::Count)),
            None,
            result("i64"),
        ),
        sig_has: on_self(
            format!("pub fn {}", m(Accessor::Has)),
            Some(into_target.clone()),
            result("bool"),
        ),
        sig_has_all: on_self(
            generic(Accessor::HasAll),
            Some(many.clone()),
            result("bool"),
        ),
        sig_add: on_self(
            format!("pub fn {}", m(Accessor::Add)),
            Some(into_target.clone()),
            result("()"),
        ),
        sig_add_all: on_self(generic(Accessor::AddAll), Some(many.clone()), result("()")),
        sig_remove: on_self(
            format!("pub fn {}", m(Accessor::Remove)),
            Some(into_target.clone()),
            result("()"),
        ),
        sig_remove_all: on_self(
            generic(Accessor::RemoveAll),
            Some(many.clone()),
            result("()"),
        ),
        sig_set_all: on_self(generic(Accessor::Set), Some(many), result("()")),
    };
    let new_param =
        |mutable: bool| format!("{}new: New{target_name}", if mutable { "mut " } else { "" });
    match a.kind {
        K::BelongsTo => {
            let key_is_pk = a.key.attr == *target_pk;
            v.own_fk_field = ident::field(&fk_attr.name);
            let own = format!("self.{}", v.own_fk_field);
            let constrained = schema
                .model(a.source)
                .foreign_keys
                .iter()
                .any(|f| f.attr == a.foreign_key.attr && f.constrained);
            v.get_required = !fk_attr.nullable && constrained;
            v.own_fk_value = if fk_attr.nullable || v.get_required {
                owned(&own, &fk_attr.ty)
            } else {
                format!("Some({})", owned(&own, &fk_attr.ty))
            };
            let get = sql(
                "GET",
                format!(
                    "SELECT {target_columns} FROM {t} WHERE {t}.{} = {}",
                    q(&key_attr.column),
                    p(1, key_attr)
                ),
            );
            let key_arg = backend.arg(&non_null(key_attr), "key");
            v.run_get = if v.get_required {
                run(8, "stmt", &get, &[&key_arg], Fetch::One(&target_name))
            } else {
                run(8, "stmt", &get, &[&key_arg], Fetch::Optional(&target_name))
            };
            let created = owned(
                &format!("created.{}", ident::field(&key_attr.name)),
                &key_attr.ty,
            );
            // The value for this row's foreign-key field.
            v.created_key = match (fk_attr.nullable, key_attr.nullable) {
                (true, true) | (false, false) => created,
                (true, false) => format!("Some({created})"),
                (false, true) => format!("{created}.unwrap_or_default()"),
            };
            let target_ref = if key_is_pk {
                target_id.clone()
            } else {
                base_type(schema, &key_attr.ty)
            };
            v.fk_required = !fk_attr.nullable;
            // A key newtype converts from a row, so `set_x(&conn, &row)`,
            // a key, `Some(key)` and `None` all do.
            v.target_ref_to_value = match (key_is_pk, v.fk_required) {
                (true, false) => ".into().map(|t| t.0)".into(),
                (true, true) => ".into().0".into(),
                (false, _) => String::new(),
            };
            let target_param = match (key_is_pk, v.fk_required) {
                (true, true) => format!("target: impl Into<{target_ref}>"),
                (true, false) => format!("target: impl Into<Option<{target_ref}>>"),
                (false, true) => format!("target: {target_ref}"),
                (false, false) => format!("target: Option<{target_ref}>"),
            };
            let got = if v.get_required {
                target_name.clone()
            } else {
                format!("Option<{target_name}>")
            };
            v.sig_get = on_self(format!("pub fn {}", m(Accessor::Get)), None, result(&got));
            v.sig_set = signature(
                &format!("pub fn {}", m(Accessor::Set)),
                &["&mut self".into(), conn(), target_param],
                &result("()"),
            );
            v.sig_create = signature(
                &format!("pub fn {}", m(Accessor::Create)),
                &["&mut self".into(), conn(), new_param(false)],
                &result(&target_name),
            );
        }
        K::HasOne => {
            let get = sql(
                "GET",
                format!(
                    "SELECT {target_columns} FROM {t} WHERE {fk_col} = {p1} ORDER BY {pk_col} LIMIT 1"
                ),
            );
            v.run_get = run(
                8,
                "stmt",
                &get,
                &[&self_key_arg],
                Fetch::Optional(&target_name),
            );
            let optional_target = backend.raw_arg(if is_copy(&target_pk_attr.ty) {
                "target.map(|t| t.0)"
            } else {
                "target.as_ref().map(|t| &t.0)"
            });
            let others = format!("{fk_col} = {p1} AND ({p2} IS NULL OR {pk_col} <> {p2})");
            let unlink = sql(
                "UNLINK",
                if unlink_deletes {
                    format!("DELETE FROM {t} WHERE {others}")
                } else {
                    format!("UPDATE {t} SET {fk_col} = NULL WHERE {others}")
                },
            );
            v.run_unlink_others = run(
                8,
                "unlink",
                &unlink,
                &[&self_key_arg, &optional_target],
                Fetch::Execute,
            );
            let link = sql(
                "LINK",
                format!("UPDATE {t} SET {fk_col} = {p1} WHERE {pk_col} = {p2}"),
            );
            v.run_link = run(
                12,
                "link",
                &link,
                &[&self_key_arg, &target_value],
                Fetch::Execute,
            );
            let destroy = sql("DESTROY", format!("DELETE FROM {t} WHERE {others}"));
            v.run_destroy_others = run(
                8,
                "unlink",
                &destroy,
                &[&self_key_arg, &optional_target],
                Fetch::Execute,
            );
            v.sig_set_destroy = signature(
                &format!("pub fn {}", m(Accessor::SetDestroyingPrevious)),
                &[
                    "&self".into(),
                    conn(),
                    format!("target: impl Into<Option<{target_id}>>"),
                ],
                &result("()"),
            );
            v.sig_get = on_self(
                format!("pub fn {}", m(Accessor::Get)),
                None,
                result(&format!("Option<{target_name}>")),
            );
            v.sig_set = signature(
                &format!("pub fn {}", m(Accessor::Set)),
                &[
                    "&self".into(),
                    conn(),
                    format!("target: impl Into<Option<{target_id}>>"),
                ],
                &result("()"),
            );
            v.sig_create = on_self(
                format!("pub fn {}", m(Accessor::Create)),
                Some(new_param(true)),
                result(&target_name),
            );
        }
        K::HasMany => {
            let get = sql(
                "GET",
                format!("SELECT {target_columns} FROM {t} WHERE {fk_col} = {p1} ORDER BY {pk_col}"),
            );
            v.run_get = run(8, "stmt", &get, &[&self_key_arg], Fetch::All(&target_name));
            let count = sql(
                "COUNT",
                format!("SELECT COUNT(*) FROM {t} WHERE {fk_col} = {p1}"),
            );
            v.run_count = run(8, "stmt", &count, &[&self_key_arg], Fetch::Scalar);
            let has = sql(
                "HAS",
                format!("SELECT COUNT(*) FROM {t} WHERE {fk_col} = {p1} AND {pk_col} = {p2}"),
            );
            v.run_has = run(
                8,
                "stmt",
                &has,
                &[&self_key_arg, &target_value],
                Fetch::Exists,
            );
            let add = sql(
                "ADD",
                format!("UPDATE {t} SET {fk_col} = {p1} WHERE {pk_col} = {p2}"),
            );
            v.run_add = run(
                8,
                "stmt",
                &add,
                &[&self_key_arg, &target_value],
                Fetch::Execute,
            );
            let remove = sql(
                "REMOVE",
                if unlink_deletes {
                    format!("DELETE FROM {t} WHERE {fk_col} = {p1} AND {pk_col} = {p2}")
                } else {
                    format!(
                        "UPDATE {t} SET {fk_col} = NULL WHERE {fk_col} = {p1} AND {pk_col} = {p2}"
                    )
                },
            );
            v.run_remove = run(
                8,
                "stmt",
                &remove,
                &[&self_key_arg, &target_value],
                Fetch::Execute,
            );
            v.sig_get = on_self(
                format!("pub fn {}", m(Accessor::Get)),
                None,
                result(&format!("Vec<{target_name}>")),
            );
            v.sig_create = on_self(
                format!("pub fn {}", m(Accessor::Create)),
                Some(new_param(true)),
                result(&target_name),
            );
        }
        K::BelongsToMany => {
            let j = a.junction.as_ref()?;
            let junction = schema.model(j.model);
            let jt = q(&junction.table);
            let other_attr = schema.attr(j.other_key);
            let other = q(&other_attr.column);
            let tk = schema.attr(j.target_key);
            let target_key = if j.target_key.attr == *target_pk {
                p(2, other_attr)
            } else {
                format!("(SELECT {} FROM {t} WHERE {pk_col} = {p2})", q(&tk.column))
            };
            v.unlink_doc = "its junction row is deleted".into();
            let get = sql(
                "GET",
                format!(
                    "SELECT {target_columns} FROM {t} JOIN {jt} ON {jt}.{other} = {t}.{} WHERE {jt}.{fk_col} = {p1} ORDER BY {t}.{pk_col}",
                    q(&tk.column)
                ),
            );
            v.run_get = run(8, "stmt", &get, &[&self_key_arg], Fetch::All(&target_name));
            let count = sql(
                "COUNT",
                format!("SELECT COUNT(*) FROM {jt} WHERE {fk_col} = {p1}"),
            );
            v.run_count = run(8, "stmt", &count, &[&self_key_arg], Fetch::Scalar);
            let has = sql(
                "HAS",
                format!(
                    "SELECT COUNT(*) FROM {jt} WHERE {fk_col} = {p1} AND {other} = {target_key}"
                ),
            );
            v.run_has = run(
                8,
                "stmt",
                &has,
                &[&self_key_arg, &target_value],
                Fetch::Exists,
            );
            let remove = sql(
                "REMOVE",
                format!("DELETE FROM {jt} WHERE {fk_col} = {p1} AND {other} = {target_key}"),
            );
            v.run_remove = run(
                8,
                "stmt",
                &remove,
                &[&self_key_arg, &target_value],
                Fetch::Execute,
            );
            let mut columns = vec![fk_col.clone(), other.clone()];
            let mut values = vec![p1.clone(), target_key.clone()];
            let mut add_args = vec![self_key_arg.as_str(), target_value.as_str()];
            if junction.timestamps {
                v.add_prelude.push(
                    "let now = chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 6);".into(),
                );
                for at in junction
                    .attributes
                    .iter()
                    .filter(|x| x.origin == ir::AttributeOrigin::Timestamp)
                {
                    columns.push(q(&at.column));
                    values.push(p(3, at));
                }
                add_args.push(backend.now_arg());
            }
            let add = sql(
                "ADD",
                format!(
                    "INSERT INTO {jt} ({}) SELECT {} WHERE NOT EXISTS (SELECT 1 FROM {jt} WHERE {fk_col} = {p1} AND {other} = {target_key})",
                    columns.join(", "),
                    values.join(", ")
                ),
            );
            v.run_add = run(8, "stmt", &add, &add_args, Fetch::Execute);
            v.sig_get = on_self(
                format!("pub fn {}", m(Accessor::Get)),
                None,
                result(&format!("Vec<{target_name}>")),
            );
            v.sig_create = on_self(
                format!("pub fn {}", m(Accessor::Create)),
                Some(new_param(false)),
                result(&target_name),
            );
        }
    }
    let methods = Accessors { a: &v }.render().unwrap_or_default();
    Some((consts, methods))
}

/// A model's module: its doc comment's lines and its body.
fn model_text(
    schema: &Schema,
    backend: Backend,
    derives: Derives,
    id: ModelId,
    associations: &[ir::AssociationId],
) -> (Vec<String>, String) {
    let m = schema.model(id);
    let dialect = backend.dialect();
    let q = |s: &str| dialect.quote(s);
    let p = |n: usize, a: &ir::Attribute| backend.param(schema, n, a);
    let name = ident::type_name(&m.name);
    let key = format!("{name}Id");
    let new_name = format!("New{name}");
    let fields: Vec<Field> = m
        .attributes
        .iter()
        .enumerate()
        .map(|(i, a)| Field {
            name: ident::field(&a.name),
            ty: rust_type(schema, a),
            docs: doc_lines(a.docs(), "///"),
            read: backend.read(a, i),
        })
        .collect();
    let columns_sql = m
        .attributes
        .iter()
        .map(|a| q(&a.column))
        .collect::<Vec<_>>()
        .join(", ");
    let table = q(&m.table);

    // Insert: supplied columns from `new`, timestamps from `now`, defaults
    // where `new` says `None`.
    let mut prelude = Vec::new();
    let mut insert_columns = Vec::new();
    let mut values = Vec::new();
    let mut binds = Vec::new();
    let mut new_fields = Vec::new();
    // The fields a caller must give: no default, no foreign key. A required
    // enum has no `Default` of its own, so `New<Model>` then has none.
    let mut required: Vec<String> = Vec::new();
    let mut required_enum = false;
    if m.timestamps {
        prelude.push(
            "let now = chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 6);".to_string(),
        );
    }
    for (i, a) in m.attributes.iter().enumerate() {
        if a.auto_increment {
            continue;
        }
        let field = ident::field(&a.name);
        insert_columns.push(q(&a.column));
        let n = binds.len() + 1;
        let optional = ir::Attribute {
            nullable: true,
            ..a.clone()
        };
        if a.origin == ir::AttributeOrigin::Timestamp {
            values.push(p(n, a));
            binds.push(backend.now_arg().to_string());
            continue;
        }
        match &a.default {
            Some(DefaultValue::UuidV4) => {
                new_fields.push(NewField {
                    name: field.clone(),
                    ty: format!("Option<{}>", base_type(schema, &a.ty)),
                });
                prelude.push(format!(
                    "let {field} = new.{field}.unwrap_or_else(uuid::Uuid::new_v4);"
                ));
                values.push(p(n, a));
                binds.push(backend.arg(&non_null(a), &field));
            }
            // `None` takes the default.
            Some(default) => {
                new_fields.push(NewField {
                    name: field.clone(),
                    ty: format!("Option<{}>", base_type(schema, &a.ty)),
                });
                let sql_default =
                    sql::default_sql(dialect, a, default).unwrap_or_else(|| "NULL".into());
                values.push(format!("COALESCE({}, {sql_default})", p(n, a)));
                binds.push(backend.arg(&optional, &format!("new.{field}")));
            }
            // A foreign key is an `Option`, so that an accessor's
            // `create_x` can fill it in; `None` on a notNull one is refused
            // by the database.
            None if is_foreign_key(m, i) => {
                new_fields.push(NewField {
                    name: field.clone(),
                    ty: format!("Option<{}>", base_type(schema, &a.ty)),
                });
                values.push(p(n, a));
                binds.push(backend.arg(&optional, &format!("new.{field}")));
            }
            None => {
                if !a.nullable {
                    required.push(format!("`{field}`"));
                    required_enum |= matches!(a.ty, Type::Enum(_));
                }
                new_fields.push(NewField {
                    name: field.clone(),
                    ty: rust_type(schema, a),
                });
                values.push(p(n, a));
                binds.push(backend.arg(a, &format!("new.{field}")));
            }
        }
    }
    let insert_sql = if insert_columns.is_empty() {
        format!("INSERT INTO {table} DEFAULT VALUES RETURNING {columns_sql}")
    } else {
        format!(
            "INSERT INTO {table} ({}) VALUES ({}) RETURNING {columns_sql}",
            insert_columns.join(", "),
            values.join(", ")
        )
    };

    let pk = &m.primary_key;
    let key_types: Vec<String> = pk
        .iter()
        .map(|&i| format!("pub {}", base_type(schema, &m.attributes[i].ty)))
        .collect();
    let key_copy = pk.iter().all(|&i| is_copy(&m.attributes[i].ty));
    let inner_types: Vec<String> = pk
        .iter()
        .map(|&i| base_type(schema, &m.attributes[i].ty))
        .collect();
    let (key_inner, key_from_inner) = match inner_types.as_slice() {
        [one] => (one.clone(), "value".to_string()),
        many => (
            format!("({})", many.join(", ")),
            (0..many.len())
                .map(|i| format!("value.{i}"))
                .collect::<Vec<_>>()
                .join(", "),
        ),
    };
    let key_from_row: Vec<String> = pk
        .iter()
        .map(|&i| {
            owned(
                &format!("row.{}", ident::field(&m.attributes[i].name)),
                &m.attributes[i].ty,
            )
        })
        .collect();
    let key_args: Vec<String> = pk
        .iter()
        .enumerate()
        .map(|(k, &i)| backend.arg(&non_null(&m.attributes[i]), &format!("key.{k}")))
        .collect();
    let where_pk: Vec<String> = pk
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let a = &m.attributes[i];
            format!("{} = {}", q(&a.column), p(k + 1, a))
        })
        .collect();
    let order_by: Vec<String> = pk.iter().map(|&i| q(&m.attributes[i].column)).collect();

    let updatable: Vec<usize> = (0..m.attributes.len())
        .filter(|i| !pk.contains(i))
        .collect();
    let sets: Vec<String> = updatable
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let a = &m.attributes[i];
            format!("{} = {}", q(&a.column), p(n + 1, a))
        })
        .collect();
    let where_update: Vec<String> = pk
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let a = &m.attributes[i];
            format!("{} = {}", q(&a.column), p(updatable.len() + k + 1, a))
        })
        .collect();
    let update_args: Vec<String> = updatable
        .iter()
        .chain(pk.iter())
        .map(|&i| {
            let a = &m.attributes[i];
            backend.arg(a, &format!("self.{}", ident::field(&a.name)))
        })
        .collect();
    // A table of key columns only has nothing else to write.
    let sets = if sets.is_empty() {
        where_pk.join(", ")
    } else {
        sets.join(", ")
    };
    let update_sql = format!(
        "UPDATE {table} SET {sets} WHERE {}",
        where_update.join(" AND ")
    );
    let updated_at = m
        .attributes
        .iter()
        .find(|a| a.origin == ir::AttributeOrigin::Timestamp && a.name == "updatedAt")
        .map(|a| ident::field(&a.name))
        .unwrap_or_default();
    let update = update::Update::of(schema, backend, m);

    let mut consts = vec![
        const_str("INSERT", &insert_sql),
        const_str(
            "SELECT_BY_KEY",
            &format!(
                "SELECT {columns_sql} FROM {table} WHERE {}",
                where_pk.join(" AND ")
            ),
        ),
        const_str(
            "SELECT_ALL",
            &format!(
                "SELECT {columns_sql} FROM {table} ORDER BY {}",
                order_by.join(", ")
            ),
        ),
        const_str("COUNT", &format!("SELECT COUNT(*) FROM {table}")),
        const_str("UPDATE", &update_sql),
        const_str(
            "DELETE",
            &format!("DELETE FROM {table} WHERE {}", where_pk.join(" AND ")),
        ),
    ];
    if !update.changes.is_empty() {
        consts.push(update.sql_const.clone());
    }
    let mut accessors = Vec::new();
    for a in associations.iter().map(|&a| schema.association(a)) {
        if let Some((c, methods)) = accessor(schema, backend, a) {
            consts.extend(c);
            accessors.push(methods);
        }
    }

    // The module's documentation, without its comment markers: inner (`//!`)
    // in a file of its own, outer (`///`) on an inline module.
    let mut docs = vec![format!(
        "The model `{}`, stored in the table `{}`.",
        m.name, m.table
    )];
    if !m.docs.is_empty() {
        docs.push(String::new());
        docs.extend(m.docs.iter().cloned());
    }
    let new_default = !required_enum;
    let new_required = match required.as_slice() {
        [] => String::new(),
        [one] => format!("{one} is required: it has no default (`Default` leaves it empty)."),
        [init @ .., last] => format!(
            "{} and {last} are required: they have no default (`Default` leaves them empty).",
            init.join(", ")
        ),
    };
    let new_required = wrap(&new_required, 76);
    let no_fields = new_fields.is_empty() && !prelude.iter().any(|l| l.contains("new."));
    // rustfmt keeps a struct literal on one line when its fields take at
    // most 18 columns (`struct_lit_width`).
    let literal_fields = fields
        .iter()
        .map(|f| format!("{}: {}", f.name, f.read))
        .collect::<Vec<_>>()
        .join(", ");
    let from_row_one_line =
        (literal_fields.len() <= 18).then(|| format!("Ok({name} {{ {literal_fields} }})"));
    let view = ModelFile {
        from_row_one_line,
        consts,
        name: name.clone(),
        key: key.clone(),
        key_types: key_types.join(", "),
        key_from_row: key_from_row.join(", "),
        key_inner,
        key_from_inner,
        struct_docs: doc_lines(&m.docs, "///"),
        fields,
        new_name: new_name.clone(),
        new_fields,
        new_required,
        sig_from_row: signature(
            "pub fn from_row",
            &[backend.row().into()],
            &backend.result("Self"),
        ),
        sig_create: signature(
            "pub fn create",
            // A model with nothing to supply does not read `new`.
            &[
                backend.conn().into(),
                format!("{}: {new_name}", if no_fields { "_new" } else { "new" }),
            ],
            &backend.result(&name),
        ),
        sig_find_by_pk: signature(
            "pub fn find_by_pk",
            &[backend.conn().into(), format!("key: impl Into<{key}>")],
            &backend.result(&format!("Option<{name}>")),
        ),
        sig_find_all: signature(
            "pub fn find_all",
            &[backend.conn().into()],
            &backend.result(&format!("Vec<{name}>")),
        ),
        sig_count: signature(
            "pub fn count",
            &[backend.conn().into()],
            &backend.result("i64"),
        ),
        sig_save: signature(
            "pub fn save",
            &["&mut self".into(), backend.conn().into()],
            &backend.result("bool"),
        ),
        sig_destroy: on_self(backend, "pub fn destroy", None, backend.result("bool")),
        create_prelude: prelude,
        run_create: backend.run(8, "stmt", "INSERT", &binds, Fetch::One(&name)),
        run_find_by_pk: backend.run(
            8,
            "stmt",
            "SELECT_BY_KEY",
            &key_args,
            Fetch::Optional(&name),
        ),
        run_find_all: backend.run(8, "stmt", "SELECT_ALL", &[], Fetch::All(&name)),
        run_count: backend.run(8, "stmt", "COUNT", &[], Fetch::Scalar),
        run_save: backend.run(8, "stmt", "UPDATE", &update_args, Fetch::Changed),
        run_destroy: backend.run(8, "stmt", "DELETE", &key_args, Fetch::Changed),
        sig_update: update.signature,
        update_prelude: update.prelude,
        run_update: update.run,
        update_apply: update.apply,
        changes: update.changes,
        timestamps: m.timestamps,
        derive_key: derive(
            &[
                "Debug",
                "Clone",
                if key_copy { "Copy" } else { "" },
                "PartialEq",
                "Eq",
                "Hash",
                "PartialOrd",
                "Ord",
            ],
            derives,
        ),
        derive_row: derive(&["Debug", "Clone", "PartialEq"], derives),
        derive_new: derive(
            &[
                "Debug",
                "Clone",
                "PartialEq",
                if new_default { "Default" } else { "" },
            ],
            derives,
        ),
        derive_changes: derive(&["Debug", "Clone", "Default", "PartialEq"], derives),
        updated_at,
        accessors,
    };
    let body = view.render().unwrap_or_default() + "\n";
    (docs, body)
}

/// A model's entry in the root module: its module's name, the item that
/// declares it (`pub mod x;`, or in the one-file form the whole module),
/// and the names it exports.
fn module_view(m: &ir::Model, item: impl FnOnce(&str) -> String) -> ModuleView {
    let name = ident::type_name(&m.name);
    let module = ident::module(&m.name);
    let mut exports = vec![format!("{name}Id"), format!("New{name}")];
    if update::changeable(m).next().is_some() {
        exports.push(format!("{name}Changes"));
    }
    exports.push(name);
    exports.sort();
    ModuleView {
        item: item(&module),
        reexport: reexport(&module, &exports),
        module,
    }
}

/// `pub use module::{A, B};`, on one line when it fits, else as rustfmt
/// breaks it: the names packed on indented lines.
fn reexport(module: &str, names: &[String]) -> String {
    short_list(&format!("pub use {module}::{{"), names, "};")
}

/// `open`, the items, `close`: on one line when it fits, else the items
/// packed on indented lines between `open` and `close`, as rustfmt lays
/// out a `use` list or a derive list.
fn short_list(open: &str, items: &[String], close: &str) -> String {
    let one = format!("{open}{}{close}", items.join(", "));
    if one.len() <= WIDTH {
        return one;
    }
    let mut out = format!("{open}\n");
    for line in packed(items, 4) {
        out.push_str(&format!("    {line}\n"));
    }
    out.push_str(close);
    out
}

/// Items, each followed by a comma, packed on lines as rustfmt packs a
/// list of short items at `indent`: as many on a line as fit the width.
fn packed(items: &[String], indent: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for item in items {
        let item = format!("{item},");
        if !line.is_empty() && indent + line.len() + 1 + item.len() > WIDTH {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&item);
    }
    lines.push(line);
    lines
}

/// A model's file of the module tree.
fn model_file(
    schema: &Schema,
    backend: Backend,
    derives: Derives,
    id: ModelId,
    associations: &[ir::AssociationId],
) -> String {
    let (docs, body) = model_text(schema, backend, derives, id, associations);
    let docs = doc_lines(&docs, "//!").join("\n");
    output::with_header(format_args!("{docs}\n#![allow(unused_imports)]\n\n{body}"))
}

/// Derives added to the generated structs and enums, beyond the ones the
/// code always has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Derives {
    /// `serde::Serialize` and `serde::Deserialize` on every struct and
    /// enum (enums as their stored values); the crate then needs `serde`
    /// with its `derive` feature, and `serde` features of the type crates.
    pub serde: bool,
}

/// `#[derive(...)]` of `traits` (empty names skipped), serde's added when
/// asked, laid out as rustfmt lays it out.
fn derive(traits: &[&str], derives: Derives) -> String {
    let mut all: Vec<String> = traits
        .iter()
        .filter(|t| !t.is_empty())
        .map(|t| t.to_string())
        .collect();
    if derives.serde {
        all.extend([
            "serde::Serialize".to_string(),
            "serde::Deserialize".to_string(),
        ]);
    }
    short_list("#[derive(", &all, ")]")
}

/// How the generated code is laid out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// A module tree: `mod.rs` and one file per model.
    Files,
    /// One file holding every module, for `include!` (the build-script form).
    OneFile,
}

/// The module tree: `mod.rs` and one file per model. A model's file is
/// made when it is asked for ([`output::Files`]), on whichever core
/// asks, so writing the tree of a large schema never holds all of its code
/// at once.
pub struct Tree<'s> {
    schema: &'s Schema,
    backend: Backend,
    derives: Derives,
    by_source: ir::BySource,
    /// `mod.rs`, then each model's file, in model order.
    paths: Vec<PathBuf>,
    /// `mod.rs`, made with the tree: it names every model.
    root: String,
}

/// The module tree of a schema (see [`Tree`]).
pub fn tree<'s>(
    schema: &'s Schema,
    schema_name: &str,
    backend: Backend,
    derives: Derives,
) -> Tree<'s> {
    let modules: Vec<ModuleView> = schema
        .models
        .iter()
        .map(|m| module_view(m, |module| format!("pub mod {module};")))
        .collect();
    let mut paths = Vec::with_capacity(1 + modules.len());
    paths.push(PathBuf::from("mod.rs"));
    paths.extend(
        modules
            .iter()
            .map(|m| PathBuf::from(ident::file(&m.module))),
    );
    let root = root_module(
        schema,
        schema_name,
        backend,
        derives,
        Layout::Files,
        modules,
    );
    Tree {
        schema,
        backend,
        derives,
        by_source: schema.associations_by_source(),
        paths,
        root: output::with_header(&root),
    }
}

impl output::Files for Tree<'_> {
    fn count(&self) -> usize {
        self.paths.len()
    }

    fn path(&self, i: usize) -> &Path {
        &self.paths[i]
    }

    fn contents(&self, i: usize) -> Cow<'_, str> {
        match i.checked_sub(1) {
            None => Cow::Borrowed(&self.root),
            Some(m) => Cow::Owned(model_file(
                self.schema,
                self.backend,
                self.derives,
                ModelId(m),
                &self.by_source[m],
            )),
        }
    }
}

/// Every file of the module tree, `mod.rs` first, made at once on every
/// core.
pub fn generate(
    schema: &Schema,
    schema_name: &str,
    backend: Backend,
    derives: Derives,
) -> Vec<GeneratedFile> {
    let tree = tree(schema, schema_name, backend, derives);
    (0..tree.count())
        .map(|i| GeneratedFile {
            path: tree.path(i).to_path_buf(),
            contents: tree.contents(i).into_owned(),
        })
        .collect()
}

/// The same code as [`generate`] in one file, every model's module inline,
/// for `include!` from a build script (which takes no inner attributes or
/// inner doc comments). Starts with [`output::HEADER`].
pub fn generate_one_file(
    schema: &Schema,
    schema_name: &str,
    backend: Backend,
    derives: Derives,
) -> String {
    let by_source = schema.associations_by_source();
    let modules = (0..schema.models.len()).map(|i| {
        let (docs, body) = model_text(schema, backend, derives, ModelId(i), &by_source[i]);
        module_view(schema.model(ModelId(i)), |module| {
            let docs = doc_lines(&docs, "///").join("\n");
            format!("{docs}\n#[allow(dead_code, unused_imports)]\npub mod {module} {{\n{body}}}\n")
        })
    });
    let modules = modules.collect();
    output::with_header(root_module(
        schema,
        schema_name,
        backend,
        derives,
        Layout::OneFile,
        modules,
    ))
}

/// The root module's text: the models' modules (`modules`, in model
/// order), their re-exports, the DDL of every dialect and `create_all` /
/// `drop_all`.
fn root_module(
    schema: &Schema,
    schema_name: &str,
    backend: Backend,
    derives: Derives,
    layout: Layout,
    mut modules: Vec<ModuleView>,
) -> String {
    let uses = |pred: fn(&ScalarType) -> bool| {
        schema
            .models
            .iter()
            .flat_map(|m| &m.attributes)
            .any(|a| matches!(&a.ty, Type::Scalar(s) if pred(s)))
            || schema
                .models
                .iter()
                .any(|m| m.timestamps && pred(&ScalarType::Date))
    };
    let statements = |list: Vec<String>| list.iter().map(|s| literal(s)).collect::<Vec<_>>();
    let names = [
        "SQLITE_DDL",
        "SQLITE_DROP",
        "POSTGRES_DDL",
        "POSTGRES_DROP",
        "MYSQL_DDL",
    ];
    let ddl = |i: usize, dialect: Dialect, create: bool| {
        str_array(
            names[i],
            &statements(if create {
                sql::create_if_missing(schema, dialect)
            } else {
                sql::drop(schema, dialect)
            }),
        )
    };
    let sqlite_create = ddl(0, Dialect::Sqlite, true);
    let sqlite_drop = ddl(1, Dialect::Sqlite, false);
    let postgres_create = ddl(2, Dialect::Postgres, true);
    let postgres_drop = ddl(3, Dialect::Postgres, false);
    let mysql_create = ddl(4, Dialect::Mysql, true);
    // rustfmt orders `mod` and `use` items by name.
    modules.sort_by(|a, b| {
        a.module
            .trim_start_matches("r#")
            .cmp(b.module.trim_start_matches("r#"))
    });
    let header = [
        format!("Models generated from {schema_name}: one module per model, the DDL of"),
        "each dialect in creation order, and `create_all` / `drop_all`.".to_string(),
    ];
    let comment = match layout {
        Layout::Files => "//!",
        Layout::OneFile => "//",
    };
    // Code a crate does not use raises no warning: the module tree says so
    // once at its root (modules inherit it); a file for `include!`, which
    // takes no inner attribute, says so on each item.
    let (allow, allow_use, inner) = match layout {
        Layout::Files => ("", "", "\n#![allow(dead_code, unused_imports)]"),
        Layout::OneFile => ("#[allow(dead_code)]\n", "#[allow(unused_imports)]\n", ""),
    };
    let view = ModFile {
        header: doc_lines(&header, comment).join("\n") + inner,
        allow,
        allow_use,
        enum_derive: derive(
            &[
                "Debug",
                "Clone",
                "Copy",
                "PartialEq",
                "Eq",
                "Hash",
                "PartialOrd",
                "Ord",
            ],
            derives,
        ),
        serde: derives.serde,
        modules,
        enums: schema
            .enums
            .iter()
            .map(|e| EnumView {
                name: ident::type_name(&e.name),
                sql_name: literal(&e.sql_name),
                docs: doc_lines(&e.docs, "///"),
                variants: e
                    .variants
                    .iter()
                    .map(|v| VariantView {
                        rust: ident::type_name(v),
                        literal: literal(v),
                    })
                    .collect(),
            })
            .collect(),
        sqlite_create,
        sqlite_drop,
        postgres_create,
        postgres_drop,
        postgres: backend == Backend::Postgres,
        mysql_create,
        uses_date: uses(|s| matches!(s, ScalarType::Date)),
        uses_uuid: uses(|s| matches!(s, ScalarType::Uuid)),
        uses_decimal: uses(|s| matches!(s, ScalarType::Decimal { .. })),
    };
    view.render().unwrap_or_default() + "\n"
}
