//! SQL DDL for SQLite, PostgreSQL and MySQL/MariaDB from the resolved
//! schema: `CREATE` statements in creation order, `DROP` in the reverse.
//!
//! What differs between databases is data in [`Dialect`]: quoting, types,
//! auto-increment, enums, comments, deferrable foreign keys. The one
//! template (`templates/sql/create_table.sql`) lays a table out; the
//! statements around it are short enough to write here.

use super::RenderError;
use crate::ir::{self, DefaultValue, ForeignKey, Model, ModelId, ScalarType, Schema, Type};
use askama::Template;
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dialect {
    Sqlite,
    Postgres,
    Mysql,
}

/// How a dialect differs from the others in the DDL ormgen writes: every
/// difference but the column types and default expressions (the tables of
/// [`Dialect::scalar_type`] and [`Dialect::default`]) is one of these
/// fields, so that the statements are written once for all three.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    /// The character identifiers are quoted with (doubled inside one).
    pub identifier_quote: char,
    /// `\` is an escape in string literals too (MySQL), so it is doubled.
    pub backslash_escapes: bool,
    pub enums: EnumColumns,
    pub auto_increment: AutoIncrement,
    /// Foreign keys can be `DEFERRABLE INITIALLY DEFERRED` (MySQL checks
    /// every key at once).
    pub deferrable_keys: bool,
    /// A constraint can be added to an existing table. Where it can,
    /// deferrable foreign keys are added after every table exists (so
    /// tables may reference each other in a cycle); SQLite, which can't,
    /// declares them with their table and checks them at commit.
    pub add_constraint: bool,
    /// `CREATE INDEX IF NOT EXISTS` (MySQL has no such form).
    pub create_index_if_not_exists: bool,
    /// What `ALTER TABLE t DROP ...` names a foreign key by.
    pub drop_foreign_key: &'static str,
    pub comments: Comments,
    /// Written after a `CREATE TABLE`'s closing parenthesis.
    pub table_options: &'static str,
}

/// How an enum column is declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnumColumns {
    /// `TEXT CHECK (column IN (...))` (SQLite).
    CheckedText,
    /// A named type, `CREATE TYPE ... AS ENUM` before the tables, dropped
    /// after them (PostgreSQL).
    NamedType,
    /// `ENUM('a','b')` in the column (MySQL).
    Inline,
}

/// How an auto-incremented integer primary key is declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AutoIncrement {
    /// The rowid: `INTEGER PRIMARY KEY AUTOINCREMENT` on the column
    /// (SQLite), no separate primary-key constraint.
    Rowid,
    /// A serial type (`SERIAL`, `BIGSERIAL`, PostgreSQL).
    SerialType,
    /// `AUTO_INCREMENT` after the column (MySQL).
    Keyword,
}

/// Where table and column comments (`comment(...)` and doc comments) go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comments {
    /// Nowhere: SQLite keeps none.
    Dropped,
    /// `COMMENT ON` statements after the table (PostgreSQL).
    Statements,
    /// `COMMENT '...'` in the column, `COMMENT=` in the table options
    /// (MySQL).
    Inline,
}

/// Constraint and index names stay within PostgreSQL's limit (63 bytes;
/// MySQL's is 64), the same in every dialect.
pub const MAX_IDENTIFIER: usize = ir::MAX_NAME_BYTES;

impl Dialect {
    pub const ALL: [Dialect; 3] = [Dialect::Sqlite, Dialect::Postgres, Dialect::Mysql];

    /// What this dialect can do, and how it writes it.
    pub fn capabilities(self) -> &'static Capabilities {
        const SQLITE: Capabilities = Capabilities {
            identifier_quote: '"',
            backslash_escapes: false,
            enums: EnumColumns::CheckedText,
            auto_increment: AutoIncrement::Rowid,
            deferrable_keys: true,
            add_constraint: false,
            create_index_if_not_exists: true,
            drop_foreign_key: "CONSTRAINT",
            comments: Comments::Dropped,
            table_options: "",
        };
        const POSTGRES: Capabilities = Capabilities {
            identifier_quote: '"',
            backslash_escapes: false,
            enums: EnumColumns::NamedType,
            auto_increment: AutoIncrement::SerialType,
            deferrable_keys: true,
            add_constraint: true,
            create_index_if_not_exists: true,
            drop_foreign_key: "CONSTRAINT",
            comments: Comments::Statements,
            table_options: "",
        };
        const MYSQL: Capabilities = Capabilities {
            identifier_quote: '`',
            backslash_escapes: true,
            enums: EnumColumns::Inline,
            auto_increment: AutoIncrement::Keyword,
            deferrable_keys: false,
            add_constraint: true,
            create_index_if_not_exists: false,
            drop_foreign_key: "FOREIGN KEY",
            comments: Comments::Inline,
            table_options: " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4",
        };
        match self {
            Dialect::Sqlite => &SQLITE,
            Dialect::Postgres => &POSTGRES,
            Dialect::Mysql => &MYSQL,
        }
    }

    /// An identifier, quoted; a quote inside it is doubled.
    pub fn quote(self, ident: &str) -> String {
        Quoted(self, ident).to_string()
    }

    /// A string literal. MySQL also treats `\` as an escape.
    pub fn string(self, s: &str) -> String {
        let mut escaped = s.replace('\'', "''");
        if self.capabilities().backslash_escapes {
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

    pub(crate) fn column_type(self, schema: &Schema, a: &ir::Attribute) -> String {
        match &a.ty {
            Type::Scalar(s) => self.scalar_type(*s, a.auto_increment).into_owned(),
            Type::Enum(e) => {
                let e = &schema.enums[e.0];
                match self.capabilities().enums {
                    EnumColumns::CheckedText => "TEXT".into(),
                    EnumColumns::NamedType => self.quote(&e.sql_name),
                    EnumColumns::Inline => {
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
        let q = self.0.capabilities().identifier_quote;
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
    fk.constrained && (!fk.deferrable || !dialect.capabilities().add_constraint)
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
    if fk.deferrable && dialect.capabilities().deferrable_keys {
        out.push_str(" DEFERRABLE INITIALLY DEFERRED");
    }
}

/// The table where the generated `migrate` records the migrations it
/// applied, made when missing, and the query of whether one was.
pub fn migrations_table(dialect: Dialect) -> (&'static str, &'static str) {
    match dialect {
        Dialect::Postgres => (
            "CREATE TABLE IF NOT EXISTS ormgen_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
            "SELECT COUNT(*) FROM ormgen_migrations WHERE name = $1",
        ),
        Dialect::Mysql => (
            "CREATE TABLE IF NOT EXISTS ormgen_migrations (name VARCHAR(80) NOT NULL PRIMARY KEY, applied_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)",
            "SELECT COUNT(*) FROM ormgen_migrations WHERE name = ?",
        ),
        Dialect::Sqlite => (
            "CREATE TABLE IF NOT EXISTS ormgen_migrations (name TEXT NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)",
            "SELECT COUNT(*) FROM ormgen_migrations WHERE name = ?1",
        ),
    }
}

/// The statements that create the schema, in order.
pub fn create(schema: &Schema, dialect: Dialect) -> Result<Vec<String>, RenderError> {
    statements(schema, dialect, false)
}

/// [`create`]'s statements written so that running them again, on a
/// database that has all or part of the schema, creates what is missing
/// and changes nothing else: `IF NOT EXISTS` on tables and indexes, and on
/// PostgreSQL a type or an added constraint that exists already is
/// skipped. The generated `create_all` runs these. MySQL has no such form
/// for indexes; there it is [`create`].
pub fn create_if_missing(schema: &Schema, dialect: Dialect) -> Result<Vec<String>, RenderError> {
    statements(
        schema,
        dialect,
        dialect.capabilities().create_index_if_not_exists,
    )
}

/// On PostgreSQL, `statement` run unless what it creates exists.
fn unless_exists(statement: String) -> String {
    format!("DO $$ BEGIN {statement} EXCEPTION WHEN duplicate_object THEN NULL; END $$;")
}

fn statements(
    schema: &Schema,
    dialect: Dialect,
    if_missing: bool,
) -> Result<Vec<String>, RenderError> {
    let q = |s: &str| dialect.quote(s);
    let if_not_exists = if if_missing { "IF NOT EXISTS " } else { "" };
    let caps = dialect.capabilities();
    let mut out = Vec::with_capacity(schema.enums.len() + schema.models.len() * 2);
    if caps.enums == EnumColumns::NamedType {
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
        out.push(create_table(schema, dialect, id, if_not_exists)?);
        for i in 0..m.indexes.len() {
            out.push(create_index_sql(dialect, m, i, if_not_exists));
        }
        if caps.comments == Comments::Statements {
            out.extend(comments(dialect, m));
        }
    }
    for &id in &schema.creation_order {
        let m = schema.model(id);
        for (i, fk) in m.foreign_keys.iter().enumerate() {
            if fk.constrained && !inline(dialect, fk) {
                let statement = add_foreign_key_sql(dialect, schema, m, i);
                out.push(if if_missing {
                    unless_exists(statement)
                } else {
                    statement
                });
            }
        }
    }
    Ok(out)
}

/// `CREATE TABLE` for model `id` of `schema` (its foreign keys inline
/// where [`foreign_key_inline`] says so, else added after all tables).
pub(crate) fn create_table_sql(
    schema: &Schema,
    dialect: Dialect,
    id: ModelId,
) -> Result<String, RenderError> {
    create_table(schema, dialect, id, "")
}

/// Whether a foreign key is written inside `CREATE TABLE` on `dialect`.
pub(crate) fn foreign_key_inline(dialect: Dialect, fk: &ForeignKey) -> bool {
    inline(dialect, fk)
}

/// `FOREIGN KEY (...) REFERENCES ...` with its actions, for `fk` of `m`.
pub(crate) fn foreign_key_sql(
    dialect: Dialect,
    schema: &Schema,
    m: &Model,
    fk: &ForeignKey,
) -> String {
    let mut out = String::new();
    references(&mut out, dialect, schema, m, fk);
    out
}

/// `CREATE INDEX` for index `i` of `m`.
pub(crate) fn create_index_sql(
    dialect: Dialect,
    m: &Model,
    i: usize,
    if_not_exists: &str,
) -> String {
    format!(
        "CREATE INDEX {if_not_exists}{} ON {} ({});",
        Quoted(dialect, &m.constraint_names.indexes[i]),
        Quoted(dialect, &m.table),
        QuotedList {
            dialect,
            model: m,
            columns: &m.indexes[i]
        }
    )
}

/// `ALTER TABLE ... ADD CONSTRAINT` for foreign key `i` of `m`.
pub(crate) fn add_foreign_key_sql(
    dialect: Dialect,
    schema: &Schema,
    m: &Model,
    i: usize,
) -> String {
    format!(
        "ALTER TABLE {} ADD CONSTRAINT {} {};",
        Quoted(dialect, &m.table),
        Quoted(dialect, &m.constraint_names.foreign_keys[i]),
        foreign_key_sql(dialect, schema, m, &m.foreign_keys[i])
    )
}

/// The statement dropping foreign key `name` of `table`.
pub(crate) fn drop_foreign_key_sql(dialect: Dialect, table: &str, name: &str) -> String {
    format!(
        "ALTER TABLE {} DROP {} {};",
        Quoted(dialect, table),
        dialect.capabilities().drop_foreign_key,
        Quoted(dialect, name)
    )
}

fn create_table(
    schema: &Schema,
    dialect: Dialect,
    id: ModelId,
    if_not_exists: &str,
) -> Result<String, RenderError> {
    let m = schema.model(id);
    let caps = dialect.capabilities();
    let rowid = rowid_key(dialect, m);
    // Each line written in one piece, its identifiers quoted in place.
    let mut lines =
        Vec::with_capacity(m.attributes.len() + 2 + m.uniques.len() + m.foreign_keys.len());
    for a in &m.attributes {
        lines.push(column_definition(schema, dialect, a, rowid));
    }
    if !rowid && !m.primary_key.is_empty() {
        lines.push(format!(
            "CONSTRAINT {} PRIMARY KEY ({})",
            Quoted(dialect, &m.constraint_names.primary_key),
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
            Quoted(dialect, &m.constraint_names.uniques[i]),
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
                Quoted(dialect, &m.constraint_names.foreign_keys[i])
            );
            references(&mut line, dialect, schema, m, fk);
            lines.push(line);
        }
    }
    let mut suffix = caps.table_options.to_string();
    if caps.comments == Comments::Inline && !m.docs.is_empty() {
        suffix.push_str(" COMMENT=");
        suffix.push_str(&dialect.string(&m.docs.join("\n")));
    }
    let size = 32 + m.table.len() + suffix.len() + lines.iter().map(|l| l.len() + 4).sum::<usize>();
    let table = CreateTable {
        if_not_exists,
        table: Quoted(dialect, &m.table),
        lines: &lines,
        suffix: &suffix,
    };
    let mut statement = String::with_capacity(size);
    table.render_into(&mut statement)?;
    Ok(statement)
}

/// A column's definition in `CREATE TABLE` (and `ALTER TABLE ... ADD
/// COLUMN`): name, type, `NOT NULL`, key, default, check, comment. `rowid`:
/// the table's key is SQLite's rowid (`PRIMARY KEY AUTOINCREMENT` here).
pub(crate) fn column_definition(
    schema: &Schema,
    dialect: Dialect,
    a: &ir::Attribute,
    rowid: bool,
) -> String {
    use std::fmt::Write;
    let caps = dialect.capabilities();
    let mut line = String::with_capacity(a.column.len() + 32);
    let _ = write!(line, "{} ", Quoted(dialect, &a.column));
    match &a.ty {
        Type::Scalar(s) => line.push_str(&dialect.scalar_type(*s, a.auto_increment)),
        Type::Enum(_) => line.push_str(&dialect.column_type(schema, a)),
    }
    if !a.nullable {
        line.push_str(" NOT NULL");
    }
    if rowid && a.primary_key {
        line.push_str(" PRIMARY KEY AUTOINCREMENT");
    }
    if caps.auto_increment == AutoIncrement::Keyword && a.auto_increment {
        line.push_str(" AUTO_INCREMENT");
    }
    if let Some(default) = a.default.as_ref().and_then(|v| dialect.default(a, v)) {
        line.push_str(" DEFAULT ");
        line.push_str(&default);
    }
    if let (EnumColumns::CheckedText, Type::Enum(e)) = (caps.enums, &a.ty) {
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
    if caps.comments == Comments::Inline
        && let Some(comment) = column_comment(a)
    {
        line.push_str(" COMMENT ");
        line.push_str(&dialect.string(&comment));
    }
    line
}

/// Whether `m`'s key is SQLite's rowid on `dialect` (an autoincrement
/// key alone).
pub(crate) fn rowid_key(dialect: Dialect, m: &Model) -> bool {
    dialect.capabilities().auto_increment == AutoIncrement::Rowid
        && m.primary_key.len() == 1
        && m.attributes[m.primary_key[0]].auto_increment
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
    let q = |s: &str| dialect.quote(s);
    let mut out = Vec::with_capacity(schema.enums.len() + schema.models.len() * 2);
    // Foreign keys added after the tables may form cycles: they go first.
    for &id in schema.creation_order.iter().rev() {
        let m = schema.model(id);
        for (i, fk) in m.foreign_keys.iter().enumerate() {
            if fk.constrained && !inline(dialect, fk) {
                out.push(drop_foreign_key_sql(
                    dialect,
                    &m.table,
                    &m.constraint_names.foreign_keys[i],
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
    if dialect.capabilities().enums == EnumColumns::NamedType {
        for e in schema.enums.iter().rev() {
            out.push(format!("DROP TYPE IF EXISTS {};", q(&e.sql_name)));
        }
    }
    out
}
