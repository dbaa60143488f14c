//! Everything that differs between database drivers, in one place: the
//! connection and error types, how a statement's parameters are written in
//! SQL, how a value is bound and a column read, and how a statement is run.
//!
//! The templates and the rest of the generator only ask a [`Driver`] for
//! text. A new driver (an async one, say `sqlx` or `tokio-postgres`) is a
//! new implementation of it and a variant of [`Backend`]; the SQL, the
//! structs and the accessor logic stay shared.

use super::layout::{call, call_await};
use super::types::is_copy;
use crate::generate::sql::Dialect;

use crate::ir::{self, ScalarType, Schema, Type};

/// The database driver generated code is written for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Backend {
    /// SQLite through the `rusqlite` crate.
    #[default]
    Rusqlite,
    /// PostgreSQL through the synchronous `postgres` crate; functions take
    /// `&mut impl postgres::GenericClient`, so a `Transaction` works too.
    Postgres,
    /// PostgreSQL through `tokio-postgres`: the same functions as
    /// [`Backend::Postgres`], `async`, taking `&mut impl GenericClient`
    /// (a trait the generated root module defines, for a
    /// `tokio_postgres::Client` and a `Transaction`).
    TokioPostgres,
}

/// What a statement gives back, and how the caller receives it.
#[derive(Clone, Copy)]
pub(super) enum Fetch<'a> {
    /// Exactly one row, read as this model: `Result<Model>`.
    One(&'a str),
    /// Exactly one row's first column: `Result<T>`.
    Scalar,
    /// A count, as whether it is above zero: `Result<bool>`.
    Exists,
    /// At most one row: `Result<Option<Model>>`.
    Optional(&'a str),
    /// Every row: `Result<Vec<Model>>`.
    All(&'a str),
    /// Nothing: the statement is run, a `?;` statement.
    Execute,
    /// How many rows the statement changed, as `let changed = ...?;`.
    Changed,
}

impl Backend {
    /// The SQL dialect of the database this driver talks to.
    pub fn dialect(self) -> Dialect {
        self.driver().dialect()
    }

    /// The driver's description, which the generator follows.
    pub(super) fn driver(self) -> &'static dyn Driver {
        match self {
            Backend::Rusqlite => &Rusqlite,
            Backend::Postgres => &Postgres {
                asynchronous: false,
            },
            Backend::TokioPostgres => &Postgres { asynchronous: true },
        }
    }
}

/// What the generated code of one driver looks like where drivers differ:
/// its connection, errors, placeholders, how values are bound and read,
/// how a statement runs, and whether calls are `async`. The generator
/// asks only this for driver-specific text; a new driver is a new
/// implementation.
pub(super) trait Driver: Sync {
    /// The SQL dialect of the database this driver talks to.
    fn dialect(&self) -> Dialect;

    /// Whether generated functions are `async fn`, and calls to them and
    /// to the driver are awaited.
    fn is_async(&self) -> bool {
        false
    }

    /// What follows a call to a generated function or to the driver
    /// before its `?`: `.await` where calls are `async`.
    fn aw(&self) -> &'static str {
        if self.is_async() { ".await" } else { "" }
    }

    /// The driver's crate, as paths in generated code name it.
    fn krate(&self) -> &'static str;

    /// `pub fn` or `pub async fn`: how every generated function starts.
    fn fn_head(&self) -> &'static str {
        if self.is_async() {
            "pub async fn"
        } else {
            "pub fn"
        }
    }

    /// The connection parameter of every generated function.
    fn conn(&self) -> &'static str;

    /// The first lines of an accessor that runs several statements: all of
    /// them or none take effect (a savepoint inside a caller's
    /// transaction, a transaction outside one). `tx.commit()?` ends it; a
    /// return before that, by `?` included, undoes what ran.
    fn atomic(&self) -> &'static str;

    /// The result type of a generated function returning `t`.
    fn result(&self, t: &str) -> String;

    /// The parameter of `from_row`.
    fn row(&self) -> &'static str;

    /// Parameter `n` of a statement, holding a value of `a`'s column.
    fn param(&self, schema: &Schema, n: usize, a: &ir::Attribute) -> String;

    /// How the value of column `i` (of `a`; an expression, `3` or
    /// `at + 3`) is read from `row`.
    fn read(&self, a: &ir::Attribute, i: &str) -> String;

    /// `value`, an expression of `a`'s Rust type, as a statement argument.
    fn arg(&self, a: &ir::Attribute, value: &str) -> String;

    /// The placeholder of a `bool` parameter.
    fn flag_param(&self, n: usize) -> String;

    /// The current time (`now`, a `chrono::DateTime<Utc>`) as an argument.
    fn now_arg(&self) -> &'static str;

    /// `value` already being the argument as rusqlite takes it (an
    /// `Option` of a key, a `bool`).
    fn raw_arg(&self, value: &str) -> String;

    /// The statements that run `sql` (the name of a constant) with `args`
    /// and deliver `fetch`, as rustfmt lays them out at `indent`. `name` is
    /// the prepared statement's variable where the driver has one. Lines
    /// after the first carry their indentation.
    fn run(&self, indent: usize, name: &str, sql: &str, args: &[String], fetch: Fetch) -> String;

    /// A source's key for a batch load, from `field` (`s.id`) of `a`'s
    /// Rust type: an `Option` of the key as its column is read back (`None`:
    /// no key).
    fn load_key(&self, a: &ir::Attribute, field: &str) -> String {
        owned_key(a, field)
    }

    /// How a batch load's keys, bound as one parameter, are matched:
    /// `{column} {open}<parameter>{close}`.
    fn key_list_sql(&self) -> (&'static str, &'static str);

    /// The SQL type a batch load's list of `a`'s values is cast to.
    fn key_list_cast(&self, schema: &Schema, a: &ir::Attribute) -> String;

    /// A typed query's parameter for `a`'s values: the SQL type its
    /// placeholder is cast to (see the generated `query::Sql::param`).
    fn cast(&self, schema: &Schema, a: &ir::Attribute) -> String;

    /// How a typed query compares `column` (quoted): the column itself but
    /// where its stored form does not compare as its values do.
    fn compared(&self, a: &ir::Attribute, column: &str) -> String {
        let _ = a;
        column.to_string()
    }

    /// An owned value of `value` (a reference to a value of `a`'s Rust
    /// type, `Option` when nullable) that the driver binds, for a typed
    /// query's `Param`; `codec` is the path of the root's `codec` module.
    fn param_value(&self, a: &ir::Attribute, value: &str, codec: &str) -> String {
        let _ = codec;
        if is_copy(&a.ty) {
            format!("*{value}")
        } else {
            format!("{value}.clone()")
        }
    }
}

/// SQLite through `rusqlite`: statements prepared once per connection
/// (`prepare_cached`), parameters bound by position (`?1`), values rusqlite
/// has no codec for (uuid, decimal, timestamps) as text.
struct Rusqlite;

impl Driver for Rusqlite {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn krate(&self) -> &'static str {
        "rusqlite"
    }

    fn conn(&self) -> &'static str {
        "conn: &rusqlite::Connection"
    }

    fn atomic(&self) -> &'static str {
        "let tx = Atomic::begin(conn)?;"
    }

    fn result(&self, t: &str) -> String {
        format!("rusqlite::Result<{t}>")
    }

    fn row(&self) -> &'static str {
        "row: &rusqlite::Row<'_>"
    }

    fn param(&self, _: &Schema, n: usize, _: &ir::Attribute) -> String {
        format!("?{n}")
    }

    fn read(&self, a: &ir::Attribute, i: &str) -> String {
        let codec = match a.ty {
            Type::Scalar(ScalarType::Uuid) => "uuid",
            Type::Scalar(ScalarType::Decimal { .. }) => "decimal",
            _ => return format!("row.get({i})?"),
        };
        let optional = if a.nullable { "_opt" } else { "" };
        format!("codec::{codec}{optional}({i}, row.get({i})?)?")
    }

    fn arg(&self, a: &ir::Attribute, value: &str) -> String {
        let codec = match a.ty {
            Type::Scalar(ScalarType::Uuid) => "codec::uuid_text",
            Type::Scalar(ScalarType::Decimal { .. }) => "codec::decimal_text",
            Type::Scalar(ScalarType::Date) => "codec::date",
            // `Copy` values go by value (clippy: needless borrow).
            _ if is_copy(&a.ty) => return value.to_string(),
            _ => return format!("&{value}"),
        };
        if a.nullable {
            format!("{value}.as_ref().map({codec})")
        } else {
            format!("{codec}(&{value})")
        }
    }

    fn flag_param(&self, n: usize) -> String {
        format!("?{n}")
    }

    fn now_arg(&self) -> &'static str {
        "codec::date(&now)"
    }

    fn raw_arg(&self, value: &str) -> String {
        value.to_string()
    }

    fn run(&self, indent: usize, name: &str, sql: &str, args: &[String], fetch: Fetch) -> String {
        let mut lines = vec![format!("let mut {name} = conn.prepare_cached({sql})?;")];
        for (i, a) in args.iter().enumerate() {
            lines.push(format!("{name}.raw_bind_parameter({}, {a})?;", i + 1));
        }
        let q = format!("{name}.raw_query()");
        lines.push(match fetch {
            Fetch::One(model) => format!("one({q}, {model}::from_row)"),
            Fetch::Scalar => format!("one({q}, |row| row.get(0))"),
            Fetch::Exists => format!("one({q}, |row| row.get::<_, i64>(0)).map(|n| n > 0)"),
            Fetch::Optional(model) => format!("optional({q}, {model}::from_row)"),
            Fetch::All(model) => format!("all({q}, {model}::from_row)"),
            Fetch::Execute => format!("{name}.raw_execute()?;"),
            Fetch::Changed => format!("let changed = {name}.raw_execute()?;"),
        });
        lines.join(&format!("\n{}", " ".repeat(indent)))
    }

    /// A uuid key is read back as its text.
    fn load_key(&self, a: &ir::Attribute, field: &str) -> String {
        match (&a.ty, a.nullable) {
            (Type::Scalar(ScalarType::Uuid), false) => format!("Some(codec::uuid_text(&{field}))"),
            (Type::Scalar(ScalarType::Uuid), true) => {
                format!("{field}.as_ref().map(codec::uuid_text)")
            }
            (_, true) if is_copy(&a.ty) => field.to_string(),
            (_, false) if is_copy(&a.ty) => format!("Some({field})"),
            (_, true) => format!("{field}.clone()"),
            (_, false) => format!("Some({field}.clone())"),
        }
    }

    fn key_list_sql(&self) -> (&'static str, &'static str) {
        ("IN (SELECT value FROM json_each(", "))")
    }

    fn key_list_cast(&self, _: &Schema, _: &ir::Attribute) -> String {
        String::new()
    }

    fn cast(&self, _: &Schema, a: &ir::Attribute) -> String {
        match a.ty {
            Type::Scalar(ScalarType::Decimal { .. }) => "REAL".into(),
            _ => String::new(),
        }
    }

    /// Decimals are stored as text: compared as numbers (to a double's
    /// precision).
    fn compared(&self, a: &ir::Attribute, column: &str) -> String {
        match a.ty {
            Type::Scalar(ScalarType::Decimal { .. }) => format!("CAST({column} AS REAL)"),
            _ => column.to_string(),
        }
    }

    fn param_value(&self, a: &ir::Attribute, value: &str, codec: &str) -> String {
        let function = match a.ty {
            Type::Scalar(ScalarType::Uuid) => "uuid_text",
            Type::Scalar(ScalarType::Decimal { .. }) => "decimal_text",
            Type::Scalar(ScalarType::Date) => "date",
            _ if is_copy(&a.ty) => return format!("*{value}"),
            _ => return format!("{value}.clone()"),
        };
        if a.nullable {
            format!("{value}.as_ref().map({codec}::{function})")
        } else {
            format!("{codec}::{function}({value})")
        }
    }
}

/// PostgreSQL through the synchronous `postgres` crate, or `async`
/// through `tokio-postgres` (which `postgres` wraps: the same types, rows
/// and errors). Functions take `&mut impl postgres::GenericClient` (a
/// client or a transaction), or the generated root's `GenericClient`
/// trait when `async`; every parameter has its column's type spelled out
/// (`$1::integer`), since a parameter in `COALESCE`, `IS NULL` or an
/// `INSERT … SELECT` has no other type to go by.
struct Postgres {
    asynchronous: bool,
}

impl Driver for Postgres {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn is_async(&self) -> bool {
        self.asynchronous
    }

    fn krate(&self) -> &'static str {
        if self.asynchronous {
            "tokio_postgres"
        } else {
            "postgres"
        }
    }

    fn conn(&self) -> &'static str {
        if self.asynchronous {
            "conn: &mut impl super::GenericClient"
        } else {
            "conn: &mut impl postgres::GenericClient"
        }
    }

    fn atomic(&self) -> &'static str {
        if self.asynchronous {
            "let mut tx = conn.transaction().await?;\n        let conn = &mut tx;"
        } else {
            "let mut tx = conn.transaction()?;\n        let conn = &mut tx;"
        }
    }

    fn result(&self, t: &str) -> String {
        format!("Result<{t}, {}::Error>", self.krate())
    }

    fn row(&self) -> &'static str {
        if self.asynchronous {
            "row: &tokio_postgres::Row"
        } else {
            "row: &postgres::Row"
        }
    }

    fn param(&self, schema: &Schema, n: usize, a: &ir::Attribute) -> String {
        format!("${n}::{}", param_type(schema, &a.ty))
    }

    fn read(&self, _: &ir::Attribute, i: &str) -> String {
        format!("row.try_get({i})?")
    }

    fn arg(&self, _: &ir::Attribute, value: &str) -> String {
        format!("&{value}")
    }

    fn flag_param(&self, n: usize) -> String {
        format!("${n}::boolean")
    }

    fn now_arg(&self) -> &'static str {
        "&now"
    }

    fn raw_arg(&self, value: &str) -> String {
        format!("&{value}")
    }

    fn run(&self, indent: usize, _: &str, sql: &str, args: &[String], fetch: Fetch) -> String {
        let (lhs, method, then) = match fetch {
            Fetch::One(model) => (
                "let row = ",
                "query_one",
                format!("{model}::from_row(&row)"),
            ),
            Fetch::Scalar => ("let row = ", "query_one", "row.try_get(0)".into()),
            Fetch::Exists => (
                "let row = ",
                "query_one",
                "row.try_get::<_, i64>(0).map(|n| n > 0)".into(),
            ),
            Fetch::Optional(model) => (
                "let row = ",
                "query_opt",
                format!("row.as_ref().map({model}::from_row).transpose()"),
            ),
            Fetch::All(model) => (
                "let rows = ",
                "query",
                format!("rows.iter().map({model}::from_row).collect()"),
            ),
            Fetch::Execute => ("", "execute", String::new()),
            Fetch::Changed => ("let changed = ", "execute", String::new()),
        };
        let head = format!("conn.{method}(");
        let mut lines = vec![if self.asynchronous {
            call_await(indent, lhs, &head, sql, args)
        } else {
            call(indent, lhs, &head, sql, args)
        }];
        if !then.is_empty() {
            lines.push(then);
        }
        lines.join(&format!("\n{}", " ".repeat(indent)))
    }

    fn key_list_sql(&self) -> (&'static str, &'static str) {
        ("= ANY(", ")")
    }

    fn key_list_cast(&self, schema: &Schema, a: &ir::Attribute) -> String {
        format!("{}[]", param_type(schema, &a.ty))
    }

    fn cast(&self, schema: &Schema, a: &ir::Attribute) -> String {
        param_type(schema, &a.ty)
    }
}

/// `field` as an owned `Option` of itself (see [`Driver::load_key`]).
fn owned_key(a: &ir::Attribute, field: &str) -> String {
    match (is_copy(&a.ty), a.nullable) {
        (true, false) => format!("Some({field})"),
        (true, true) => field.to_string(),
        (false, false) => format!("Some({field}.clone())"),
        (false, true) => format!("{field}.clone()"),
    }
}

/// The PostgreSQL type a parameter is cast to: the column's type without
/// its modifiers (a cast to `varchar(n)` would silently cut a longer
/// string, where the column refuses it).
fn param_type(schema: &Schema, ty: &Type) -> String {
    use ScalarType as T;
    match ty {
        Type::Enum(e) => Dialect::Postgres.quote(&schema.enums[e.0].sql_name),
        Type::Scalar(s) => match s {
            T::Integer => "integer",
            T::BigInt => "bigint",
            T::SmallInt => "smallint",
            T::Float => "real",
            T::Double => "double precision",
            T::Decimal { .. } => "numeric",
            T::String { .. } => "varchar",
            T::Text => "text",
            T::Boolean => "boolean",
            T::Date => "timestamptz",
            T::DateOnly => "date",
            T::Time => "time",
            T::Uuid => "uuid",
            T::Json => "json",
            T::Jsonb => "jsonb",
            T::Blob => "bytea",
        }
        .into(),
    }
}
