//! The Rust module tree of `ormgen build`: one module per model and a
//! `mod.rs`, for the rusqlite backend.
//!
//! Generated per model: a key newtype (`PersonId`, `From<&Person>`), the
//! row struct, `New<Model>` for inserts, and `create`, `find_by_pk`,
//! `find_all`, `count`, `save`, `destroy`. Values are always bound as
//! parameters; statements are prepared once per connection
//! (`prepare_cached`).

pub mod ident;

use super::sql::{self, Dialect};
use crate::ir::{self, DefaultValue, ModelId, Schema, Type};
use crate::output::GeneratedFile;
use crate::syntax::ast::ScalarType;
use askama::Template;

/// The database driver generated code is written for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Backend {
    /// SQLite through the `rusqlite` crate.
    #[default]
    Rusqlite,
}

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
    docs: String,
    name: String,
    key: String,
    key_copy: bool,
    key_types: String,
    key_from_row: String,
    key_params: String,
    struct_docs: Vec<String>,
    fields: Vec<Field>,
    new_name: String,
    new_fields: Vec<NewField>,
    new_default: bool,
    columns: String,
    create_prelude: Vec<String>,
    insert_sql: String,
    insert_params: String,
    select_by_pk_sql: String,
    select_all_sql: String,
    count_sql: String,
    update_sql: String,
    update_params: String,
    delete_sql: String,
    timestamps: bool,
    updated_at: String,
}

struct ModuleView {
    module: String,
    name: String,
    key: String,
    new_name: String,
}

struct VariantView {
    rust: String,
    literal: String,
}

struct EnumView {
    name: String,
    docs: Vec<String>,
    variants: Vec<VariantView>,
}

#[derive(Template)]
#[template(path = "rust/mod.rs.txt", escape = "none")]
struct ModFile {
    schema_name: String,
    modules: Vec<ModuleView>,
    enums: Vec<EnumView>,
    sqlite_create: Vec<String>,
    sqlite_drop: Vec<String>,
    postgres_create: Vec<String>,
    mysql_create: Vec<String>,
    uses_date: bool,
    uses_uuid: bool,
    uses_decimal: bool,
}

/// A Rust string literal.
fn literal(s: &str) -> String {
    format!("{s:?}")
}

fn doc_lines(docs: &[String], prefix: &str) -> Vec<String> {
    docs.iter()
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

/// How a column's value is read from row position `i`.
fn read(a: &ir::Attribute, i: usize) -> String {
    match (&a.ty, a.nullable) {
        (Type::Scalar(ScalarType::Uuid), false) => format!("codec::uuid({i}, row.get({i})?)?"),
        (Type::Scalar(ScalarType::Uuid), true) => {
            format!("row.get::<_, Option<String>>({i})?.map(|t| codec::uuid({i}, t)).transpose()?")
        }
        (Type::Scalar(ScalarType::Decimal { .. }), false) => {
            format!("codec::decimal({i}, row.get({i})?)?")
        }
        (Type::Scalar(ScalarType::Decimal { .. }), true) => format!(
            "match row.get::<_, rusqlite::types::Value>({i})? {{ rusqlite::types::Value::Null => None, v => Some(codec::decimal({i}, v)?) }}"
        ),
        _ => format!("row.get({i})?"),
    }
}

/// How a value (an expression of the column's Rust type) is bound.
fn bind(a: &ir::Attribute, value: &str) -> String {
    let codec = match a.ty {
        Type::Scalar(ScalarType::Uuid) => "codec::uuid_text",
        Type::Scalar(ScalarType::Decimal { .. }) => "codec::decimal_text",
        Type::Scalar(ScalarType::Date) => "codec::date",
        _ => return format!("&{value}"),
    };
    if a.nullable {
        format!("&{value}.as_ref().map({codec})")
    } else {
        format!("&{codec}(&{value})")
    }
}

/// Whether `New<Model>` takes an `Option` meaning "the default".
fn defaulted(a: &ir::Attribute) -> bool {
    a.default.is_some()
}

fn model_file(schema: &Schema, id: ModelId) -> (ModuleView, GeneratedFile) {
    let m = schema.model(id);
    let q = |s: &str| Dialect::Sqlite.quote(s);
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
            docs: doc_lines(&a.docs, "///"),
            read: read(a, i),
        })
        .collect();
    let columns: Vec<String> = m.attributes.iter().map(|a| q(&a.column)).collect();
    let columns_sql = columns.join(", ");
    let table = q(&m.table);

    // Insert: supplied columns from `new`, timestamps from `now`, defaults
    // where `new` says `None`.
    let mut prelude = Vec::new();
    let mut insert_columns = Vec::new();
    let mut values = Vec::new();
    let mut params = Vec::new();
    let mut new_fields = Vec::new();
    if m.timestamps {
        prelude.push(
            "let now = chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 6);".to_string(),
        );
    }
    for a in &m.attributes {
        if a.auto_increment {
            continue;
        }
        let field = ident::field(&a.name);
        insert_columns.push(q(&a.column));
        let n = params.len() + 1;
        if a.origin == ir::AttributeOrigin::Timestamp {
            values.push(format!("?{n}"));
            params.push("&codec::date(&now)".to_string());
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
                values.push(format!("?{n}"));
                params.push(format!("&codec::uuid_text(&{field})"));
            }
            Some(default) if defaulted(a) => {
                new_fields.push(NewField {
                    name: field.clone(),
                    ty: format!("Option<{}>", base_type(schema, &a.ty)),
                });
                let sql_default =
                    sql::default_sql(Dialect::Sqlite, a, default).unwrap_or_else(|| "NULL".into());
                values.push(format!("COALESCE(?{n}, {sql_default})"));
                let as_option = ir::Attribute {
                    nullable: true,
                    ..a.clone()
                };
                params.push(bind(&as_option, &format!("new.{field}")));
            }
            _ => {
                new_fields.push(NewField {
                    name: field.clone(),
                    ty: rust_type(schema, a),
                });
                values.push(format!("?{n}"));
                params.push(bind(a, &format!("new.{field}")));
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
    let key_copy = pk.iter().all(|&i| {
        matches!(
            m.attributes[i].ty,
            Type::Scalar(
                ScalarType::Integer
                    | ScalarType::BigInt
                    | ScalarType::SmallInt
                    | ScalarType::Uuid
                    | ScalarType::Boolean
            ) | Type::Enum(_)
        )
    });
    let key_from_row: Vec<String> = pk
        .iter()
        .map(|&i| {
            let f = format!("row.{}", ident::field(&m.attributes[i].name));
            if key_copy { f } else { format!("{f}.clone()") }
        })
        .collect();
    let key_params: Vec<String> = pk
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            bind(
                &ir::Attribute {
                    nullable: false,
                    ..m.attributes[i].clone()
                },
                &format!("key.{k}"),
            )
        })
        .collect();
    let where_pk: Vec<String> = pk
        .iter()
        .enumerate()
        .map(|(k, &i)| format!("{} = ?{}", q(&m.attributes[i].column), k + 1))
        .collect();
    let order_by: Vec<String> = pk.iter().map(|&i| q(&m.attributes[i].column)).collect();

    let updatable: Vec<usize> = (0..m.attributes.len())
        .filter(|i| !pk.contains(i))
        .collect();
    let mut update_params: Vec<String> = updatable
        .iter()
        .map(|&i| {
            bind(
                &m.attributes[i],
                &format!("self.{}", ident::field(&m.attributes[i].name)),
            )
        })
        .collect();
    let sets: Vec<String> = updatable
        .iter()
        .enumerate()
        .map(|(n, &i)| format!("{} = ?{}", q(&m.attributes[i].column), n + 1))
        .collect();
    let where_update: Vec<String> = pk
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            format!(
                "{} = ?{}",
                q(&m.attributes[i].column),
                updatable.len() + k + 1
            )
        })
        .collect();
    update_params.extend(pk.iter().map(|&i| {
        bind(
            &m.attributes[i],
            &format!("self.{}", ident::field(&m.attributes[i].name)),
        )
    }));
    let update_sql = if sets.is_empty() {
        // Only key columns: nothing to write, but the statement stays valid.
        format!(
            "UPDATE {table} SET {} WHERE {}",
            where_pk.join(", "),
            where_update.join(" AND ")
        )
    } else {
        format!(
            "UPDATE {table} SET {} WHERE {}",
            sets.join(", "),
            where_update.join(" AND ")
        )
    };
    let updated_at = m
        .attributes
        .iter()
        .find(|a| a.origin == ir::AttributeOrigin::Timestamp && a.name == "updatedAt")
        .map(|a| ident::field(&a.name))
        .unwrap_or_default();

    let mut docs = vec![format!(
        "//! The model `{}`, stored in the table `{}`.",
        m.name, m.table
    )];
    if !m.docs.is_empty() {
        docs.push("//!".into());
        docs.extend(doc_lines(&m.docs, "//!"));
    }
    let new_default = new_fields.iter().all(|f| f.ty.starts_with("Option<"));
    let view = ModelFile {
        docs: docs.join("\n"),
        name: name.clone(),
        key: key.clone(),
        key_copy,
        key_types: key_types.join(", "),
        key_from_row: key_from_row.join(", "),
        key_params: key_params.join(", "),
        struct_docs: doc_lines(&m.docs, "///"),
        fields,
        new_name: new_name.clone(),
        new_fields,
        new_default,
        columns: literal(&columns_sql),
        create_prelude: prelude,
        insert_sql: literal(&insert_sql),
        insert_params: params.join(", "),
        select_by_pk_sql: literal(&format!(
            "SELECT {columns_sql} FROM {table} WHERE {}",
            where_pk.join(" AND ")
        )),
        select_all_sql: literal(&format!(
            "SELECT {columns_sql} FROM {table} ORDER BY {}",
            order_by.join(", ")
        )),
        count_sql: literal(&format!("SELECT COUNT(*) FROM {table}")),
        update_sql: literal(&update_sql),
        update_params: update_params.join(", "),
        delete_sql: literal(&format!(
            "DELETE FROM {table} WHERE {}",
            where_pk.join(" AND ")
        )),
        timestamps: m.timestamps,
        updated_at,
    };
    let module = ident::module(&m.name);
    let text = view.render().unwrap_or_default();
    let file = GeneratedFile::new(ident::file(&module), &text);
    (
        ModuleView {
            module,
            name,
            key,
            new_name,
        },
        file,
    )
}

/// Every file of the module tree, `mod.rs` first.
pub fn generate(schema: &Schema, schema_name: &str, _backend: Backend) -> Vec<GeneratedFile> {
    let mut modules = Vec::new();
    let mut files = Vec::new();
    for i in 0..schema.models.len() {
        let (module, file) = model_file(schema, ModelId(i));
        modules.push(module);
        files.push(file);
    }
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
    let view = ModFile {
        schema_name: schema_name.to_string(),
        modules,
        enums: schema
            .enums
            .iter()
            .map(|e| EnumView {
                name: ident::type_name(&e.name),
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
        sqlite_create: statements(sql::create(schema, Dialect::Sqlite)),
        sqlite_drop: statements(sql::drop(schema, Dialect::Sqlite)),
        postgres_create: statements(sql::create(schema, Dialect::Postgres)),
        mysql_create: statements(sql::create(schema, Dialect::Mysql)),
        uses_date: uses(|s| matches!(s, ScalarType::Date)),
        uses_uuid: uses(|s| matches!(s, ScalarType::Uuid)),
        uses_decimal: uses(|s| matches!(s, ScalarType::Decimal { .. })),
    };
    let text = view.render().unwrap_or_default();
    files.insert(0, GeneratedFile::new("mod.rs", &text));
    files
}
