//! The methods of associations (`get_x`, `set_x`, `add_xs`...), one
//! association at a time, with the statements they run.

use super::backend::{Driver, Fetch};
use super::layout::{const_str, let_call, literal, on_self, signature};
use super::types::{base_type, given_optionally, is_copy, non_null, owned};
use crate::generate::RenderError;
use crate::generate::dml;
use crate::ir::ident;
use crate::ir::{self, Accessor, Schema};
use crate::ir::{ScalarType, Type};
use askama::Template;

/// The names of an association's accessors, as resolution gave them (see
/// `ir::Association::methods`); empty for a method it does not get.
pub(super) struct Methods {
    pub(super) get: String,
    pub(super) set: String,
    pub(super) set_destroy: String,
    pub(super) create: String,
    pub(super) count: String,
    pub(super) has: String,
    pub(super) has_all: String,
    pub(super) add: String,
    pub(super) add_all: String,
    pub(super) remove: String,
    pub(super) remove_all: String,
    pub(super) get_where: String,
    pub(super) count_where: String,
    pub(super) add_with: String,
    pub(super) add_all_with: String,
    pub(super) set_with: String,
    pub(super) get_with: String,
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
            get_where: name(Accessor::GetWhere),
            count_where: name(Accessor::CountWhere),
            add_with: name(Accessor::AddWith),
            add_all_with: name(Accessor::AddAllWith),
            set_with: name(Accessor::SetWith),
            get_with: name(Accessor::GetWith),
        }
    }
}

pub(super) struct AccessorView {
    /// `.await` where the driver is async (see `Driver::aw`).
    pub(super) aw: &'static str,
    /// The accessors' names.
    pub(super) m: Methods,
    /// See [`Driver::atomic`].
    pub(super) atomic: &'static str,
    pub(super) kind: &'static str,
    pub(super) name: String,
    pub(super) name_upper: String,
    pub(super) target: String,
    pub(super) target_ref_to_value: String,
    /// A notNull foreign key: `set_x` takes a target, not an `Option`.
    pub(super) fk_required: bool,
    /// The new target's key, owned: `created.id` or `created.email.clone()`.
    pub(super) created_key: String,
    pub(super) target_fk_field: String,
    pub(super) own_fk_field: String,
    pub(super) own_fk_value: String,
    /// A belongsTo whose foreign key is notNull and constrained: its
    /// target always exists, and `get_x` returns it, not an `Option`.
    pub(super) get_required: bool,
    pub(super) self_key_value: String,
    pub(super) unlink_doc: String,
    pub(super) add_prelude: Vec<String>,
    /// The statements of each accessor, as the backend runs them.
    pub(super) run_get: String,
    pub(super) run_count: String,
    pub(super) run_has: String,
    pub(super) run_add: String,
    pub(super) run_remove: String,
    pub(super) run_link: String,
    pub(super) run_unlink_others: String,
    pub(super) run_destroy_others: String,
    pub(super) sig_set_destroy: String,
    pub(super) sig_get: String,
    pub(super) sig_set: String,
    pub(super) sig_create: String,
    pub(super) sig_count: String,
    pub(super) sig_has: String,
    pub(super) sig_has_all: String,
    pub(super) sig_add: String,
    pub(super) sig_add_all: String,
    pub(super) sig_remove: String,
    pub(super) sig_remove_all: String,
    pub(super) sig_set_all: String,
    /// The typed queries of a to-many association's targets: the target's
    /// query type, this row's key as a `Param`, its placeholder's type, and
    /// whether the statement's condition ends with a subquery's `)`.
    pub(super) sig_get_where: String,
    pub(super) sig_count_where: String,
    pub(super) target_query: String,
    pub(super) key_field: String,
    pub(super) key_param: String,
    pub(super) key_cast: String,
    pub(super) subquery: bool,
    pub(super) where_const: String,
    pub(super) count_where_const: String,
    pub(super) key_order_const: String,
    /// The batch loader (`load_x`): its signature, how a source gives its
    /// key, the statement around the keys, the column of the key in each
    /// row, and the keys' cast; empty where the key type has no loader.
    pub(super) sig_load: String,
    pub(super) load_link: String,
    pub(super) load_const: String,
    pub(super) load_end_const: String,
    pub(super) load_key_column: usize,
    pub(super) load_cast: String,
    /// The filtered loader (`load_xs_where`): its signature and the three
    /// pieces of its statement around the query's order and the keys.
    pub(super) sig_load_where: String,
    pub(super) load_where_const: String,
    pub(super) load_where_from_const: String,
    pub(super) load_where_end_const: String,
    pub(super) to_many: bool,
    /// A belongsToMany through a declared junction model: the junction's
    /// row type and `New<Junction>`, the lines that fill in its two keys,
    /// the statement finding the link's row (up to each key), the target
    /// key's parameter, the lines writing `through`'s own values to an
    /// existing row, and how a target is read with its junction row.
    pub(super) junction: String,
    pub(super) new_junction: String,
    pub(super) sig_add_with: String,
    pub(super) sig_add_all_with: String,
    pub(super) sig_set_with: String,
    pub(super) sig_get_with: String,
    pub(super) sig_load_with: String,
    pub(super) set_keys: Vec<String>,
    pub(super) link_const: String,
    pub(super) link_and_const: String,
    pub(super) target_key_field: String,
    pub(super) target_key_param: String,
    pub(super) target_key_cast: String,
    pub(super) assign_own: Vec<String>,
    pub(super) get_with_const: String,
    pub(super) get_with_end_const: String,
    pub(super) read_pair: String,
    pub(super) load_with_const: String,
    pub(super) load_with_key_column: usize,
}

/// One template per kind of association, over the same view.
#[derive(Template)]
#[template(path = "rust/accessors/has_one.rs.txt", escape = "none")]
struct HasOne<'a> {
    a: &'a AccessorView,
}

#[derive(Template)]
#[template(path = "rust/accessors/belongs_to.rs.txt", escape = "none")]
struct BelongsTo<'a> {
    a: &'a AccessorView,
}

#[derive(Template)]
#[template(path = "rust/accessors/has_many.rs.txt", escape = "none")]
struct HasMany<'a> {
    a: &'a AccessorView,
}

#[derive(Template)]
#[template(path = "rust/accessors/belongs_to_many.rs.txt", escape = "none")]
struct BelongsToMany<'a> {
    a: &'a AccessorView,
}

/// The constants and methods of one association's accessors, or `None`
/// where they are not generated (a target with a composite primary key).
pub(super) fn accessor(
    schema: &Schema,
    backend: &dyn Driver,
    a: &ir::Association,
) -> Result<Option<(Vec<String>, String)>, RenderError> {
    use crate::ir::AssociationKind as K;
    if a.methods.is_empty() {
        return Ok(None);
    }
    // The methods' names, as resolution made them.
    let m = |accessor| a.method(accessor).unwrap_or_default();
    // `pub fn get_x`, or `pub async fn get_x`.
    let head = |accessor| format!("{} {}", backend.fn_head(), m(accessor));
    let dialect = backend.dialect();
    let q = |s: &str| dialect.quote(s);
    let p = |n: usize, attr: &ir::Attribute| backend.param(schema, n, attr);
    let target = schema.model(a.target);
    let [target_pk] = target.primary_key.as_slice() else {
        return Ok(None);
    };
    let target_pk_attr = &target.attributes[*target_pk];
    let target_name = ident::type_name(&target.name);
    let target_id = format!("{target_name}Id");
    let fk_attr = schema.attr(a.foreign_key);
    let key_attr = schema.attr(a.key);
    let target_table = dml::Table {
        dialect,
        model: target,
    };
    let t = target_table.name();
    // Every column of the target, qualified (a belongsToMany joins its
    // junction).
    let select_target = || dml::Select::rows(&target_table, target_table.qualified_columns());
    let pk_col = q(&target_pk_attr.column);
    let self_key_field = format!("self.{}", key_attr.field);
    // This row's key as a statement argument: NULL when a nullable key has
    // no value (no row then matches it).
    let self_key_arg = backend.arg(key_attr, &self_key_field);
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
    let generic = |accessor| format!("{}<K: Into<{target_id}>>", head(accessor));
    let fk_col = q(&fk_attr.column);
    let unlink_deletes = !fk_attr.nullable;
    // Unlinking the target rows that match `conditions`: deleting them
    // when their foreign key can't be null, else setting it to NULL.
    let unlink = |conditions: &[String]| {
        if unlink_deletes {
            dml::delete(&t, conditions)
        } else {
            dml::update(&t, &[dml::eq(&fk_col, "NULL")], conditions)
        }
    };
    let conn = || backend.conn().to_string();
    let result = |t: &str| backend.result(t);
    let on_self =
        |head: String, param: Option<String>, ret: String| on_self(backend, head, param, ret);
    // The key of this row, as the foreign key's column holds it.
    let p1 = p(1, fk_attr);
    let p2 = p(2, target_pk_attr);
    let mut v = AccessorView {
        aw: backend.aw(),
        m: Methods::of(a),
        atomic: backend.atomic(),
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
        target_fk_field: fk_attr.field.to_string(),
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
        sig_count: on_self(head(Accessor::Count), None, result("i64")),
        sig_has: on_self(
            head(Accessor::Has),
            Some(into_target.clone()),
            result("bool"),
        ),
        sig_has_all: on_self(
            generic(Accessor::HasAll),
            Some(many.clone()),
            result("bool"),
        ),
        sig_add: on_self(head(Accessor::Add), Some(into_target.clone()), result("()")),
        sig_add_all: on_self(generic(Accessor::AddAll), Some(many.clone()), result("()")),
        sig_remove: on_self(
            head(Accessor::Remove),
            Some(into_target.clone()),
            result("()"),
        ),
        sig_remove_all: on_self(
            generic(Accessor::RemoveAll),
            Some(many.clone()),
            result("()"),
        ),
        sig_set_all: on_self(generic(Accessor::Set), Some(many), result("()")),
        sig_get_where: on_self(
            head(Accessor::GetWhere),
            Some(format!("query: impl Into<{target_name}Query>")),
            result(&format!("Vec<{target_name}>")),
        ),
        sig_count_where: on_self(
            head(Accessor::CountWhere),
            Some(format!("filter: {target_name}Filter")),
            result("i64"),
        ),
        target_query: format!("{target_name}Query"),
        key_field: self_key_field.clone(),
        key_param: backend.param_value(key_attr, "key", "codec"),
        key_cast: literal(&backend.cast(schema, fk_attr)),
        subquery: false,
        where_const: String::new(),
        count_where_const: String::new(),
        key_order_const: String::new(),
        sig_load: String::new(),
        load_link: String::new(),
        load_const: String::new(),
        load_end_const: String::new(),
        load_key_column: target.attributes.len(),
        load_cast: String::new(),
        sig_load_where: String::new(),
        load_where_const: String::new(),
        load_where_from_const: String::new(),
        load_where_end_const: String::new(),
        to_many: a.kind.is_to_many(),
        junction: String::new(),
        new_junction: String::new(),
        sig_add_with: String::new(),
        sig_add_all_with: String::new(),
        sig_set_with: String::new(),
        sig_get_with: String::new(),
        sig_load_with: String::new(),
        set_keys: Vec::new(),
        link_const: String::new(),
        link_and_const: String::new(),
        target_key_field: String::new(),
        target_key_param: String::new(),
        target_key_cast: String::new(),
        assign_own: Vec::new(),
        get_with_const: String::new(),
        get_with_end_const: String::new(),
        read_pair: String::new(),
        load_with_const: String::new(),
        load_with_key_column: 0,
    };
    // A to-many association's typed queries: the targets' statement up to
    // this row's key, which is bound at run time, before the query's own.
    let mut typed_queries = |v: &mut AccessorView, from: String, subquery: bool| {
        let order: Vec<String> = target
            .primary_key
            .iter()
            .map(|&i| {
                format!(
                    "{} ASC",
                    backend.compared(&target.attributes[i], &q(&target.attributes[i].column))
                )
            })
            .collect();
        v.where_const = sql(
            "WHERE",
            format!("SELECT {} FROM {t} WHERE {from}", target_table.columns()),
        );
        v.count_where_const = sql(
            "COUNT_WHERE",
            format!("SELECT COUNT(*) FROM {t} WHERE {from}"),
        );
        v.key_order_const = sql("KEY_ORDER", order.join(", "));
        v.subquery = subquery;
    };
    let new_param =
        |mutable: bool| format!("{}new: New{target_name}", if mutable { "mut " } else { "" });
    match a.kind {
        K::BelongsTo => {
            let key_is_pk = a.key.attr == *target_pk;
            v.own_fk_field = fk_attr.field.to_string();
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
                select_target()
                    .filter(dml::eq(
                        &target_table.qualified(a.key.attr),
                        &p(1, key_attr),
                    ))
                    .sql(),
            );
            let key_arg = backend.arg(&non_null(key_attr), "key");
            v.run_get = if v.get_required {
                run(8, "stmt", &get, &[&key_arg], Fetch::One(&target_name))
            } else {
                run(8, "stmt", &get, &[&key_arg], Fetch::Optional(&target_name))
            };
            let created = owned(&format!("created.{}", key_attr.field), &key_attr.ty);
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
            v.sig_get = on_self(head(Accessor::Get), None, result(&got));
            v.sig_set = signature(
                &head(Accessor::Set),
                &["&mut self".into(), conn(), target_param],
                &result("()"),
            );
            v.sig_create = signature(
                &head(Accessor::Create),
                &["&mut self".into(), conn(), new_param(false)],
                &result(&target_name),
            );
        }
        K::HasOne => {
            let get = sql(
                "GET",
                select_target()
                    .filter(dml::eq(&fk_col, &p1))
                    .order_by(vec![pk_col.clone()])
                    .limit(1)
                    .sql(),
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
            // The rows linked to this one but `target`.
            let others = [
                dml::eq(&fk_col, &p1),
                format!("({p2} IS NULL OR {pk_col} <> {p2})"),
            ];
            let unlink = sql("UNLINK", unlink(&others));
            v.run_unlink_others = run(
                8,
                "unlink",
                &unlink,
                &[&self_key_arg, &optional_target],
                Fetch::Execute,
            );
            let link = sql(
                "LINK",
                dml::update(&t, &[dml::eq(&fk_col, &p1)], &[dml::eq(&pk_col, &p2)]),
            );
            v.run_link = run(
                12,
                "link",
                &link,
                &[&self_key_arg, &target_value],
                Fetch::Execute,
            );
            let destroy = sql("DESTROY", dml::delete(&t, &others));
            v.run_destroy_others = run(
                8,
                "unlink",
                &destroy,
                &[&self_key_arg, &optional_target],
                Fetch::Execute,
            );
            v.sig_set_destroy = signature(
                &head(Accessor::SetDestroyingPrevious),
                &[
                    "&self".into(),
                    conn(),
                    format!("target: impl Into<Option<{target_id}>>"),
                ],
                &result("()"),
            );
            v.sig_get = on_self(
                head(Accessor::Get),
                None,
                result(&format!("Option<{target_name}>")),
            );
            v.sig_set = signature(
                &head(Accessor::Set),
                &[
                    "&self".into(),
                    conn(),
                    format!("target: impl Into<Option<{target_id}>>"),
                ],
                &result("()"),
            );
            v.sig_create = on_self(
                head(Accessor::Create),
                Some(new_param(true)),
                result(&target_name),
            );
        }
        K::HasMany => {
            typed_queries(&mut v, format!("{fk_col} = "), false);
            let get = sql(
                "GET",
                select_target()
                    .filter(dml::eq(&fk_col, &p1))
                    .order_by(vec![pk_col.clone()])
                    .sql(),
            );
            v.run_get = run(8, "stmt", &get, &[&self_key_arg], Fetch::All(&target_name));
            let count = sql(
                "COUNT",
                dml::Select::count(t.clone(), vec![dml::eq(&fk_col, &p1)]).sql(),
            );
            v.run_count = run(8, "stmt", &count, &[&self_key_arg], Fetch::Scalar);
            let this_target = [dml::eq(&fk_col, &p1), dml::eq(&pk_col, &p2)];
            let has = sql(
                "HAS",
                dml::Select::count(t.clone(), this_target.to_vec()).sql(),
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
                dml::update(&t, &[dml::eq(&fk_col, &p1)], &[dml::eq(&pk_col, &p2)]),
            );
            v.run_add = run(
                8,
                "stmt",
                &add,
                &[&self_key_arg, &target_value],
                Fetch::Execute,
            );
            let remove = sql("REMOVE", unlink(&this_target));
            v.run_remove = run(
                8,
                "stmt",
                &remove,
                &[&self_key_arg, &target_value],
                Fetch::Execute,
            );
            v.sig_get = on_self(
                head(Accessor::Get),
                None,
                result(&format!("Vec<{target_name}>")),
            );
            v.sig_create = on_self(
                head(Accessor::Create),
                Some(new_param(true)),
                result(&target_name),
            );
        }
        K::BelongsToMany => {
            let Some(j) = a.junction.as_ref() else {
                return Ok(None);
            };
            let junction = schema.model(j.model);
            let jt = q(&junction.table);
            let other_attr = schema.attr(j.other_key);
            let other = q(&other_attr.column);
            let tk = schema.attr(j.target_key);
            typed_queries(
                &mut v,
                format!(
                    "{} IN (SELECT {other} FROM {jt} WHERE {fk_col} = ",
                    q(&tk.column)
                ),
                true,
            );
            let target_key = if j.target_key.attr == *target_pk {
                p(2, other_attr)
            } else {
                let select = dml::Select::count(t.clone(), vec![dml::eq(&pk_col, &p2)]);
                format!(
                    "({})",
                    dml::Select {
                        columns: q(&tk.column),
                        ..select
                    }
                    .sql()
                )
            };
            v.unlink_doc = "its junction row is deleted".into();
            let get = sql(
                "GET",
                dml::Select {
                    join: Some((
                        jt.clone(),
                        dml::eq(
                            &format!("{jt}.{other}"),
                            &target_table.qualified(j.target_key.attr),
                        ),
                    )),
                    ..select_target()
                }
                .filter(dml::eq(&format!("{jt}.{fk_col}"), &p1))
                .order_by(vec![target_table.qualified(*target_pk)])
                .sql(),
            );
            v.run_get = run(8, "stmt", &get, &[&self_key_arg], Fetch::All(&target_name));
            let count = sql(
                "COUNT",
                dml::Select::count(jt.clone(), vec![dml::eq(&fk_col, &p1)]).sql(),
            );
            v.run_count = run(8, "stmt", &count, &[&self_key_arg], Fetch::Scalar);
            let link = [dml::eq(&fk_col, &p1), dml::eq(&other, &target_key)];
            let has = sql("HAS", dml::Select::count(jt.clone(), link.to_vec()).sql());
            v.run_has = run(
                8,
                "stmt",
                &has,
                &[&self_key_arg, &target_value],
                Fetch::Exists,
            );
            let remove = sql("REMOVE", dml::delete(&jt, &link));
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
                dml::insert_unless_exists(&jt, &columns, &values, link.to_vec()),
            );
            v.run_add = run(8, "stmt", &add, &add_args, Fetch::Execute);
            v.sig_get = on_self(
                head(Accessor::Get),
                None,
                result(&format!("Vec<{target_name}>")),
            );
            v.sig_create = on_self(
                head(Accessor::Create),
                Some(new_param(false)),
                result(&target_name),
            );
            if !m(Accessor::AddWith).is_empty() || !m(Accessor::GetWith).is_empty() {
                let junction_table = dml::Table {
                    dialect,
                    model: junction,
                };
                let junction_name = ident::type_name(&junction.name);
                v.junction = junction_name.clone();
                v.new_junction = format!("New{junction_name}");
                // The link's two keys, as `New<Junction>` takes them.
                let tk_value = owned(&format!("target.{}", tk.field), &tk.ty);
                v.set_keys = vec![
                    format!("through.{} = {};", fk_attr.field, v.self_key_value),
                    format!(
                        "through.{} = {};",
                        other_attr.field,
                        if tk.nullable {
                            tk_value
                        } else {
                            format!("Some({tk_value})")
                        }
                    ),
                ];
                v.link_const = sql(
                    "LINK_ROW",
                    format!(
                        "SELECT {} FROM {jt} WHERE {fk_col} = ",
                        junction_table.columns()
                    ),
                );
                v.link_and_const = sql("LINK_ROW_AND", format!(" AND {other} = "));
                v.target_key_field = format!("target.{}", tk.field);
                v.target_key_param = backend.param_value(tk, "target_key", "codec");
                v.target_key_cast = literal(&backend.cast(schema, other_attr));
                // The junction's own values: every column but its keys to
                // the two ends, a generated key and the timestamps.
                for (i, at) in junction.attributes.iter().enumerate() {
                    let is_end = i == a.foreign_key.attr || i == j.other_key.attr;
                    if is_end || at.auto_increment || at.origin == ir::AttributeOrigin::Timestamp {
                        continue;
                    }
                    let f = &at.field;
                    v.assign_own.push(if given_optionally(junction, i) {
                        let value = if at.nullable { "Some(value)" } else { "value" };
                        format!(
                            "if let Some(value) = through.{f} {{
                    row.{f} = {value};
                }}"
                        )
                    } else {
                        format!("row.{f} = through.{f};")
                    });
                }
                let targets = format!("targets: impl IntoIterator<Item = &'t {target_name}>");
                let rows = result(&format!("Vec<{junction_name}>"));
                let through = format!("through: New{junction_name}");
                let generic = |accessor| format!("{}<'t>", head(accessor));
                v.sig_add_with = signature(
                    &head(Accessor::AddWith),
                    &[
                        "&self".into(),
                        conn(),
                        format!("target: &{target_name}"),
                        format!("mut {through}"),
                    ],
                    &result(&junction_name),
                );
                v.sig_add_all_with = signature(
                    &generic(Accessor::AddAllWith),
                    &["&self".into(), conn(), targets.clone(), through.clone()],
                    &rows,
                );
                v.sig_set_with = signature(
                    &generic(Accessor::SetWith),
                    &["&self".into(), conn(), targets, through],
                    &rows,
                );
                // Each target with its junction row: the target's columns,
                // then the junction's.
                let both = format!(
                    "{}, {}",
                    target_table.qualified_columns(),
                    junction_table.qualified_columns()
                );
                let joined = format!(
                    "{t} JOIN {jt} ON {} = {}",
                    format_args!("{jt}.{other}"),
                    target_table.qualified(j.target_key.attr)
                );
                v.get_with_const = sql(
                    "GET_WITH",
                    format!("SELECT {both} FROM {joined} WHERE {jt}.{fk_col} = "),
                );
                v.get_with_end_const = sql(
                    "GET_WITH_END",
                    format!(" ORDER BY {}", target_table.qualified(*target_pk)),
                );
                v.read_pair = let_call(
                    8,
                    "read",
                    "super::query::pair",
                    &[
                        format!("{target_name}::from_row"),
                        format!("{junction_name}::from_row_at"),
                        target.attributes.len().to_string(),
                    ],
                );
                let pairs = format!("Vec<({target_name}, {junction_name})>");
                v.sig_get_with = on_self(head(Accessor::GetWith), None, result(&pairs));
                if loadable(&key_attr.ty) {
                    let (open, _) = backend.key_list_sql();
                    v.load_with_const = sql(
                        "LOAD_WITH",
                        format!(
                            "SELECT {both}, {jt}.{fk_col} FROM {joined} WHERE {jt}.{fk_col} {open}"
                        ),
                    );
                    v.load_with_key_column = target.attributes.len() + junction.attributes.len();
                    v.sig_load_with = signature(
                        &head(Accessor::LoadWith),
                        &[conn(), "sources: &[Self]".to_string()],
                        &result(&format!("Vec<{pairs}>")),
                    );
                }
            }
        }
    }
    // The batch loader: the targets of every source, in one statement
    // whose keys are one parameter.
    let (link, matched, from) = match a.kind {
        K::BelongsTo => (fk_attr, target_table.qualified(a.key.attr), t.clone()),
        K::HasOne | K::HasMany => (
            key_attr,
            target_table.qualified(a.foreign_key.attr),
            t.clone(),
        ),
        K::BelongsToMany => {
            let Some(j) = a.junction.as_ref() else {
                return Ok(None);
            };
            let jt = q(&schema.model(j.model).table);
            let fk = format!("{jt}.{}", q(&fk_attr.column));
            let other = format!("{jt}.{}", q(&schema.attr(j.other_key).column));
            let tk = target_table.qualified(j.target_key.attr);
            (key_attr, fk, format!("{t} JOIN {jt} ON {other} = {tk}"))
        }
    };
    if !m(Accessor::Load).is_empty() && loadable(&link.ty) {
        let (open, close) = backend.key_list_sql();
        let mut sql = sql;
        v.load_const = sql(
            "LOAD",
            format!(
                "SELECT {}, {matched} FROM {from} WHERE {matched} {open}",
                target_table.qualified_columns()
            ),
        );
        v.load_end_const = sql(
            "LOAD_END",
            format!("{close} ORDER BY {}", target_table.qualified(*target_pk)),
        );
        v.load_cast = literal(&backend.key_list_cast(schema, link));
        v.load_link = backend.load_key(link, &format!("s.{}", link.field));
        let ret = if a.kind.is_to_many() {
            format!("Vec<Vec<{target_name}>>")
        } else {
            format!("Vec<Option<{target_name}>>")
        };
        v.sig_load = signature(
            &head(Accessor::Load),
            &[conn(), "sources: &[Self]".to_string()],
            &result(&ret),
        );
        if !m(Accessor::LoadWhere).is_empty() {
            // The query's rows per source: the targets with their source's
            // key, the query's filter on them, numbered within each key in
            // the query's order; the page is a range of those numbers.
            let key = q(ir::LOAD_KEY_COLUMN);
            let columns = target_table.columns();
            let aliased: Vec<String> = (0..target.attributes.len())
                .map(|i| {
                    format!(
                        "{} AS {}",
                        target_table.qualified(i),
                        target_table.column(i)
                    )
                })
                .collect();
            v.load_where_const = sql(
                "LOAD_WHERE",
                format!(
                    "SELECT {columns}, {key} FROM (SELECT {columns}, {key}, ROW_NUMBER() OVER (PARTITION BY {key}"
                ),
            );
            v.load_where_from_const = sql(
                "LOAD_WHERE_FROM",
                format!(
                    ") AS {} FROM (SELECT {}, {matched} AS {key} FROM {from} WHERE {matched} {open}",
                    q(ir::LOAD_ROW_COLUMN),
                    aliased.join(", ")
                ),
            );
            v.load_where_end_const = sql("LOAD_WHERE_END", format!("{close}) AS {}", q(LOAD_ROWS)));
            v.sig_load_where = signature(
                &head(Accessor::LoadWhere),
                &[
                    conn(),
                    "sources: &[Self]".to_string(),
                    format!("query: impl Into<{target_name}Query>"),
                ],
                &result(&ret),
            );
        }
    }
    let methods = match a.kind {
        K::HasOne => HasOne { a: &v }.render()?,
        K::BelongsTo => BelongsTo { a: &v }.render()?,
        K::HasMany => HasMany { a: &v }.render()?,
        K::BelongsToMany => BelongsToMany { a: &v }.render()?,
    };
    Ok(Some((consts, methods)))
}

/// The name the middle of a filtered batch load's statement takes; the
/// generated query runtime (`query::Sql::ranked_page`) names the page.
const LOAD_ROWS: &str = "__ormgen_rows";

/// Whether keys of this type can be loaded in a batch: integers, text and
/// uuids, which the list parameter carries as they are.
fn loadable(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Scalar(
            ScalarType::Integer
                | ScalarType::BigInt
                | ScalarType::SmallInt
                | ScalarType::String { .. }
                | ScalarType::Text
                | ScalarType::Uuid
        )
    )
}
