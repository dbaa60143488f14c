//! `<Model>::update(conn, changes)`: one statement that writes the columns
//! a `<Model>Changes` sets and leaves the others, so that two copies of a
//! row changing different columns do not undo each other. Each column is
//! `c = CASE WHEN <set> THEN <value> ELSE c END`: the statement's text is
//! the same whatever is set, so it is prepared once.

use super::backend::{Driver, Fetch};
use super::layout::{const_str, signature};
use super::model::NewField;
use super::types::{is_copy, rust_type};
use crate::generate::dml;
use crate::ir::ident;
use crate::ir::{self, AttributeOrigin, Schema};

/// What the model file needs for `update` and `<Model>Changes`.
pub(super) struct Update {
    /// The fields of `<Model>Changes`; empty when there is nothing to
    /// change (a table of key columns), and then no `update`.
    pub changes: Vec<NewField>,
    pub sql_const: String,
    pub signature: String,
    pub prelude: Vec<String>,
    pub run: String,
    pub apply: Vec<String>,
}

/// The attributes `update` may change, by position: all but the key and
/// the timestamps (the fields of `<Model>Changes`).
pub(super) fn changeable(m: &ir::Model) -> Vec<usize> {
    (0..m.attributes.len())
        .filter(|i| {
            !m.primary_key.contains(i) && m.attributes[*i].origin != AttributeOrigin::Timestamp
        })
        .collect()
}

impl Update {
    pub fn of(schema: &Schema, backend: &dyn Driver, m: &ir::Model) -> Update {
        let dialect = backend.dialect();
        let q = |column: &str| dialect.quote(column);
        let changeable: Vec<&ir::Attribute> = changeable(m)
            .into_iter()
            .map(|i| &m.attributes[i])
            .collect();
        let name = ident::type_name(&m.name);
        let mut n = 0;
        let mut next = || {
            n += 1;
            n
        };
        let (mut sets, mut args, mut prelude, mut apply) = (vec![], vec![], vec![], vec![]);
        let mut changes = Vec::new();
        for (k, a) in changeable.iter().enumerate() {
            let field = a.field.to_string();
            let column = q(&a.column);
            let (flag, value) = (next(), next());
            sets.push(format!(
                "{column} = CASE WHEN {} THEN {} ELSE {column} END",
                backend.flag_param(flag),
                backend.param(schema, value, a)
            ));
            args.push(backend.raw_arg(&format!("changes.{field}.is_some()")));
            // The value as an `Option` of the column's type, bound as a
            // nullable column's value is.
            let clone = if is_copy(&a.ty) { "" } else { ".clone()" };
            let flatten = if a.nullable { ".flatten()" } else { "" };
            prelude.push(format!("let v{k} = changes.{field}{clone}{flatten};"));
            let nullable = ir::Attribute {
                nullable: true,
                ..(*a).clone()
            };
            args.push(backend.arg(&nullable, &format!("v{k}")));
            apply.extend([
                format!("if let Some(value) = changes.{field} {{"),
                format!("    self.{field} = value;"),
                "}".to_string(),
            ]);
            changes.push(NewField {
                name: field,
                ty: format!("Option<{}>", rust_type(schema, a)),
            });
        }
        if let Some(stamp) = m
            .attributes
            .iter()
            .find(|a| a.origin == AttributeOrigin::Timestamp && a.name == "updatedAt")
        {
            prelude.push(
                "let now = chrono::SubsecRound::trunc_subsecs(chrono::Utc::now(), 6);".into(),
            );
            sets.push(dml::eq(
                &q(&stamp.column),
                &backend.param(schema, next(), stamp),
            ));
            args.push(backend.now_arg().to_string());
            apply.push(format!("self.{} = now;", stamp.field));
        }
        let mut keys = Vec::new();
        for &i in &m.primary_key {
            let a = &m.attributes[i];
            keys.push(dml::eq(&q(&a.column), &backend.param(schema, next(), a)));
            args.push(backend.arg(a, &format!("self.{}", a.field)));
        }
        let sql = dml::update(&q(&m.table), &sets, &keys);
        Update {
            sql_const: const_str("UPDATE_CHANGES", &sql),
            signature: signature(
                &format!("{} update", backend.fn_head()),
                &[
                    "&mut self".into(),
                    backend.conn().into(),
                    format!("changes: {name}Changes"),
                ],
                &backend.result("bool"),
            ),
            run: backend.run(8, "stmt", "UPDATE_CHANGES", &args, Fetch::Changed),
            changes,
            prelude,
            apply,
        }
    }
}
