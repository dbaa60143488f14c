//! Typed queries of a model: its `<Model>Condition`, the filter, order and
//! query types, `find_where` and the other queries, and a module per
//! column (`person::name::starts_with("A")`) that makes conditions and
//! orders. The SQL is written at run time by the generated `query`
//! module of the root (templates/rust/query.rs.txt) from what these give
//! it: each column's SQL, its placeholder's type and how its values are
//! bound.

use super::backend::Driver;
use super::layout::{const_at, match_arm, signature, tuple_variant, type_alias};
use super::types::{base_type, rust_type};
use crate::ir::{self, ScalarType, Schema, Type, ident};
use askama::Template;

/// What can be asked of a column's values.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ops {
    /// Nothing: JSON and binary columns are only written.
    None,
    /// Equality and lists.
    Eq,
    /// Equality, lists, `<`, `<=`, `>`, `>=`.
    Ord,
    /// Equality, lists, and the text matches.
    Text,
}

/// One column's module.
pub(super) struct ColumnView {
    pub(super) module: String,
    /// Its variant of `<Model>Condition`.
    pub(super) variant: String,
    /// The column's name, for its documentation (escaped).
    pub(super) column: String,
    /// `pub const COLUMN`, and the private constants of its SQL.
    pub(super) consts: Vec<String>,
    /// The values it is compared with (`pub type V`); empty when none.
    pub(super) value_type: String,
    pub(super) ord: bool,
    pub(super) text: bool,
    pub(super) nullable: bool,
    /// The `Param` of `value: &V` (of `&value.0` for a key newtype).
    pub(super) bind: String,
    /// `V` is the key newtype of the model a foreign key references.
    pub(super) key: bool,
    /// The row struct's type of the column, and the `Param` of `value` of
    /// that type, for `set`.
    pub(super) set_type: String,
    pub(super) set_value: String,
    pub(super) set_cast: &'static str,
}

impl ColumnView {
    fn compared(&self) -> bool {
        !self.value_type.is_empty()
    }
}

/// A field of `<Model>Changes`, and its column's module.
pub(super) struct ChangeView {
    pub(super) field: String,
    pub(super) module: String,
}

#[derive(Template)]
#[template(path = "rust/model_query.rs.txt", escape = "none")]
pub(super) struct QueryView {
    /// `.await` where the driver is async (see `Driver::aw`).
    pub(super) aw: &'static str,
    pub(super) name: String,
    pub(super) condition: String,
    pub(super) variants: Vec<String>,
    pub(super) aliases: Vec<String>,
    pub(super) arms: Vec<String>,
    pub(super) table_const: String,
    pub(super) sig_find_where: String,
    pub(super) sig_find_one_where: String,
    pub(super) sig_count_where: String,
    pub(super) sig_exists_where: String,
    pub(super) sig_delete_where: String,
    pub(super) sig_update_where: String,
    pub(super) query_type: String,
    /// `updated_at`'s module, when the model keeps timestamps.
    pub(super) updated_at: String,
    pub(super) changes: Vec<ChangeView>,
    pub(super) columns: Vec<ColumnView>,
}

/// The constants a model's queries use, at the top of its module.
pub(super) fn consts(backend: &dyn Driver, m: &ir::Model) -> Vec<(&'static str, String)> {
    let dialect = backend.dialect();
    let table = dialect.quote(&m.table);
    let columns: Vec<String> = m
        .attributes
        .iter()
        .map(|a| dialect.quote(&a.column))
        .collect();
    let key_order: Vec<String> = m
        .primary_key
        .iter()
        .map(|&i| format!("{} ASC", backend.compared(&m.attributes[i], &columns[i])))
        .collect();
    vec![
        ("COLUMNS", columns.join(", ")),
        ("TABLE_SQL", table.clone()),
        ("KEY_ORDER", key_order.join(", ")),
        ("EXISTS", format!("SELECT EXISTS (SELECT 1 FROM {table}")),
        ("DELETE_ALL", format!("DELETE FROM {table}")),
        ("UPDATE_ALL", format!("UPDATE {table} SET")),
    ]
}

/// The typed queries of model `m`, whose `<Model>Changes` has `changes`
/// (attribute positions; none: no `update_where`).
pub(super) fn view(
    schema: &Schema,
    backend: &dyn Driver,
    m: &ir::Model,
    changes: &[usize],
) -> QueryView {
    let name = ident::type_name(&m.name);
    let condition = format!("{name}Condition");
    let columns: Vec<ColumnView> = (0..m.attributes.len())
        .map(|i| column(schema, backend, m, i))
        .collect();
    let variants = columns
        .iter()
        .filter(|c| c.compared())
        .map(|c| tuple_variant(&c.variant, &format!("super::query::Cmp<{}::V>", c.module)))
        .collect();
    let arms = columns
        .iter()
        .filter(|c| c.compared())
        .map(|c| {
            match_arm(
                12,
                &format!("Self::{}(cmp)", c.variant),
                &format!("{}::write(cmp, sql)", c.module),
            )
        })
        .collect();
    let aliases = vec![
        type_alias(
            &format!("{name}Filter"),
            &format!("super::query::Filter<{condition}>"),
        ),
        type_alias(
            &format!("{name}Order"),
            &format!("super::query::Order<{name}>"),
        ),
        type_alias(
            &format!("{name}Query"),
            &format!("super::query::Query<{condition}, {name}>"),
        ),
    ];
    let conn = backend.conn().to_string();
    let head = |verb: &str| format!("{} {verb}", backend.fn_head());
    let query = format!("query: impl Into<{name}Query>");
    let filter = format!("filter: {name}Filter");
    let updated_at = m
        .attributes
        .iter()
        .position(|a| a.origin == ir::AttributeOrigin::Timestamp && a.name == "updatedAt")
        .filter(|_| !changes.is_empty())
        .map(|i| columns[i].module.clone())
        .unwrap_or_default();
    QueryView {
        aw: backend.aw(),
        table_const: const_at(4, "pub ", "TABLE", "&'static str", &m.table),
        sig_find_where: signature(
            &head("find_where"),
            &[conn.clone(), query.clone()],
            &backend.result("Vec<Self>"),
        ),
        sig_find_one_where: signature(
            &head("find_one_where"),
            &[conn.clone(), query],
            &backend.result("Option<Self>"),
        ),
        sig_count_where: signature(
            &head("count_where"),
            &[conn.clone(), filter.clone()],
            &backend.result("i64"),
        ),
        sig_exists_where: signature(
            &head("exists_where"),
            &[conn.clone(), filter.clone()],
            &backend.result("bool"),
        ),
        sig_delete_where: signature(
            &head("delete_where"),
            &[conn.clone(), filter.clone()],
            &backend.result("u64"),
        ),
        sig_update_where: signature(
            &head("update_where"),
            &[conn, filter, format!("changes: {name}Changes")],
            &backend.result("u64"),
        ),
        query_type: format!("{name}Query"),
        updated_at,
        changes: changes
            .iter()
            .map(|&i| ChangeView {
                field: m.attributes[i].field.to_string(),
                module: columns[i].module.clone(),
            })
            .collect(),
        name,
        condition,
        variants,
        aliases,
        arms,
        columns,
    }
}

fn column(schema: &Schema, backend: &dyn Driver, m: &ir::Model, i: usize) -> ColumnView {
    let a = &m.attributes[i];
    let dialect = backend.dialect();
    let sql = dialect.quote(&a.column);
    let compared = backend.compared(a, &sql);
    let ops = match &a.ty {
        Type::Enum(_) => Ops::Eq,
        Type::Scalar(s) => match s {
            ScalarType::Json | ScalarType::Jsonb | ScalarType::Blob => Ops::None,
            ScalarType::Boolean | ScalarType::Uuid => Ops::Eq,
            ScalarType::String { .. } | ScalarType::Text => Ops::Text,
            _ => Ops::Ord,
        },
    };
    // A foreign key to a model's one-column primary key is compared with
    // that model's key newtype.
    let key = m
        .foreign_keys
        .iter()
        .find(|f| f.attr == i)
        .map(|f| schema.model(f.references.model))
        .filter(|target| target.primary_key.len() == 1)
        .filter(|target| {
            m.foreign_keys
                .iter()
                .any(|f| f.attr == i && f.references.attr == target.primary_key[0])
        })
        .map(|target| format!("super::{}Id", ident::type_name(&target.name)));
    let plain = ir::Attribute {
        nullable: false,
        ..a.clone()
    };
    let codec = "super::super::codec";
    let bind = backend.param_value(&plain, "value", codec);
    let (value_type, key, ops) = match key {
        Some(key) => (key, true, Ops::Eq),
        None => (in_parent(schema, &a.ty), false, ops),
    };
    let mut consts = vec![
        const_at(4, "pub ", "COLUMN", "&str", &a.column),
        const_at(4, "", "SQL", "&str", &sql),
    ];
    if ops != Ops::None {
        consts.push(if compared == sql {
            "    const EXPR: &str = SQL;".to_string()
        } else {
            const_at(4, "", "EXPR", "&str", &compared)
        });
        let nulls = |first: bool| match (a.nullable, first) {
            (false, _) => "",
            (true, true) => " NULLS FIRST",
            (true, false) => " NULLS LAST",
        };
        consts.push(const_at(
            4,
            "",
            "ASC",
            "&str",
            &format!("{compared} ASC{}", nulls(true)),
        ));
        consts.push(const_at(
            4,
            "",
            "DESC",
            "&str",
            &format!("{compared} DESC{}", nulls(false)),
        ));
    }
    consts.push(const_at(4, "", "CAST", "&str", &backend.cast(schema, a)));
    let module = a.field.to_string();
    // A `&String` or `&Vec<u8>` parameter is a `&str` or `&[u8]` one.
    let (set_type, set_value) = match (&a.ty, a.nullable) {
        (Type::Scalar(ScalarType::String { .. } | ScalarType::Text), false) => {
            ("str".to_string(), "value.to_owned()".to_string())
        }
        (Type::Scalar(ScalarType::Blob), false) => {
            ("[u8]".to_string(), "value.to_vec()".to_string())
        }
        _ => (
            in_parent_opt(schema, a),
            backend.param_value(a, "value", codec),
        ),
    };
    ColumnView {
        variant: ident::condition_variant(&module),
        // `set` binds a value as it is stored, never through a cast made
        // for comparing.
        set_cast: if compared == sql { "CAST" } else { "\"\"" },
        module,
        // Schema text in a doc comment: escaped as every comment is.
        column: ident::comment_lines(&a.column).join(" "),
        consts,
        value_type: if ops == Ops::None {
            String::new()
        } else {
            value_type
        },
        ord: ops == Ops::Ord,
        text: ops == Ops::Text,
        nullable: a.nullable,
        bind,
        key,
        set_type,
        set_value,
    }
}

/// The Rust type of a column's values, named from a column's module.
fn in_parent(schema: &Schema, ty: &Type) -> String {
    match ty {
        Type::Enum(_) => format!("super::{}", base_type(schema, ty)),
        _ => base_type(schema, ty),
    }
}

fn in_parent_opt(schema: &Schema, a: &ir::Attribute) -> String {
    match &a.ty {
        Type::Enum(_) => {
            let ty = format!("super::{}", base_type(schema, &a.ty));
            if a.nullable {
                format!("Option<{ty}>")
            } else {
                ty
            }
        }
        _ => rust_type(schema, a),
    }
}
