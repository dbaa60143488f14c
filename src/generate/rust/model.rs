//! A model's module: its key, row struct, `New<Model>`, `<Model>Changes`,
//! CRUD functions and association methods.

use super::accessors::accessor;
use super::backend::{Driver, Fetch};
use super::layout::*;
use super::query;
use super::types::*;
use super::update;
use super::{Derives, ModuleView};
use crate::generate::RenderError;
use crate::generate::{dml, sql};
use crate::ir::ScalarType;
use crate::ir::ident;
use crate::ir::{self, DefaultValue, ModelId, Schema, Type};
use crate::output;
use askama::Template;

pub(super) struct Field {
    pub(super) name: String,
    pub(super) ty: String,
    pub(super) docs: Vec<String>,
    pub(super) read: String,
}

pub(super) struct NewField {
    pub(super) name: String,
    pub(super) ty: String,
}

#[derive(Template)]
#[template(path = "rust/model.rs.txt", escape = "none")]
pub(super) struct ModelFile {
    /// `.await` where the driver is async (see `Driver::aw`).
    pub(super) aw: &'static str,
    /// `find_by_x`, `find_or_create_by_x` and `upsert_by_x` of each unique
    /// key.
    pub(super) finders: Vec<FinderView>,
    /// The typed queries (see `query.rs`), after the model's `impl`.
    pub(super) queries: String,
    pub(super) consts: Vec<String>,
    pub(super) name: String,
    pub(super) key: String,
    pub(super) key_types: String,
    pub(super) key_from_row: String,
    /// The key's value type (`i32`, or a tuple for a composite key), and
    /// the newtype's fields made from `value` of that type.
    pub(super) key_inner: String,
    pub(super) key_from_inner: String,
    pub(super) struct_docs: Vec<String>,
    pub(super) fields: Vec<Field>,
    pub(super) new_name: String,
    pub(super) new_fields: Vec<NewField>,
    /// Which fields of `New<Model>` must be given, in a sentence cut into
    /// comment lines.
    pub(super) new_required: Vec<String>,
    pub(super) sig_from_row: String,
    pub(super) sig_create: String,
    pub(super) sig_find_by_pk: String,
    pub(super) sig_find_all: String,
    pub(super) sig_count: String,
    pub(super) sig_save: String,
    pub(super) sig_destroy: String,
    pub(super) create_prelude: Vec<String>,
    pub(super) run_create: String,
    pub(super) run_find_by_pk: String,
    pub(super) run_find_all: String,
    pub(super) run_count: String,
    pub(super) run_save: String,
    pub(super) run_destroy: String,
    /// `<Model>Changes`: every column but the key and the timestamps;
    /// empty, no `update`.
    pub(super) changes: Vec<NewField>,
    pub(super) sig_update: String,
    pub(super) update_prelude: Vec<String>,
    pub(super) run_update: String,
    pub(super) update_apply: Vec<String>,
    pub(super) timestamps: bool,
    pub(super) updated_at: String,
    pub(super) accessors: Vec<String>,
    pub(super) derive_key: String,
    pub(super) derive_row: String,
    pub(super) derive_new: String,
    pub(super) derive_changes: String,
    /// `Ok(Model { id: row.get(0)? })` when rustfmt keeps it on one line.
    pub(super) from_row_one_line: Option<String>,
    /// A declared junction's reader of a row whose columns start at `at`.
    pub(super) from_row_at: Vec<Field>,
    pub(super) sig_from_row_at: String,
}

/// A model's module: its doc comment's lines and its body.
pub(super) fn model_text(
    schema: &Schema,
    backend: &dyn Driver,
    derives: Derives,
    id: ModelId,
    associations: &[ir::AssociationId],
) -> Result<(Vec<String>, String), RenderError> {
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
            name: a.field.to_string(),
            ty: rust_type(schema, a),
            docs: doc_lines(a.docs(), "///"),
            read: backend.read(a, &i.to_string()),
        })
        .collect();
    let t = dml::Table { dialect, model: m };
    let columns_sql = t.columns();
    let table = t.name();

    // Insert: supplied columns from `new`, timestamps from `now`, defaults
    // where `new` says `None`.
    let mut prelude = Vec::new();
    let mut insert_columns = Vec::new();
    let mut values = Vec::new();
    let mut binds = Vec::new();
    // The attribute of each inserted column.
    let mut insert_attrs = Vec::new();
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
        let field = a.field.to_string();
        insert_columns.push(q(&a.column));
        insert_attrs.push(i);
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
            None if given_optionally(m, i) => {
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
    let insert_sql = dml::insert_returning(&table, &insert_columns, &values, &columns_sql);

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
                &format!("row.{}", m.attributes[i].field),
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
            dml::eq(&q(&a.column), &p(k + 1, a))
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
            dml::eq(&q(&a.column), &p(n + 1, a))
        })
        .collect();
    let where_update: Vec<String> = pk
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let a = &m.attributes[i];
            dml::eq(&q(&a.column), &p(updatable.len() + k + 1, a))
        })
        .collect();
    let update_args: Vec<String> = updatable
        .iter()
        .chain(pk.iter())
        .map(|&i| {
            let a = &m.attributes[i];
            backend.arg(a, &format!("self.{}", a.field))
        })
        .collect();
    // A table of key columns only has nothing else to write.
    let sets = if sets.is_empty() { &where_pk } else { &sets };
    let update_sql = dml::update(&table, sets, &where_update);
    let updated_at = m
        .attributes
        .iter()
        .find(|a| a.origin == ir::AttributeOrigin::Timestamp && a.name == "updatedAt")
        .map(|a| a.field.to_string())
        .unwrap_or_default();
    let update = update::Update::of(schema, backend, m);

    let mut consts = vec![
        const_str("INSERT", &insert_sql),
        const_str(
            "SELECT_BY_KEY",
            &dml::Select {
                conditions: where_pk.clone(),
                ..dml::Select::rows(&t, columns_sql.clone())
            }
            .sql(),
        ),
        const_str(
            "SELECT_ALL",
            &dml::Select::rows(&t, columns_sql.clone())
                .order_by(order_by)
                .sql(),
        ),
        const_str("COUNT", &dml::Select::count(table.clone(), vec![]).sql()),
        const_str("UPDATE", &update_sql),
        const_str("DELETE", &dml::delete(&table, &where_pk)),
    ];
    if !update.changes.is_empty() {
        consts.push(update.sql_const.clone());
    }
    consts.extend(
        query::consts(backend, m)
            .into_iter()
            .map(|(name, sql)| const_str(name, &sql)),
    );
    let queries = query::view(schema, backend, m, &update::changeable(m)).render()?;
    let insert = Insert {
        table: &table,
        columns: &insert_columns,
        values: &values,
        attrs: &insert_attrs,
        binds: &binds,
        returning: &columns_sql,
    };
    let finders: Vec<FinderView> = m
        .uniques
        .iter()
        .filter_map(|unique| finder(schema, backend, m, unique, &insert, &mut consts))
        .collect();
    let mut accessors = Vec::new();
    for a in associations.iter().map(|&a| schema.association(a)) {
        if let Some((c, methods)) = accessor(schema, backend, a)? {
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
    // A declared junction's row is read after its target's, where a
    // belongsToMany gives each target with its junction row.
    let read_at = schema.associations.iter().any(|a| {
        a.junction.as_ref().is_some_and(|j| j.model == id)
            && a.method(ir::Accessor::GetWith).is_some()
    });
    let from_row_at: Vec<Field> = if read_at {
        m.attributes
            .iter()
            .enumerate()
            .map(|(i, a)| Field {
                name: a.field.to_string(),
                ty: String::new(),
                docs: Vec::new(),
                read: backend.read(
                    a,
                    &if i == 0 {
                        "at".to_string()
                    } else {
                        format!("at + {i}")
                    },
                ),
            })
            .collect()
    } else {
        Vec::new()
    };
    let sig_from_row_at = signature(
        "pub fn from_row_at",
        &[backend.row().into(), "at: usize".into()],
        &backend.result("Self"),
    );
    let view = ModelFile {
        aw: backend.aw(),
        finders,
        queries,
        from_row_one_line,
        from_row_at,
        sig_from_row_at,
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
            &format!("{} create", backend.fn_head()),
            // A model with nothing to supply does not read `new`.
            &[
                backend.conn().into(),
                format!("{}: {new_name}", if no_fields { "_new" } else { "new" }),
            ],
            &backend.result(&name),
        ),
        sig_find_by_pk: signature(
            &format!("{} find_by_pk", backend.fn_head()),
            &[backend.conn().into(), format!("key: impl Into<{key}>")],
            &backend.result(&format!("Option<{name}>")),
        ),
        sig_find_all: signature(
            &format!("{} find_all", backend.fn_head()),
            &[backend.conn().into()],
            &backend.result(&format!("Vec<{name}>")),
        ),
        sig_count: signature(
            &format!("{} count", backend.fn_head()),
            &[backend.conn().into()],
            &backend.result("i64"),
        ),
        sig_save: signature(
            &format!("{} save", backend.fn_head()),
            &["&mut self".into(), backend.conn().into()],
            &backend.result("bool"),
        ),
        sig_destroy: on_self(
            backend,
            format!("{} destroy", backend.fn_head()),
            None,
            backend.result("bool"),
        ),
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
    let body = view.render()? + "\n";
    Ok((docs, body))
}

/// A model's entry in the root module: its module's name, the item that
/// declares it (`pub mod x;`, or in the one-file form the whole module),
/// and the names it exports.
pub(super) fn module_view(m: &ir::Model, item: impl FnOnce(&str) -> String) -> ModuleView {
    let name = ident::type_name(&m.name);
    let module = ident::module(&m.name);
    let changeable = !update::changeable(m).is_empty();
    let mut exports: Vec<String> = ident::MODEL_TYPES
        .iter()
        .filter(|(_, suffix, _)| changeable || *suffix != "Changes")
        .map(|(prefix, suffix, _)| format!("{prefix}{name}{suffix}"))
        .collect();
    exports.sort();
    ModuleView {
        item: item(&module),
        reexport: reexport(&module, &exports),
        module,
    }
}

/// A model's insert, as `create` makes it: what other inserts reuse.
struct Insert<'a> {
    table: &'a str,
    columns: &'a [String],
    values: &'a [String],
    /// The attribute of each column, and the argument `create` binds.
    attrs: &'a [usize],
    binds: &'a [String],
    returning: &'a str,
}

/// The methods of one unique key (see `model.rs.txt`); `find_or_create`
/// and `upsert` only where the key's columns are given by `New<Model>`
/// itself (no default, no generated value).
pub(super) struct FinderView {
    pub(super) sig_find_by: String,
    /// `name::eq(name)` for each column, ANDed.
    pub(super) filter: Vec<String>,
    pub(super) insert: bool,
    pub(super) sig_find_or_create: String,
    pub(super) run_insert_or_ignore: String,
    pub(super) run_select: String,
    pub(super) sig_upsert: String,
    pub(super) run_upsert: String,
    /// How the key's columns read in documentation: `email`, or
    /// `nickname` and `role_group`.
    pub(super) columns_doc: String,
    pub(super) keeps_created_at: bool,
}

fn finder(
    schema: &Schema,
    backend: &dyn Driver,
    m: &ir::Model,
    unique: &[usize],
    insert: &Insert,
    consts: &mut Vec<String>,
) -> Option<FinderView> {
    let attrs: Vec<&ir::Attribute> = unique.iter().map(|&i| &m.attributes[i]).collect();
    let comparable = attrs.iter().all(|a| {
        !matches!(
            a.ty,
            Type::Scalar(ScalarType::Json | ScalarType::Jsonb | ScalarType::Blob)
        )
    });
    let fields: Vec<String> = attrs.iter().map(|a| a.field.to_string()).collect();
    let bare: Vec<&str> = fields.iter().map(|f| f.trim_start_matches("r#")).collect();
    let suffix = bare.join("_and_");
    // `find_by_pk` is the primary key's.
    if !comparable || suffix == "pk" {
        return None;
    }
    let upper = suffix.to_uppercase();
    let head = |verb: &str| format!("{} {verb}_{suffix}", backend.fn_head());
    let name = ident::type_name(&m.name);
    let conn = backend.conn().to_string();
    let mut params = vec![conn.clone()];
    params.extend(fields.iter().map(|f| format!("{f}: impl Into<{f}::V>")));
    let filter = fields
        .iter()
        .enumerate()
        .map(|(k, f)| {
            if k == 0 {
                format!("let filter = {f}::eq({f});")
            } else {
                format!("let filter = filter.and({f}::eq({f}));")
            }
        })
        .collect();
    let positions: Option<Vec<usize>> = unique
        .iter()
        .map(|i| insert.attrs.iter().position(|a| a == i))
        .collect();
    let given = attrs
        .iter()
        .all(|a| a.default.is_none() && a.origin != ir::AttributeOrigin::Timestamp);
    let mut view = FinderView {
        sig_find_by: signature(&head("find_by"), &params, &backend.result("Option<Self>")),
        filter,
        insert: false,
        sig_find_or_create: String::new(),
        run_insert_or_ignore: String::new(),
        run_select: String::new(),
        sig_upsert: String::new(),
        run_upsert: String::new(),
        columns_doc: match bare.as_slice() {
            [one] => format!("`{one}`"),
            [init @ .., last] => format!(
                "{} and `{last}`",
                init.iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            [] => String::new(),
        },
        keeps_created_at: m.timestamps,
    };
    let (Some(positions), true, false) = (positions, given, insert.columns.is_empty()) else {
        return Some(view);
    };
    let conflict: Vec<String> = positions
        .iter()
        .map(|&k| insert.columns[k].clone())
        .collect();
    let created_at = m
        .attributes
        .iter()
        .find(|a| a.origin == ir::AttributeOrigin::Timestamp && a.name == "createdAt")
        .map(|a| backend.dialect().quote(&a.column));
    let mut update: Vec<String> = insert
        .columns
        .iter()
        .filter(|c| !conflict.contains(c) && Some(*c) != created_at.as_ref())
        .cloned()
        .collect();
    if update.is_empty() {
        // Nothing else to write: the key over itself, so that the row
        // is returned.
        update = conflict.clone();
    }
    let ignore = format!("INSERT_OR_IGNORE_BY_{upper}");
    let upsert = format!("UPSERT_BY_{upper}");
    let select = format!("SELECT_BY_{upper}");
    let on_conflict = |update: Option<&[String]>| {
        dml::insert_on_conflict(
            insert.table,
            insert.columns,
            insert.values,
            &conflict,
            update,
            insert.returning,
        )
    };
    consts.push(const_str(&ignore, &on_conflict(None)));
    consts.push(const_str(&upsert, &on_conflict(Some(&update))));
    let conditions: Vec<String> = unique
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let a = &m.attributes[i];
            dml::eq(
                &backend.dialect().quote(&a.column),
                &backend.param(schema, k + 1, a),
            )
        })
        .collect();
    consts.push(const_str(
        &select,
        &format!(
            "SELECT {} FROM {} WHERE {}",
            insert.returning,
            insert.table,
            conditions.join(" AND ")
        ),
    ));
    let select_binds: Vec<String> = positions.iter().map(|&k| insert.binds[k].clone()).collect();
    let new = format!("new: New{name}");
    view.insert = true;
    view.sig_find_or_create = signature(
        &head("find_or_create_by"),
        &[conn.clone(), new.clone()],
        &backend.result("(Self, bool)"),
    );
    view.run_insert_or_ignore =
        backend.run(12, "stmt", &ignore, insert.binds, Fetch::Optional("Self"));
    view.run_select = backend.run(12, "stmt", &select, &select_binds, Fetch::One("Self"));
    view.sig_upsert = signature(&head("upsert_by"), &[conn, new], &backend.result("Self"));
    view.run_upsert = backend.run(8, "stmt", &upsert, insert.binds, Fetch::One("Self"));
    Some(view)
}

/// A model's file of the module tree.
pub(super) fn model_file(
    schema: &Schema,
    backend: &dyn Driver,
    derives: Derives,
    id: ModelId,
    associations: &[ir::AssociationId],
) -> Result<String, RenderError> {
    let (docs, body) = model_text(schema, backend, derives, id, associations)?;
    let docs = doc_lines(&docs, "//!").join("\n");
    Ok(output::with_header(format_args!(
        "{docs}\n#![allow(unused_imports)]\n\n{body}"
    )))
}

/// `#[derive(...)]` of `traits` (empty names skipped), serde's added when
/// asked, laid out as rustfmt lays it out.
pub(super) fn derive(traits: &[&str], derives: Derives) -> String {
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
    derive_list(&all)
}
