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
    accessors: Vec<String>,
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

fn is_foreign_key(m: &ir::Model, a: &ir::Attribute) -> bool {
    m.foreign_keys
        .iter()
        .any(|f| std::ptr::eq(&m.attributes[f.attr], a))
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

/// `self.field`, cloned unless it is `Copy`.
fn owned(expr: &str, ty: &Type) -> String {
    if is_copy(ty) {
        expr.to_string()
    } else {
        format!("{expr}.clone()")
    }
}

struct AccessorView {
    to_one: bool,
    belongs_to: bool,
    has_many: bool,
    kind: &'static str,
    name: String,
    name_upper: String,
    x: String,
    xs: String,
    target: String,
    target_new: String,
    target_ref: String,
    target_ref_to_value: String,
    /// A notNull foreign key: `set_x` takes a target, not an `Option`.
    fk_required: bool,
    target_key_field: String,
    /// The new target's key, owned: `created.id` or `created.email.clone()`.
    created_key: String,
    target_fk_field: String,
    own_fk_field: String,
    own_fk_value: String,
    self_key_value: String,
    bind_self_key: String,
    bind_key: String,
    bind_target: String,
    bind_optional_target: String,
    bind_add: String,
    add_prelude: Vec<String>,
    unlink_doc: String,
    sql_get: String,
    sql_count: String,
    sql_has: String,
    sql_add: String,
    sql_remove: String,
    sql_link: String,
    sql_unlink_others: String,
}

#[derive(Template)]
#[template(path = "rust/accessors.rs.txt", escape = "none")]
struct Accessors<'a> {
    a: &'a AccessorView,
}

/// The accessors of one association, or `None` where they are not
/// generated (a target with a composite primary key).
fn accessor(schema: &Schema, a: &ir::Association) -> Option<String> {
    use crate::syntax::ast::AssociationKind as K;
    let q = |s: &str| Dialect::Sqlite.quote(s);
    let target = schema.model(a.target);
    let [target_pk] = target.primary_key.as_slice() else {
        return None;
    };
    let target_pk_attr = &target.attributes[*target_pk];
    let target_name = ident::type_name(&target.name);
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
    let non_null = |attr: &ir::Attribute| ir::Attribute {
        nullable: false,
        ..attr.clone()
    };
    let self_key_field = format!("self.{}", ident::field(&key_attr.name));
    let mut v = AccessorView {
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
        x: ident::field(&a.singular)
            .trim_start_matches("r#")
            .to_string(),
        xs: ident::field(&a.plural).trim_start_matches("r#").to_string(),
        target: target_name.clone(),
        target_new: format!("New{target_name}"),
        target_ref: String::new(),
        target_ref_to_value: String::new(),
        fk_required: false,
        target_key_field: String::new(),
        created_key: String::new(),
        target_fk_field: String::new(),
        own_fk_field: String::new(),
        own_fk_value: String::new(),
        self_key_value: owned(&self_key_field, &key_attr.ty),
        bind_self_key: bind(&non_null(key_attr), &self_key_field),
        bind_key: String::new(),
        bind_target: bind(&non_null(target_pk_attr), "target.0"),
        bind_optional_target: String::new(),
        bind_add: String::new(),
        add_prelude: Vec::new(),
        unlink_doc: String::new(),
        sql_get: String::new(),
        sql_count: String::new(),
        sql_has: String::new(),
        sql_add: String::new(),
        sql_remove: String::new(),
        sql_link: String::new(),
        sql_unlink_others: String::new(),
    };
    let fk_col = q(&fk_attr.column);
    let unlink_deletes = !fk_attr.nullable;
    v.unlink_doc = if unlink_deletes {
        "it is deleted, since its foreign key can't be null".into()
    } else {
        "its foreign key is set to NULL".into()
    };
    match a.kind {
        K::BelongsTo => {
            let key_is_pk = a.key.attr == *target_pk;
            v.own_fk_field = ident::field(&fk_attr.name);
            let own = format!("self.{}", v.own_fk_field);
            v.own_fk_value = if fk_attr.nullable {
                owned(&own, &fk_attr.ty)
            } else {
                format!("Some({})", owned(&own, &fk_attr.ty))
            };
            v.bind_key = bind(&non_null(key_attr), "key");
            v.sql_get = literal(&format!(
                "SELECT {target_columns} FROM {t} WHERE {t}.{} = ?1",
                q(&key_attr.column)
            ));
            v.target_key_field = ident::field(&key_attr.name);
            v.created_key = owned(&format!("created.{}", v.target_key_field), &key_attr.ty);
            let base = if key_is_pk {
                format!("{target_name}Id")
            } else {
                base_type(schema, &key_attr.ty)
            };
            v.target_ref = base;
            v.fk_required = !fk_attr.nullable;
            v.target_ref_to_value = match (key_is_pk, v.fk_required) {
                (true, false) => ".map(|t| t.0)".into(),
                (true, true) => ".0".into(),
                (false, _) => String::new(),
            };
        }
        K::HasOne => {
            v.target_fk_field = ident::field(&fk_attr.name);
            v.sql_get = literal(&format!(
                "SELECT {target_columns} FROM {t} WHERE {fk_col} = ?1 ORDER BY {pk_col} LIMIT 1"
            ));
            v.bind_optional_target = format!(
                "&target.map(|t| {})",
                if is_copy(&target_pk_attr.ty) {
                    "t.0"
                } else {
                    "t.0.clone()"
                }
            );
            let others = format!("{fk_col} = ?1 AND (?2 IS NULL OR {pk_col} <> ?2)");
            v.sql_unlink_others = literal(&if unlink_deletes {
                format!("DELETE FROM {t} WHERE {others}")
            } else {
                format!("UPDATE {t} SET {fk_col} = NULL WHERE {others}")
            });
            v.sql_link = literal(&format!("UPDATE {t} SET {fk_col} = ?1 WHERE {pk_col} = ?2"));
            if matches!(
                target_pk_attr.ty,
                Type::Scalar(ScalarType::Uuid | ScalarType::Decimal { .. } | ScalarType::Date)
            ) {
                // Optional keys of these types would need their codec.
                return None;
            }
        }
        K::HasMany => {
            v.target_fk_field = ident::field(&fk_attr.name);
            v.sql_get = literal(&format!(
                "SELECT {target_columns} FROM {t} WHERE {fk_col} = ?1 ORDER BY {pk_col}"
            ));
            v.sql_count = literal(&format!("SELECT COUNT(*) FROM {t} WHERE {fk_col} = ?1"));
            v.sql_has = literal(&format!(
                "SELECT COUNT(*) FROM {t} WHERE {fk_col} = ?1 AND {pk_col} = ?2"
            ));
            v.sql_add = literal(&format!("UPDATE {t} SET {fk_col} = ?1 WHERE {pk_col} = ?2"));
            v.bind_add = format!("{}, {}", v.bind_self_key, v.bind_target);
            v.sql_remove = literal(&if unlink_deletes {
                format!("DELETE FROM {t} WHERE {fk_col} = ?1 AND {pk_col} = ?2")
            } else {
                format!("UPDATE {t} SET {fk_col} = NULL WHERE {fk_col} = ?1 AND {pk_col} = ?2")
            });
        }
        K::BelongsToMany => {
            let j = a.junction.as_ref()?;
            let junction = schema.model(j.model);
            let jt = q(&junction.table);
            let other = q(&schema.attr(j.other_key).column);
            let tk = schema.attr(j.target_key);
            let target_key = if j.target_key.attr == *target_pk {
                "?2".to_string()
            } else {
                format!("(SELECT {} FROM {t} WHERE {pk_col} = ?2)", q(&tk.column))
            };
            v.unlink_doc = "its junction row is deleted".into();
            v.sql_get = literal(&format!(
                "SELECT {target_columns} FROM {t} JOIN {jt} ON {jt}.{other} = {t}.{} WHERE {jt}.{fk_col} = ?1 ORDER BY {t}.{pk_col}",
                q(&tk.column)
            ));
            v.sql_count = literal(&format!("SELECT COUNT(*) FROM {jt} WHERE {fk_col} = ?1"));
            v.sql_has = literal(&format!(
                "SELECT COUNT(*) FROM {jt} WHERE {fk_col} = ?1 AND {other} = {target_key}"
            ));
            v.sql_remove = literal(&format!(
                "DELETE FROM {jt} WHERE {fk_col} = ?1 AND {other} = {target_key}"
            ));
            let mut columns = vec![fk_col.clone(), other.clone()];
            let mut values = vec!["?1".to_string(), target_key.clone()];
            v.bind_add = format!("{}, {}", v.bind_self_key, v.bind_target);
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
                    values.push("?3".into());
                }
                v.bind_add.push_str(", &codec::date(&now)");
            }
            v.sql_add = literal(&format!(
                "INSERT INTO {jt} ({}) SELECT {} WHERE NOT EXISTS (SELECT 1 FROM {jt} WHERE {fk_col} = ?1 AND {other} = {target_key})",
                columns.join(", "),
                values.join(", ")
            ));
        }
    }
    Some(render_accessor(&v))
}

fn render_accessor(v: &AccessorView) -> String {
    Accessors { a: v }.render().unwrap_or_default()
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
            // A foreign key is an `Option`, so that an accessor's
            // `create_x` can fill it in; `None` on a notNull one is refused
            // by the database.
            _ if is_foreign_key(m, a) => {
                new_fields.push(NewField {
                    name: field.clone(),
                    ty: format!("Option<{}>", base_type(schema, &a.ty)),
                });
                values.push(format!("?{n}"));
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
        accessors: schema
            .associations_of(id)
            .filter_map(|a| accessor(schema, a))
            .collect(),
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
