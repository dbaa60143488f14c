//! What the shared tests (`e2e/shared/`) need from a backend: a fresh
//! database with a schema created, and a few plain SQL helpers. Here: an
//! in-memory SQLite per test.
#![allow(dead_code)]

use rusqlite::Connection;

/// The connection every test holds.
pub type Conn = rusqlite::Connection;

/// `db!(create_all)`: a connection to a fresh database holding the schema.
/// (On backends that may be missing, the test returns early instead.)
macro_rules! db {
    ($create_all:expr) => {
        db($create_all)
    };
}

/// A new in-memory database with `create_all` run on it.
pub fn db(create_all: fn(&Connection) -> rusqlite::Result<()>) -> Connection {
    let conn = Connection::open_in_memory().unwrap();
    create_all(&conn).unwrap();
    conn
}

/// The one text value `sql` selects.
pub fn text(conn: &mut Connection, sql: &str) -> String {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Whether the database refuses `sql`.
pub fn fails(conn: &mut Connection, sql: &str) -> bool {
    conn.execute(sql, []).is_err()
}

/// The user tables, by name.
pub fn tables(conn: &mut Connection) -> Vec<String> {
    conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// From now on, writing a row of `table` whose `column` is `value` fails:
/// a failure injected in the middle of an accessor.
pub fn refuse_writes(conn: &mut Connection, table: &str, column: &str, value: &str) {
    for (event, name) in [("INSERT", "ins"), ("UPDATE", "upd")] {
        conn.execute_batch(&format!(
            "CREATE TRIGGER \"refuse_{name}_{table}_{column}\" BEFORE {event} ON \"{table}\" \
             WHEN CAST(NEW.\"{column}\" AS TEXT) = '{value}' \
             BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;"
        ))
        .unwrap();
    }
}

/// `in_transaction!(conn, { ... })`: the block runs in a transaction of
/// the caller's own, committed after it.
#[allow(unused_macros)]
macro_rules! in_transaction {
    ($conn:ident, $body:block) => {{
        $conn.execute_batch("BEGIN").unwrap();
        let result = $body;
        $conn.execute_batch("COMMIT").unwrap();
        result
    }};
}

thread_local! {
    static STATEMENTS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many statements `run` has SQLite run on `conn`, counted with its
/// trace (on this thread, the one the connection is used on).
pub fn statements(conn: &mut Connection, run: impl FnOnce(&mut Connection)) -> usize {
    conn.trace_v2(
        rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT,
        Some(|_: rusqlite::trace::TraceEvent<'_>| {
            STATEMENTS.with(|n| n.set(n.get() + 1));
        }),
    )
    .unwrap();
    STATEMENTS.with(|n| n.set(0));
    run(conn);
    conn.trace_v2(
        rusqlite::trace::TraceEventCodes::empty(),
        None::<fn(rusqlite::trace::TraceEvent<'_>)>,
    )
    .unwrap();
    STATEMENTS.with(|n| n.get())
}

include!("../../../shared/rng.rs");
