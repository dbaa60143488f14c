//! `ormgen diff`: the statements that turn a database made from one
//! resolved schema into one made from another, keeping every row.
//!
//! Models are matched by name (or by `options { renamedFrom: "Old" }`),
//! attributes by name within a model (or `renamedFrom("old")`), enums by
//! name; constraints and indexes by their name and what they say. Each
//! change is a [`Step`], classified by what it risks ([`Safety`]), and the
//! steps come in a safe order: types, renames, new tables (in dependency
//! order), added columns, changed columns, added constraints and indexes,
//! dropped constraints and indexes, dropped columns, dropped tables (in
//! reverse order), dropped types.
//!
//! SQLite alters little in place (adding a column that may be NULL or has
//! a constant default, renaming, dropping a column nothing constrains);
//! any other change to a table rebuilds it, as SQLite documents: a new
//! table with the new definition, the rows copied, the old one dropped,
//! the new one renamed, its indexes made again, all with foreign keys off
//! (so that nothing is cascaded or set NULL) and checked before the
//! commit.

use super::RenderError;
use super::sql::{self, Dialect, EnumColumns};
use crate::ir::{self, Attribute, Model, ModelId, Schema};
use std::collections::{BTreeMap, BTreeSet};

/// What a step risks on a database that holds rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Safety {
    /// Runs on any data (a new table, a nullable column, an index).
    Safe,
    /// Fails on some data, changing nothing (a `NOT NULL` column added to a
    /// table with rows, a unique constraint over duplicates, a type whose
    /// values do not all convert).
    MayFail,
    /// Throws data away (a dropped column, table or type).
    Destroys,
}

impl Safety {
    /// Its name in `ormgen diff --format json`.
    pub fn key(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::MayFail => "may_fail",
            Safety::Destroys => "destroys",
        }
    }

    /// What it says in a script's comments.
    pub fn as_str(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::MayFail => "may fail on existing data",
            Safety::Destroys => "destroys data",
        }
    }
}

/// One change, the statements that make it, and what it risks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub safety: Safety,
    /// What it does, for people: `add column posts.views`.
    pub what: String,
    pub sql: Vec<String>,
}

/// Every step from one schema to another, for one dialect.
#[derive(Clone, Debug)]
pub struct Migration {
    pub dialect: Dialect,
    /// PostgreSQL's `ALTER TYPE ... ADD VALUE`, which the script runs
    /// before its transaction (a value added in a transaction can't be used
    /// in it).
    pub before: Vec<Step>,
    pub steps: Vec<Step>,
    /// A SQLite table is rebuilt: the script turns foreign keys off around
    /// its transaction.
    pub rebuilds: bool,
    /// Drops and additions that look like renames (the same type, the
    /// same columns): a rename said with `renamedFrom` keeps the data.
    pub warnings: Vec<String>,
}

impl Migration {
    /// Whether the two schemas make the same database.
    pub fn is_empty(&self) -> bool {
        self.before.is_empty() && self.steps.is_empty()
    }

    /// Every step, in the order the script runs them.
    pub fn all_steps(&self) -> impl Iterator<Item = &Step> {
        self.before.iter().chain(&self.steps)
    }

    /// The steps that throw data away.
    pub fn destructive(&self) -> Vec<&Step> {
        self.all_steps()
            .filter(|s| s.safety == Safety::Destroys)
            .collect()
    }

    /// The whole script: one transaction where the dialect has
    /// transactional DDL (MySQL commits each statement by itself).
    pub fn script(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        let mut out = Vec::new();
        for step in &self.before {
            out.push(format!("-- {} ({})", step.what, step.safety.as_str()));
            out.extend(step.sql.iter().cloned());
        }
        let transactional = self.dialect != Dialect::Mysql;
        if self.rebuilds {
            out.push("PRAGMA foreign_keys = OFF;".into());
        }
        if transactional && !self.steps.is_empty() {
            out.push("BEGIN;".into());
        }
        for step in &self.steps {
            out.push(format!("-- {} ({})", step.what, step.safety.as_str()));
            out.extend(step.sql.iter().cloned());
        }
        if self.rebuilds {
            // A foreign key a rebuild broke fails the check, and the
            // transaction with it (`PRAGMA foreign_key_check` alone only
            // lists the rows).
            out.push("-- every foreign key still holds".into());
            out.extend(FOREIGN_KEY_CHECK.iter().map(|s| s.to_string()));
        }
        if transactional && !self.steps.is_empty() {
            out.push("COMMIT;".into());
        }
        if self.rebuilds {
            out.push("PRAGMA foreign_keys = ON;".into());
        }
        out.join("\n") + "\n"
    }
}

/// SQLite's check that no row breaks a foreign key, failing (a `CHECK`)
/// when one does.
const FOREIGN_KEY_CHECK: [&str; 3] = [
    "CREATE TEMP TABLE \"_ormgen_foreign_key_check\" (\"violations\" INTEGER CHECK (\"violations\" = 0));",
    "INSERT INTO \"_ormgen_foreign_key_check\" SELECT COUNT(*) FROM pragma_foreign_key_check;",
    "DROP TABLE \"_ormgen_foreign_key_check\";",
];

/// The order steps run in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Types,
    Renames,
    NewTables,
    AddedColumns,
    ChangedColumns,
    AddedConstraints,
    DroppedConstraints,
    DroppedColumns,
    DroppedTables,
    DroppedTypes,
}

struct Builder {
    dialect: Dialect,
    before: Vec<Step>,
    steps: Vec<(Phase, usize, Step)>,
    rebuilds: bool,
    warnings: Vec<String>,
}

impl Builder {
    fn push(&mut self, phase: Phase, safety: Safety, what: String, sql: Vec<String>) {
        let n = self.steps.len();
        self.steps.push((phase, n, Step { safety, what, sql }));
    }

    fn q(&self, s: &str) -> String {
        self.dialect.quote(s)
    }
}

/// The migration from `old` to `new` on `dialect`.
pub fn diff(old: &Schema, new: &Schema, dialect: Dialect) -> Result<Migration, RenderError> {
    let mut b = Builder {
        dialect,
        before: Vec::new(),
        steps: Vec::new(),
        rebuilds: false,
        warnings: Vec::new(),
    };
    let pairs = match_models(old, new);
    enums(&mut b, old, new, &pairs);
    // Renamed tables first: new tables may reference them.
    for &(o, n) in &pairs {
        let (om, nm) = (old.model(o), new.model(n));
        if om.table != nm.table {
            let sql = match dialect {
                Dialect::Mysql => format!("RENAME TABLE {} TO {};", b.q(&om.table), b.q(&nm.table)),
                _ => format!(
                    "ALTER TABLE {} RENAME TO {};",
                    b.q(&om.table),
                    b.q(&nm.table)
                ),
            };
            b.push(
                Phase::Renames,
                Safety::Safe,
                format!("rename table {} to {}", om.table, nm.table),
                vec![sql],
            );
        }
    }
    // New tables, in the new schema's creation order.
    let matched_new: BTreeSet<usize> = pairs.iter().map(|&(_, n)| n.0).collect();
    for &id in &new.creation_order {
        if matched_new.contains(&id.0) {
            continue;
        }
        let m = new.model(id);
        let mut statements = vec![sql::create_table_sql(new, dialect, id)?];
        statements.extend(index_statements(dialect, m, 0..m.indexes.len()));
        b.push(
            Phase::NewTables,
            Safety::Safe,
            format!("create table {}", m.table),
            statements,
        );
        for (i, fk) in m.foreign_keys.iter().enumerate() {
            if fk.constrained && !sql::foreign_key_inline(dialect, fk) {
                let sql = sql::add_foreign_key_sql(dialect, new, m, i);
                b.push(
                    Phase::AddedConstraints,
                    Safety::Safe,
                    format!("add foreign key {}", m.constraint_names.foreign_keys[i]),
                    vec![sql],
                );
            }
        }
    }
    for &(o, n) in &pairs {
        table(&mut b, old, new, o, n)?;
    }
    // Dropped tables: their constraints added after the tables first
    // (they may form cycles), then the tables in reverse order.
    let matched_old: BTreeSet<usize> = pairs.iter().map(|&(o, _)| o.0).collect();
    for &id in old.creation_order.iter().rev() {
        if matched_old.contains(&id.0) {
            continue;
        }
        let m = old.model(id);
        if dialect != Dialect::Sqlite {
            for (i, fk) in m.foreign_keys.iter().enumerate() {
                if fk.constrained && !sql::foreign_key_inline(dialect, fk) {
                    let name = &m.constraint_names.foreign_keys[i];
                    b.push(
                        Phase::DroppedConstraints,
                        Safety::Safe,
                        format!("drop foreign key {name} of dropped table {}", m.table),
                        vec![sql::drop_foreign_key_sql(dialect, &m.table, name)],
                    );
                }
            }
        }
        b.push(
            Phase::DroppedTables,
            Safety::Destroys,
            format!("drop table {}", m.table),
            vec![format!("DROP TABLE {};", b.q(&m.table))],
        );
    }
    // A table dropped and one created with the same columns: a rename?
    let shape = |schema: &Schema, m: &Model| -> Vec<(String, String)> {
        m.attributes
            .iter()
            .map(|a| (a.column.to_string(), type_name(schema, a)))
            .collect()
    };
    for (i, gone) in old.models.iter().enumerate() {
        if matched_old.contains(&i) {
            continue;
        }
        for (k, made) in new.models.iter().enumerate() {
            if !matched_new.contains(&k) && shape(old, gone) == shape(new, made) {
                b.warnings.push(format!(
                    "model `{}` is dropped and `{}` created with the same columns: if it was renamed, say so with `options {{ renamedFrom: \"{}\" }}` to keep its rows",
                    gone.name, made.name, gone.name
                ));
            }
        }
    }
    let mut steps = b.steps;
    steps.sort_by_key(|(phase, n, _)| (*phase, *n));
    Ok(Migration {
        dialect,
        before: b.before,
        steps: steps.into_iter().map(|(_, _, s)| s).collect(),
        rebuilds: b.rebuilds,
        warnings: b.warnings,
    })
}

/// `(old, new)` for every model of `new` that was in `old`, by name or by
/// `renamedFrom`.
fn match_models(old: &Schema, new: &Schema) -> Vec<(ModelId, ModelId)> {
    let by_name: BTreeMap<&str, ModelId> = old
        .models
        .iter()
        .enumerate()
        .map(|(i, m)| (m.name.as_str(), ModelId(i)))
        .collect();
    let mut taken = BTreeSet::new();
    let mut pairs = Vec::new();
    for (i, m) in new.models.iter().enumerate() {
        let found = m
            .renamed_from
            .as_deref()
            .and_then(|r| by_name.get(r))
            .or_else(|| by_name.get(m.name.as_str()));
        if let Some(&o) = found
            && taken.insert(o.0)
        {
            pairs.push((o, ModelId(i)));
        }
    }
    pairs
}

/// The attribute of `om` that `a` (of the new model) was: by
/// `renamedFrom`, else by name.
fn old_attribute<'o>(om: &'o Model, a: &Attribute) -> Option<(usize, &'o Attribute)> {
    let by = |name: &str| {
        om.attributes
            .iter()
            .enumerate()
            .find(|(_, o)| o.name == name)
    };
    a.renamed_from().and_then(by).or_else(|| by(&a.name))
}

/// Enum types: created, given values, rebuilt without removed ones,
/// dropped. Only PostgreSQL has them as types; elsewhere an enum is part
/// of its columns' definitions.
fn enums(b: &mut Builder, old: &Schema, new: &Schema, pairs: &[(ModelId, ModelId)]) {
    if b.dialect.capabilities().enums != EnumColumns::NamedType {
        return;
    }
    let d = b.dialect;
    let old_enums: BTreeMap<&str, &ir::Enum> =
        old.enums.iter().map(|e| (e.sql_name.as_str(), e)).collect();
    let new_names: BTreeSet<&str> = new.enums.iter().map(|e| e.sql_name.as_str()).collect();
    for e in &new.enums {
        let values: Vec<String> = e.variants.iter().map(|v| d.string(v)).collect();
        let create = format!(
            "CREATE TYPE {} AS ENUM ({});",
            b.q(&e.sql_name),
            values.join(", ")
        );
        let Some(before) = old_enums.get(e.sql_name.as_str()) else {
            b.push(
                Phase::Types,
                Safety::Safe,
                format!("create type {}", e.sql_name),
                vec![create],
            );
            continue;
        };
        if before.variants == e.variants {
            continue;
        }
        // Values added, the old ones kept in their order: `ADD VALUE`.
        let kept: Vec<&ir::Name> = e
            .variants
            .iter()
            .filter(|v| before.variants.contains(v))
            .collect();
        let only_added = kept.len() == before.variants.len()
            && kept.iter().zip(&before.variants).all(|(a, b)| *a == b);
        if only_added {
            for (i, v) in e.variants.iter().enumerate() {
                if before.variants.contains(v) {
                    continue;
                }
                // After the one before it (there by now: old, or added
                // just before); the first before the first old one.
                let place = match i {
                    0 => format!(" BEFORE {}", d.string(&before.variants[0])),
                    _ => format!(" AFTER {}", d.string(&e.variants[i - 1])),
                };
                b.before.push(Step {
                    safety: Safety::Safe,
                    what: format!("add value {v} to type {}", e.sql_name),
                    sql: vec![format!(
                        "ALTER TYPE {} ADD VALUE {}{place};",
                        b.q(&e.sql_name),
                        d.string(v)
                    )],
                });
            }
            continue;
        }
        // Values removed or reordered: a new type, every column moved to
        // it through its text (a row holding a removed value fails).
        let old_name = format!("{}__ormgen_old", e.sql_name);
        let mut statements = vec![
            format!(
                "ALTER TYPE {} RENAME TO {};",
                b.q(&e.sql_name),
                b.q(&old_name)
            ),
            create,
        ];
        for &(o, n) in pairs {
            let (om, nm) = (old.model(o), new.model(n));
            for a in &nm.attributes {
                // Columns of this type before and after; one whose type
                // changes, or that is dropped, leaves the old type later.
                let ir::Type::Enum(id) = a.ty else { continue };
                let Some((_, before_a)) = old_attribute(om, a) else {
                    continue;
                };
                let ir::Type::Enum(before_id) = before_a.ty else {
                    continue;
                };
                if new.enums[id.0].sql_name != e.sql_name
                    || old.enums[before_id.0].sql_name != e.sql_name
                {
                    continue;
                }
                // The table's and column's old names: renames come later.
                let old_table = b.q(&om.table);
                let old_column = format!(
                    "ALTER TABLE {old_table} ALTER COLUMN {}",
                    b.q(&before_a.column)
                );
                if before_a.default.is_some() {
                    statements.push(format!("{old_column} DROP DEFAULT;"));
                }
                statements.push(format!(
                    "{old_column} TYPE {} USING {}::text::{};",
                    b.q(&e.sql_name),
                    b.q(&before_a.column),
                    b.q(&e.sql_name)
                ));
                if let Some(v) = before_a
                    .default
                    .as_ref()
                    .and_then(|v| d.default(before_a, v))
                    && e.variants.iter().any(|x| d.string(x) == v)
                {
                    statements.push(format!("{old_column} SET DEFAULT {v};"));
                }
            }
        }
        b.push(
            Phase::Types,
            Safety::MayFail,
            format!("change the values of type {}", e.sql_name),
            statements,
        );
        // Once no column uses it (dropped ones and those of another type
        // now included).
        b.push(
            Phase::DroppedTypes,
            Safety::Safe,
            format!("drop the old values of type {}", e.sql_name),
            vec![format!("DROP TYPE {};", b.q(&old_name))],
        );
    }
    for e in &old.enums {
        if !new_names.contains(e.sql_name.as_str()) {
            b.push(
                Phase::DroppedTypes,
                Safety::Destroys,
                format!("drop type {}", e.sql_name),
                vec![format!("DROP TYPE {};", b.q(&e.sql_name))],
            );
        }
    }
}

/// The changes of one table kept from `old` (model `o`) to `new` (`n`).
fn table(
    b: &mut Builder,
    old: &Schema,
    new: &Schema,
    o: ModelId,
    n: ModelId,
) -> Result<(), RenderError> {
    let d = b.dialect;
    let (om, nm) = (old.model(o), new.model(n));
    let t = b.q(&nm.table);
    let columns = |m: &Model, list: &[usize]| -> Vec<String> {
        list.iter()
            .map(|&i| m.attributes[i].column.to_string())
            .collect()
    };
    // Attributes: kept (renamed or not), added, dropped.
    let mut kept = Vec::new();
    let mut added = Vec::new();
    for (i, a) in nm.attributes.iter().enumerate() {
        match old_attribute(om, a) {
            Some((j, _)) => kept.push((j, i)),
            None => added.push(i),
        }
    }
    let kept_old: BTreeSet<usize> = kept.iter().map(|&(j, _)| j).collect();
    let dropped: Vec<usize> = (0..om.attributes.len())
        .filter(|j| !kept_old.contains(j))
        .collect();
    for &j in &dropped {
        for &i in &added {
            let (gone, made) = (&om.attributes[j], &nm.attributes[i]);
            if same_type(old, gone, new, made) {
                b.warnings.push(format!(
                    "`{}.{}` is dropped and `{}` added with the same type: if it was renamed, say so with `renamedFrom(\"{}\")` to keep its values",
                    nm.name, gone.name, made.name, gone.name
                ));
            }
        }
    }
    // A column's definition on each side, with the new name, for
    // comparison.
    let old_rowid = sql::rowid_key(d, om);
    let new_rowid = sql::rowid_key(d, nm);
    let definition = |schema: &Schema, a: &Attribute, rowid: bool, column: &str| {
        let mut a = a.clone();
        a.column = column.into();
        sql::column_definition(schema, d, &a, rowid)
    };
    let changed: Vec<(usize, usize)> = kept
        .iter()
        .copied()
        .filter(|&(j, i)| {
            let na = &nm.attributes[i];
            definition(old, &om.attributes[j], old_rowid, &na.column)
                != definition(new, na, new_rowid, &na.column)
        })
        .collect();
    // Constraints and indexes, by name and what they say.
    let said = |m: &Model, schema: &Schema| {
        let mut out: BTreeMap<String, (&'static str, String)> = BTreeMap::new();
        // SQLite's key is part of the table's text (a name change
        // rebuilds it); elsewhere it is compared by its columns below.
        if d == Dialect::Sqlite && !m.primary_key.is_empty() && !sql::rowid_key(d, m) {
            out.insert(
                m.constraint_names.primary_key.clone(),
                ("primary key", columns(m, &m.primary_key).join("\0")),
            );
        }
        for (i, u) in m.uniques.iter().enumerate() {
            out.insert(
                m.constraint_names.uniques[i].clone(),
                ("unique", columns(m, u).join("\0")),
            );
        }
        for (i, fk) in m.foreign_keys.iter().enumerate() {
            if fk.constrained {
                out.insert(
                    m.constraint_names.foreign_keys[i].clone(),
                    ("foreign key", sql::foreign_key_sql(d, schema, m, fk)),
                );
            }
        }
        out
    };
    let indexes = |m: &Model| -> BTreeMap<String, String> {
        m.indexes
            .iter()
            .enumerate()
            .map(|(i, ix)| {
                (
                    m.constraint_names.indexes[i].clone(),
                    columns(m, ix).join("\0"),
                )
            })
            .collect()
    };
    let (old_said, new_said) = (said(om, old), said(nm, new));
    let (old_indexes, new_indexes) = (indexes(om), indexes(nm));
    let constraints_changed = old_said != new_said;
    let renamed_columns: Vec<(usize, usize)> = kept
        .iter()
        .copied()
        .filter(|&(j, i)| om.attributes[j].column != nm.attributes[i].column)
        .collect();
    for &(j, i) in &renamed_columns {
        let (from, to) = (&om.attributes[j].column, &nm.attributes[i].column);
        b.push(
            Phase::Renames,
            Safety::Safe,
            format!("rename column {}.{from} to {to}", nm.table),
            vec![format!(
                "ALTER TABLE {t} RENAME COLUMN {} TO {};",
                b.q(from),
                b.q(to)
            )],
        );
    }
    if d == Dialect::Sqlite {
        // What SQLite alters in place; anything else rebuilds the table.
        let addable = |a: &Attribute| {
            !a.primary_key
                && (a.nullable || a.default.as_ref().and_then(|v| d.default(a, v)).is_some())
        };
        let constrained = |j: usize| {
            om.primary_key.contains(&j)
                || om.uniques.iter().any(|u| u.contains(&j))
                || om.indexes.iter().any(|x| x.contains(&j))
                || om.foreign_keys.iter().any(|f| f.attr == j)
        };
        let rebuild = !changed.is_empty()
            || constraints_changed
            || added.iter().any(|&i| !addable(&nm.attributes[i]))
            || dropped.iter().any(|&j| constrained(j))
            || old_rowid != new_rowid;
        if rebuild {
            return sqlite_rebuild(b, old, new, o, n, &kept, &added, &dropped);
        }
    }
    for &i in &added {
        let a = &nm.attributes[i];
        let safety = if a.nullable || a.default.is_some() {
            Safety::Safe
        } else {
            Safety::MayFail
        };
        b.push(
            Phase::AddedColumns,
            safety,
            format!("add column {}.{}", nm.table, a.column),
            vec![format!(
                "ALTER TABLE {t} ADD COLUMN {};",
                sql::column_definition(new, d, a, false)
            )],
        );
    }
    for &(j, i) in &changed {
        let (before, a) = (&om.attributes[j], &nm.attributes[i]);
        let mut statements = Vec::new();
        let mut safety = Safety::Safe;
        // A column made `NOT NULL` with a default: its NULLs take the
        // default, once the column has its new type, before `NOT NULL`.
        let fill = filled_default(d, before, a);
        let fill_sql = fill.as_ref().map(|v| {
            format!(
                "UPDATE {t} SET {c} = {v} WHERE {c} IS NULL;",
                c = b.q(&a.column)
            )
        });
        if d == Dialect::Mysql {
            if let Some(update) = &fill_sql {
                if type_name(old, before) != type_name(new, a) {
                    let nullable = Attribute {
                        nullable: true,
                        ..a.clone()
                    };
                    statements.push(format!(
                        "ALTER TABLE {t} MODIFY COLUMN {};",
                        sql::column_definition(new, d, &nullable, false)
                    ));
                }
                statements.push(update.clone());
            }
            statements.push(format!(
                "ALTER TABLE {t} MODIFY COLUMN {};",
                sql::column_definition(new, d, a, false)
            ));
            // Values that may not fit: another type, or an enum without
            // some of its values.
            let narrows = match (&before.ty, &a.ty) {
                (ir::Type::Enum(x), ir::Type::Enum(y)) => old.enums[x.0]
                    .variants
                    .iter()
                    .any(|v| !new.enums[y.0].variants.contains(v)),
                (x, y) => x != y,
            };
            if narrows || (before.nullable && !a.nullable && fill.is_none()) {
                safety = Safety::MayFail;
            }
        } else {
            let c = format!("ALTER TABLE {t} ALTER COLUMN {}", b.q(&a.column));
            let base = |schema: &Schema, a: &Attribute| {
                d.column_type(
                    schema,
                    &Attribute {
                        auto_increment: false,
                        ..a.clone()
                    },
                )
            };
            let (old_type, new_type) = (base(old, before), base(new, a));
            if old_type != new_type {
                safety = Safety::MayFail;
                if before.default.is_some() {
                    statements.push(format!("{c} DROP DEFAULT;"));
                }
                // An enum's values convert through their text.
                let via = if matches!(before.ty, ir::Type::Enum(_))
                    || matches!(a.ty, ir::Type::Enum(_))
                {
                    "::text"
                } else {
                    ""
                };
                statements.push(format!(
                    "{c} TYPE {new_type} USING {}{via}::{new_type};",
                    b.q(&a.column)
                ));
            }
            let (old_default, new_default) = (
                before.default.as_ref().and_then(|v| d.default(before, v)),
                a.default.as_ref().and_then(|v| d.default(a, v)),
            );
            if old_default != new_default || (old_type != new_type && new_default.is_some()) {
                statements.push(match new_default {
                    Some(v) => format!("{c} SET DEFAULT {v};"),
                    None => format!("{c} DROP DEFAULT;"),
                });
            }
            if before.nullable != a.nullable {
                if a.nullable {
                    statements.push(format!("{c} DROP NOT NULL;"));
                } else {
                    statements.extend(fill_sql.clone());
                    if fill.is_none() {
                        safety = Safety::MayFail;
                    }
                    statements.push(format!("{c} SET NOT NULL;"));
                }
            }
        }
        if !statements.is_empty() {
            b.push(
                Phase::ChangedColumns,
                safety,
                format!("change column {}.{}", nm.table, a.column),
                statements,
            );
        }
    }
    // The primary key, by its columns: a table has one, so a changed key
    // is dropped before the new one is added; on PostgreSQL a key whose
    // name alone changed (its table was renamed) is renamed.
    let (old_key, new_key) = (columns(om, &om.primary_key), columns(nm, &nm.primary_key));
    if old_key != new_key {
        if !old_key.is_empty() {
            let sql = match d {
                Dialect::Mysql => format!("ALTER TABLE {t} DROP PRIMARY KEY;"),
                _ => format!(
                    "ALTER TABLE {t} DROP CONSTRAINT {};",
                    b.q(&om.constraint_names.primary_key)
                ),
            };
            b.push(
                Phase::ChangedColumns,
                Safety::Safe,
                format!("drop primary key of {}", nm.table),
                vec![sql],
            );
        }
        if !new_key.is_empty() {
            b.push(
                Phase::AddedConstraints,
                Safety::MayFail,
                format!("add primary key of {}", nm.table),
                vec![format!(
                    "ALTER TABLE {t} ADD CONSTRAINT {} PRIMARY KEY ({});",
                    b.q(&nm.constraint_names.primary_key),
                    quoted_list(d, &new_key.join("\0"))
                )],
            );
        }
    } else if d == Dialect::Postgres
        && !new_key.is_empty()
        && om.constraint_names.primary_key != nm.constraint_names.primary_key
    {
        b.push(
            Phase::ChangedColumns,
            Safety::Safe,
            format!("rename primary key of {}", nm.table),
            vec![format!(
                "ALTER TABLE {t} RENAME CONSTRAINT {} TO {};",
                b.q(&om.constraint_names.primary_key),
                b.q(&nm.constraint_names.primary_key)
            )],
        );
    }
    // Constraints: dropped where gone or changed, added where new or
    // changed; a changed one is dropped before it is added again.
    for (name, (kind, text)) in &old_said {
        if new_said.get(name) == Some(&(*kind, text.clone())) {
            continue;
        }
        let phase = if new_said.contains_key(name) {
            Phase::ChangedColumns
        } else {
            Phase::DroppedConstraints
        };
        let sql = match (*kind, d) {
            ("foreign key", _) => sql::drop_foreign_key_sql(d, &nm.table, name),
            ("primary key", Dialect::Mysql) => format!("ALTER TABLE {t} DROP PRIMARY KEY;"),
            ("unique", Dialect::Mysql) => format!("ALTER TABLE {t} DROP INDEX {};", b.q(name)),
            _ => format!("ALTER TABLE {t} DROP CONSTRAINT {};", b.q(name)),
        };
        b.push(
            phase,
            Safety::Safe,
            format!("drop {kind} {name}"),
            vec![sql],
        );
    }
    for (name, (kind, text)) in &new_said {
        if old_said.get(name) == Some(&(*kind, text.clone())) {
            continue;
        }
        let sql = match *kind {
            "foreign key" => {
                let i = nm
                    .constraint_names
                    .foreign_keys
                    .iter()
                    .position(|x| x == name)
                    .unwrap_or(0);
                sql::add_foreign_key_sql(d, new, nm, i)
            }
            "primary key" => format!(
                "ALTER TABLE {t} ADD CONSTRAINT {} PRIMARY KEY ({});",
                b.q(name),
                quoted_list(d, text)
            ),
            _ => format!(
                "ALTER TABLE {t} ADD CONSTRAINT {} UNIQUE ({});",
                b.q(name),
                quoted_list(d, text)
            ),
        };
        b.push(
            Phase::AddedConstraints,
            Safety::MayFail,
            format!("add {kind} {name}"),
            vec![sql],
        );
    }
    index_changes(b, nm, &old_indexes, &new_indexes);
    for &j in &dropped {
        let a = &om.attributes[j];
        b.push(
            Phase::DroppedColumns,
            Safety::Destroys,
            format!("drop column {}.{}", nm.table, a.column),
            vec![format!("ALTER TABLE {t} DROP COLUMN {};", b.q(&a.column))],
        );
    }
    Ok(())
}

/// Indexes dropped, then made, where their name or columns changed.
fn index_changes(
    b: &mut Builder,
    nm: &Model,
    old_indexes: &BTreeMap<String, String>,
    new_indexes: &BTreeMap<String, String>,
) {
    let d = b.dialect;
    for (name, cols) in old_indexes {
        if new_indexes.get(name) == Some(cols) {
            continue;
        }
        let phase = if new_indexes.contains_key(name) {
            Phase::ChangedColumns
        } else {
            Phase::DroppedConstraints
        };
        let sql = match d {
            Dialect::Mysql => format!("DROP INDEX {} ON {};", b.q(name), b.q(&nm.table)),
            _ => format!("DROP INDEX {};", b.q(name)),
        };
        b.push(phase, Safety::Safe, format!("drop index {name}"), vec![sql]);
    }
    for (name, cols) in new_indexes {
        if old_indexes.get(name) == Some(cols) {
            continue;
        }
        let i = nm
            .constraint_names
            .indexes
            .iter()
            .position(|x| x == name)
            .expect("an index of the new model");
        let sql = sql::create_index_sql(d, nm, i, "");
        b.push(
            Phase::AddedConstraints,
            Safety::Safe,
            format!("create index {name}"),
            vec![sql],
        );
    }
}

/// SQLite's rebuild of a table whose definition changed beyond what
/// `ALTER TABLE` does: the rows of the kept columns copied into a table
/// made with the new definition.
#[allow(clippy::too_many_arguments)]
fn sqlite_rebuild(
    b: &mut Builder,
    old: &Schema,
    new: &Schema,
    o: ModelId,
    n: ModelId,
    kept: &[(usize, usize)],
    added: &[usize],
    dropped: &[usize],
) -> Result<(), RenderError> {
    let (om, nm) = (old.model(o), new.model(n));
    let d = b.dialect;
    let t = b.q(&nm.table);
    let temporary = format!("_ormgen_new_{}", nm.table);
    let create = sql::create_table_sql(new, d, n)?;
    let create = create.replacen(
        &format!("CREATE TABLE {t}"),
        &format!("CREATE TABLE {}", b.q(&temporary)),
        1,
    );
    // Renames ran before: the kept columns have their new names. A column
    // made `NOT NULL` with a default takes the default where it was NULL.
    let columns: Vec<String> = kept
        .iter()
        .map(|&(_, i)| b.q(&nm.attributes[i].column))
        .collect();
    let values: Vec<String> = kept
        .iter()
        .map(|&(j, i)| {
            let a = &nm.attributes[i];
            match filled_default(d, &om.attributes[j], a) {
                Some(v) => format!("COALESCE({}, {v})", b.q(&a.column)),
                None => b.q(&a.column),
            }
        })
        .collect();
    let mut statements = vec![
        create,
        format!(
            "INSERT INTO {} ({}) SELECT {} FROM {t};",
            b.q(&temporary),
            columns.join(", "),
            values.join(", ")
        ),
        format!("DROP TABLE {t};"),
        format!("ALTER TABLE {} RENAME TO {t};", b.q(&temporary)),
    ];
    statements.extend(index_statements(d, nm, 0..nm.indexes.len()));
    let mut safety = Safety::MayFail;
    if !dropped.is_empty() {
        safety = Safety::Destroys;
    }
    let mut what = format!("rebuild table {}", nm.table);
    let mut parts = Vec::new();
    for &i in added {
        parts.push(format!("add column {}", nm.attributes[i].column));
    }
    for &j in dropped {
        parts.push(format!("drop column {}", om.attributes[j].column));
    }
    if !parts.is_empty() {
        what.push_str(&format!(" ({})", parts.join(", ")));
    }
    b.rebuilds = true;
    b.push(Phase::ChangedColumns, safety, what, statements);
    Ok(())
}

/// The value a column made `NOT NULL` takes where it was NULL: its new
/// default, when it has a constant one.
fn filled_default(d: Dialect, before: &Attribute, a: &Attribute) -> Option<String> {
    if !before.nullable || a.nullable {
        return None;
    }
    a.default.as_ref().and_then(|v| d.default(a, v))
}

/// A type, enums by name, to compare attributes of two schemas.
fn type_name(schema: &Schema, a: &Attribute) -> String {
    match a.ty {
        ir::Type::Enum(e) => schema.enums[e.0].sql_name.to_string(),
        ir::Type::Scalar(s) => format!("{s:?}"),
    }
}

fn same_type(old: &Schema, a: &Attribute, new: &Schema, b: &Attribute) -> bool {
    type_name(old, a) == type_name(new, b)
}

fn index_statements(dialect: Dialect, m: &Model, which: std::ops::Range<usize>) -> Vec<String> {
    which
        .map(|i| sql::create_index_sql(dialect, m, i, ""))
        .collect()
}

/// Column names joined by NUL for comparison (no name holds a control
/// character), quoted: `"a", "b"`.
fn quoted_list(dialect: Dialect, joined: &str) -> String {
    joined
        .split('\0')
        .map(|c| dialect.quote(c))
        .collect::<Vec<_>>()
        .join(", ")
}
