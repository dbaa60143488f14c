//! SQL DDL for SQLite, PostgreSQL and MySQL/MariaDB from the resolved
//! schema: `CREATE` statements in creation order, `DROP` in the reverse.
//!
//! What differs between databases is data in [`Dialect`]: quoting, types,
//! auto-increment, enums, comments, deferrable foreign keys. The one
//! template (`templates/sql/create_table.sql`) lays a table out; the
//! statements around it are short enough to write here.

use crate::ir::ScalarType;
use crate::ir::{self, DefaultValue, ForeignKey, Model, ModelId, Schema, Type};
use askama::Template;
use rustc_hash::FxHashSet as HashSet;
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    Sqlite,
    Postgres,
    Mysql,
}

/// Constraint and index names stay within PostgreSQL's limit (63 bytes;
/// MySQL's is 64), the same in every dialect.
pub const MAX_IDENTIFIER: usize = 63;

impl Dialect {
    pub const ALL: [Dialect; 3] = [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql];

    /// An identifier, quoted; a quote inside it is doubled.
    pub fn quote(self, ident: &str) -> String {
        Quoted(self, ident).to_string()
    }

    /// A string literal. MySQL also treats `\` as an escape.
    pub fn string(self, s: &str) -> String {
        let mut escaped = s.replace('\'', "''");
        if self == Dialect::Mysql {
            escaped = escaped.replace('\\', "\\\\");
        }
        format!("'{escaped}'")
    }

    /// A column type: a constant but for lengths and precisions.
    fn scalar_type(self, s: ScalarType, auto_increment: bool) -> Cow<'static, str> {
        use Dialect::*;
        use ScalarType as T;
        match (self, s) {
            (Sqlite, T::Integer | T::BigInt | T::SmallInt | T::Boolean) => "INTEGER".into(),
            (Sqlite, T::Float | T::Double) => "REAL".into(),
            (Sqlite, T::Blob) => "BLOB".into(),
            (Sqlite, _) => "TEXT".into(),
            (Postgres, T::Integer) if auto_increment => "SERIAL".into(),
            (Postgres, T::BigInt) if auto_increment => "BIGSERIAL".into(),
            (Postgres, T::SmallInt) if auto_increment => "SMALLSERIAL".into(),
            (Postgres, T::Integer) => "INTEGER".into(),
            (Postgres, T::BigInt) => "BIGINT".into(),
            (Postgres, T::SmallInt) => "SMALLINT".into(),
            (Postgres, T::Float) => "REAL".into(),
            (Postgres, T::Double) => "DOUBLE PRECISION".into(),
            (Postgres, T::Boolean) => "BOOLEAN".into(),
            (Postgres, T::Date) => "TIMESTAMP WITH TIME ZONE".into(),
            (Postgres, T::Uuid) => "UUID".into(),
            (Postgres, T::Json) => "JSON".into(),
            (Postgres, T::Jsonb) => "JSONB".into(),
            (Postgres, T::Blob) => "BYTEA".into(),
            (Mysql, T::Integer) => "INTEGER".into(),
            (Mysql, T::BigInt) => "BIGINT".into(),
            (Mysql, T::SmallInt) => "SMALLINT".into(),
            (Mysql, T::Float) => "FLOAT".into(),
            (Mysql, T::Double) => "DOUBLE".into(),
            (Mysql, T::Boolean) => "TINYINT(1)".into(),
            (Mysql, T::Date) => "DATETIME(3)".into(),
            (Mysql, T::Uuid) => "CHAR(36)".into(),
            (Mysql, T::Json | T::Jsonb) => "JSON".into(),
            (Mysql, T::Blob) => "BLOB".into(),
            (
                _,
                T::Decimal {
                    precision: Some(p),
                    scale,
                },
            ) => format!("DECIMAL({p},{})", scale.unwrap_or(0)).into(),
            (_, T::Decimal { .. }) => "DECIMAL".into(),
            (_, T::String { length: None }) => {
                format!("VARCHAR({})", crate::ir::DEFAULT_STRING_LENGTH).into()
            }
            (_, T::String { length: Some(n) }) => format!("VARCHAR({n})").into(),
            (_, T::Text) => "TEXT".into(),
            (_, T::DateOnly) => "DATE".into(),
            (_, T::Time) => "TIME".into(),
        }
    }

    fn column_type(self, schema: &Schema, a: &ir::Attribute) -> String {
        match &a.ty {
            Type::Scalar(s) => self.scalar_type(*s, a.auto_increment).into_owned(),
            Type::Enum(e) => {
                let e = &schema.enums[e.0];
                match self {
                    Dialect::Sqlite => "TEXT".into(),
                    Dialect::Postgres => self.quote(&e.sql_name),
                    Dialect::Mysql => {
                        let variants: Vec<String> =
                            e.variants.iter().map(|v| self.string(v)).collect();
                        format!("ENUM({})", variants.join(","))
                    }
                }
            }
        }
    }

    pub(crate) fn default(self, a: &ir::Attribute, value: &DefaultValue) -> Option<String> {
        let scalar = match a.ty {
            Type::Scalar(s) => Some(s),
            Type::Enum(_) => None,
        };
        Some(match value {
            DefaultValue::Int(n) => n.to_string(),
            // SQLite keeps decimals as text: a number literal would go
            // through a float first and lose digits.
            DefaultValue::Decimal(d)
                if self == Dialect::Sqlite
                    && matches!(scalar, Some(ScalarType::Decimal { .. })) =>
            {
                self.string(d)
            }
            DefaultValue::Decimal(d) => d.clone(),
            // A timestamp is kept in UTC, `2024-01-31T12:00:00Z`; MySQL's
            // DATETIME takes no `T` and no zone.
            DefaultValue::Str(s) if self == Dialect::Mysql && scalar == Some(ScalarType::Date) => {
                self.string(s.replacen('T', " ", 1).trim_end_matches('Z'))
            }
            DefaultValue::Str(s) => self.string(s),
            DefaultValue::EnumVariant(s) => self.string(s),
            DefaultValue::Bool(b) => match self {
                Dialect::Postgres => if *b { "TRUE" } else { "FALSE" }.into(),
                _ => if *b { "1" } else { "0" }.into(),
            },
            DefaultValue::Null => "NULL".into(),
            // Filled in by the generated `create`, not by the database.
            DefaultValue::UuidV4 => return None,
            DefaultValue::Now => match (self, scalar) {
                (Dialect::Sqlite, Some(ScalarType::DateOnly)) => "(date('now'))".into(),
                (Dialect::Sqlite, Some(ScalarType::Time)) => "(time('now'))".into(),
                (Dialect::Sqlite, _) => "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))".into(),
                (Dialect::Postgres, Some(ScalarType::DateOnly)) => "CURRENT_DATE".into(),
                (Dialect::Postgres, Some(ScalarType::Time)) => "LOCALTIME".into(),
                (Dialect::Postgres, _) => "CURRENT_TIMESTAMP".into(),
                (Dialect::Mysql, Some(ScalarType::DateOnly)) => "(CURRENT_DATE)".into(),
                (Dialect::Mysql, Some(ScalarType::Time)) => "(CURRENT_TIME)".into(),
                (Dialect::Mysql, _) => "CURRENT_TIMESTAMP(3)".into(),
            },
        })
    }
}

/// An identifier as [`Dialect::quote`] writes it, written straight into
/// the statement being built.
#[derive(Clone, Copy)]
struct Quoted<'a>(Dialect, &'a str);

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write;
        let q = match self.0 {
            Dialect::Mysql => '`',
            _ => '"',
        };
        f.write_char(q)?;
        let mut rest = self.1;
        while let Some(at) = rest.find(q) {
            f.write_str(&rest[..=at])?;
            f.write_char(q)?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)?;
        f.write_char(q)
    }
}

/// Identifiers, quoted, between commas.
struct QuotedList<'a> {
    dialect: Dialect,
    model: &'a Model,
    columns: &'a [usize],
}

impl std::fmt::Display for QuotedList<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (n, &i) in self.columns.iter().enumerate() {
            if n > 0 {
                f.write_str(", ")?;
            }
            Quoted(self.dialect, &self.model.attributes[i].column).fmt(f)?;
        }
        Ok(())
    }
}

/// A default value as SQL (`None` for defaults the generated code fills in).
pub fn default_sql(dialect: Dialect, a: &ir::Attribute, value: &DefaultValue) -> Option<String> {
    dialect.default(a, value)
}

/// The names of a schema's constraints and indexes, each unique.
pub struct ConstraintNames {
    /// Every name, model by model: its primary key, uniques, indexes and
    /// foreign keys, in the order of the model's lists.
    all: Vec<String>,
    /// Where each model's groups start in `all`: four a model (primary
    /// key, uniques, indexes, foreign keys), then the end. One list cut
    /// in place, not a list per model and group.
    starts: Vec<usize>,
}

impl ConstraintNames {
    pub fn of(schema: &Schema) -> ConstraintNames {
        // Every name as it would be on its own, in order: per table its
        // primary key, uniques, indexes and foreign keys.
        let count: usize = schema
            .models
            .iter()
            .map(|m| 1 + m.uniques.len() + m.indexes.len() + m.foreign_keys.len())
            .sum();
        let mut all: Vec<String> = Vec::with_capacity(count);
        let name = |m: &Model, columns: &[usize], suffix: &str| {
            let mut name = String::with_capacity(m.table.len() + 16 * columns.len() + 6);
            name.push_str(&m.table);
            for &i in columns {
                name.push('_');
                name.push_str(&m.attributes[i].column);
            }
            name.push_str(suffix);
            if name.len() <= MAX_IDENTIFIER {
                name
            } else {
                fit(&name, 0)
            }
        };
        for m in &schema.models {
            all.push(name(m, &[], "_pkey"));
            all.extend(m.uniques.iter().map(|u| name(m, u, "_key")));
            all.extend(m.indexes.iter().map(|i| name(m, i, "_idx")));
            all.extend(m.foreign_keys.iter().map(|f| name(m, &[f.attr], "_fkey")));
        }
        // Usually no two are one, which a set of borrowed names tells;
        // otherwise each name in turn takes the first free variant.
        // Names compare as SQLite and MySQL compare them: `a_B_c_idx` and
        // `a_b_c_idx` are one index there.
        let mut seen: HashSet<ir::CaselessName> =
            HashSet::with_capacity_and_hasher(count, Default::default());
        let distinct = all.iter().all(|n| seen.insert(ir::CaselessName(n)));
        std::mem::drop(seen);
        if !distinct {
            let mut taken: HashSet<String> =
                HashSet::with_capacity_and_hasher(count, Default::default());
            let mut whole = String::new();
            let mut at = 0;
            for m in &schema.models {
                let mut claim = |columns: &[usize], suffix: &str| {
                    whole.clear();
                    whole.push_str(&m.table);
                    for &i in columns {
                        whole.push('_');
                        whole.push_str(&m.attributes[i].column);
                    }
                    whole.push_str(suffix);
                    all[at] = unique_name(&whole, &mut taken);
                    at += 1;
                };
                claim(&[], "_pkey");
                m.uniques.iter().for_each(|u| claim(u, "_key"));
                m.indexes.iter().for_each(|i| claim(i, "_idx"));
                m.foreign_keys
                    .iter()
                    .for_each(|f| claim(&[f.attr], "_fkey"));
            }
        }
        let mut starts = Vec::with_capacity(4 * schema.models.len() + 1);
        let mut at = 0;
        for m in &schema.models {
            for group in [1, m.uniques.len(), m.indexes.len(), m.foreign_keys.len()] {
                starts.push(at);
                at += group;
            }
        }
        starts.push(at);
        ConstraintNames { all, starts }
    }

    /// Every name, model by model (primary key, uniques, indexes, foreign
    /// keys).
    pub fn all(&self) -> &[String] {
        &self.all
    }

    fn group(&self, model: ModelId, group: usize) -> &[String] {
        let at = 4 * model.0 + group;
        &self.all[self.starts[at]..self.starts[at + 1]]
    }

    /// The name of the model's primary-key constraint.
    pub fn primary_key(&self, model: ModelId) -> &str {
        &self.group(model, 0)[0]
    }

    /// The names of the model's unique constraints, in `Model::uniques` order.
    pub fn uniques(&self, model: ModelId) -> &[String] {
        self.group(model, 1)
    }

    /// The names of the model's indexes, in `Model::indexes` order.
    pub fn indexes(&self, model: ModelId) -> &[String] {
        self.group(model, 2)
    }

    /// The names of the model's foreign-key constraints, in
    /// `Model::foreign_keys` order.
    pub fn foreign_keys(&self, model: ModelId) -> &[String] {
        self.group(model, 3)
    }
}

/// `name` if it fits and is free; else a prefix of it with a hash of the
/// whole, so that long names stay distinct and stable. `taken` holds the
/// names given so far in small letters: names that differ only in case
/// are one name in SQLite and MySQL.
fn unique_name(name: &str, taken: &mut HashSet<String>) -> String {
    let mut candidate = fit(name, 0);
    let mut salt = 0;
    while !taken.insert(candidate.to_ascii_lowercase()) {
        salt += 1;
        candidate = fit(name, salt);
    }
    candidate
}

fn fit(name: &str, salt: u64) -> String {
    if name.len() <= MAX_IDENTIFIER && salt == 0 {
        return name.to_string();
    }
    let hash = format!("{:08x}", fnv1a(name.as_bytes(), salt) as u32);
    let mut cut = MAX_IDENTIFIER - hash.len() - 1;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{hash}", &name[..cut.min(name.len())])
}

/// FNV-1a: a small stable hash (the standard library's may change).
fn fnv1a(bytes: &[u8], salt: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[derive(Template)]
#[template(path = "sql/create_table.sql", escape = "none")]
struct CreateTable<'a> {
    /// `IF NOT EXISTS `, or nothing.
    if_not_exists: &'a str,
    table: Quoted<'a>,
    lines: &'a [String],
    suffix: &'a str,
}

/// A foreign key created with its table, rather than added afterwards.
fn inline(dialect: Dialect, fk: &ForeignKey) -> bool {
    fk.constrained && (!fk.deferrable || dialect == Dialect::Sqlite)
}

/// `FOREIGN KEY (...) REFERENCES ...`, written at the end of `out`.
fn references(out: &mut String, dialect: Dialect, schema: &Schema, m: &Model, fk: &ForeignKey) {
    use std::fmt::Write;
    let target = schema.model(fk.references.model);
    let _ = write!(
        out,
        "FOREIGN KEY ({}) REFERENCES {} ({}) ON DELETE {} ON UPDATE {}",
        Quoted(dialect, &m.attributes[fk.attr].column),
        Quoted(dialect, &target.table),
        Quoted(dialect, &target.attributes[fk.references.attr].column),
        fk.on_delete.sql(),
        fk.on_update.sql()
    );
    // MySQL has no deferred constraints; its keys are checked at once.
    if fk.deferrable && dialect != Dialect::Mysql {
        out.push_str(" DEFERRABLE INITIALLY DEFERRED");
    }
}

/// The statements that create the schema, in order.
pub fn create(schema: &Schema, dialect: Dialect) -> Vec<String> {
    statements(schema, dialect, false)
}

/// [`create`]'s statements written so that running them again, on a
/// database that has all or part of the schema, creates what is missing
/// and changes nothing else: `IF NOT EXISTS` on tables and indexes, and on
/// PostgreSQL a type or an added constraint that exists already is
/// skipped. The generated `create_all` runs these. MySQL has no such form
/// for indexes; there it is [`create`].
pub fn create_if_missing(schema: &Schema, dialect: Dialect) -> Vec<String> {
    statements(schema, dialect, dialect != Dialect::Mysql)
}

/// On PostgreSQL, `statement` run unless what it creates exists.
fn unless_exists(statement: String) -> String {
    format!("DO $$ BEGIN {statement} EXCEPTION WHEN duplicate_object THEN NULL; END $$;")
}

fn statements(schema: &Schema, dialect: Dialect, if_missing: bool) -> Vec<String> {
    let names = ConstraintNames::of(schema);
    let q = |s: &str| dialect.quote(s);
    let if_not_exists = if if_missing { "IF NOT EXISTS " } else { "" };
    let mut out = Vec::with_capacity(schema.enums.len() + schema.models.len() * 2);
    if dialect == Dialect::Postgres {
        for e in &schema.enums {
            let variants: Vec<String> = e.variants.iter().map(|v| dialect.string(v)).collect();
            let statement = format!(
                "CREATE TYPE {} AS ENUM ({});",
                q(&e.sql_name),
                variants.join(", ")
            );
            out.push(if if_missing {
                unless_exists(statement)
            } else {
                statement
            });
        }
    }
    for &id in &schema.creation_order {
        let m = schema.model(id);
        out.push(create_table(schema, dialect, &names, id, if_not_exists));
        for (i, index) in m.indexes.iter().enumerate() {
            out.push(format!(
                "CREATE INDEX {if_not_exists}{} ON {} ({});",
                Quoted(dialect, &names.indexes(id)[i]),
                Quoted(dialect, &m.table),
                QuotedList {
                    dialect,
                    model: m,
                    columns: index
                }
            ));
        }
        if dialect == Dialect::Postgres {
            out.extend(comments(dialect, m));
        }
    }
    for &id in &schema.creation_order {
        let m = schema.model(id);
        for (i, fk) in m.foreign_keys.iter().enumerate() {
            if fk.constrained && !inline(dialect, fk) {
                let mut statement = format!(
                    "ALTER TABLE {} ADD CONSTRAINT {} ",
                    Quoted(dialect, &m.table),
                    Quoted(dialect, &names.foreign_keys(id)[i]),
                );
                references(&mut statement, dialect, schema, m, fk);
                statement.push(';');
                out.push(if if_missing {
                    unless_exists(statement)
                } else {
                    statement
                });
            }
        }
    }
    out
}

fn create_table(
    schema: &Schema,
    dialect: Dialect,
    names: &ConstraintNames,
    id: ModelId,
    if_not_exists: &str,
) -> String {
    use std::fmt::Write;
    let m = schema.model(id);
    // SQLite's auto-increment is the `INTEGER PRIMARY KEY` column itself.
    let sqlite_rowid = dialect == Dialect::Sqlite
        && m.primary_key.len() == 1
        && m.attributes[m.primary_key[0]].auto_increment;
    // Each line written in one piece, its identifiers quoted in place.
    let mut lines =
        Vec::with_capacity(m.attributes.len() + 2 + m.uniques.len() + m.foreign_keys.len());
    for a in &m.attributes {
        let mut line = String::with_capacity(a.column.len() + 32);
        let _ = write!(line, "{} ", Quoted(dialect, &a.column));
        match &a.ty {
            Type::Scalar(s) => line.push_str(&dialect.scalar_type(*s, a.auto_increment)),
            Type::Enum(_) => line.push_str(&dialect.column_type(schema, a)),
        }
        if !a.nullable {
            line.push_str(" NOT NULL");
        }
        if sqlite_rowid && a.primary_key {
            line.push_str(" PRIMARY KEY AUTOINCREMENT");
        }
        if dialect == Dialect::Mysql && a.auto_increment {
            line.push_str(" AUTO_INCREMENT");
        }
        if let Some(default) = a.default.as_ref().and_then(|v| dialect.default(a, v)) {
            line.push_str(" DEFAULT ");
            line.push_str(&default);
        }
        if let (Dialect::Sqlite, Type::Enum(e)) = (dialect, &a.ty) {
            let variants: Vec<String> = schema.enums[e.0]
                .variants
                .iter()
                .map(|v| dialect.string(v))
                .collect();
            let _ = write!(
                line,
                " CHECK ({} IN ({}))",
                Quoted(dialect, &a.column),
                variants.join(", ")
            );
        }
        if dialect == Dialect::Mysql
            && let Some(comment) = column_comment(a)
        {
            line.push_str(" COMMENT ");
            line.push_str(&dialect.string(&comment));
        }
        lines.push(line);
    }
    if !sqlite_rowid && !m.primary_key.is_empty() {
        lines.push(format!(
            "CONSTRAINT {} PRIMARY KEY ({})",
            Quoted(dialect, names.primary_key(id)),
            QuotedList {
                dialect,
                model: m,
                columns: &m.primary_key
            }
        ));
    }
    for (i, unique) in m.uniques.iter().enumerate() {
        lines.push(format!(
            "CONSTRAINT {} UNIQUE ({})",
            Quoted(dialect, &names.uniques(id)[i]),
            QuotedList {
                dialect,
                model: m,
                columns: unique
            }
        ));
    }
    for (i, fk) in m.foreign_keys.iter().enumerate() {
        if inline(dialect, fk) {
            let mut line = format!(
                "CONSTRAINT {} ",
                Quoted(dialect, &names.foreign_keys(id)[i])
            );
            references(&mut line, dialect, schema, m, fk);
            lines.push(line);
        }
    }
    // MySQL keeps a table's comment among its options; PostgreSQL's comes
    // in `COMMENT ON` statements after the table.
    let mut suffix = String::new();
    if dialect == Dialect::Mysql {
        suffix.push_str(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
        if !m.docs.is_empty() {
            suffix.push_str(" COMMENT=");
            suffix.push_str(&dialect.string(&m.docs.join("\n")));
        }
    }
    let size = 32 + m.table.len() + suffix.len() + lines.iter().map(|l| l.len() + 4).sum::<usize>();
    let table = CreateTable {
        if_not_exists,
        table: Quoted(dialect, &m.table),
        lines: &lines,
        suffix: &suffix,
    };
    let mut statement = String::with_capacity(size);
    // Writing into a String cannot fail.
    let _ = table.render_into(&mut statement);
    statement
}

/// A column's comment: `comment("...")`, else its doc comment.
fn column_comment(a: &ir::Attribute) -> Option<String> {
    a.comment()
        .map(str::to_string)
        .or_else(|| (!a.docs().is_empty()).then(|| a.docs().join("\n")))
}

fn comments(dialect: Dialect, m: &Model) -> Vec<String> {
    let q = |s: &str| dialect.quote(s);
    let mut out = Vec::new();
    if !m.docs.is_empty() {
        out.push(format!(
            "COMMENT ON TABLE {} IS {};",
            q(&m.table),
            dialect.string(&m.docs.join("\n"))
        ));
    }
    for a in &m.attributes {
        if let Some(c) = column_comment(a) {
            out.push(format!(
                "COMMENT ON COLUMN {}.{} IS {};",
                q(&m.table),
                q(&a.column),
                dialect.string(&c)
            ));
        }
    }
    out
}

/// The statements that drop everything [`create`] made, in reverse order.
pub fn drop(schema: &Schema, dialect: Dialect) -> Vec<String> {
    let names = ConstraintNames::of(schema);
    let q = |s: &str| dialect.quote(s);
    let mut out = Vec::with_capacity(schema.enums.len() + schema.models.len() * 2);
    // Foreign keys added after the tables may form cycles: they go first.
    for &id in schema.creation_order.iter().rev() {
        let m = schema.model(id);
        for (i, fk) in m.foreign_keys.iter().enumerate() {
            if fk.constrained && !inline(dialect, fk) {
                let what = if dialect == Dialect::Mysql {
                    "FOREIGN KEY"
                } else {
                    "CONSTRAINT"
                };
                out.push(format!(
                    "ALTER TABLE {} DROP {what} {};",
                    q(&m.table),
                    q(&names.foreign_keys(id)[i])
                ));
            }
        }
    }
    for &id in schema.creation_order.iter().rev() {
        out.push(format!(
            "DROP TABLE IF EXISTS {};",
            q(&schema.model(id).table)
        ));
    }
    if dialect == Dialect::Postgres {
        for e in schema.enums.iter().rev() {
            out.push(format!("DROP TYPE IF EXISTS {};", q(&e.sql_name)));
        }
    }
    out
}
