//! What the shared tests (`e2e/shared/`) need from a backend, here
//! PostgreSQL through the async backend: one throwaway server for the
//! whole test binary (started on first use, stopped at exit), a fresh
//! schema per test on a `tokio_postgres::Client` whose connection runs on
//! the test's runtime, and `.block()`, which the shared tests' generated
//! calls end with here (see build.rs).
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use tokio_postgres::Client;

/// The connection every test holds.
pub type Conn = tokio_postgres::Client;

/// A future run to its end from synchronous test code, on the test's
/// multi-threaded runtime (whose other worker drives the connection).
pub trait Block: std::future::Future + Sized {
    fn block(self) -> Self::Output {
        tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(self))
    }
}

impl<F: std::future::Future> Block for F {}

/// `db!(create_all)`: a client whose `search_path` is a fresh schema
/// holding the tables; without a PostgreSQL the test returns early, after
/// the loud message of [`crate::pg::PgServer::start`].
macro_rules! db {
    ($create_all:expr) => {
        match db($create_all) {
            Some(client) => client,
            None => return,
        }
    };
}

static SCHEMAS: AtomicUsize = AtomicUsize::new(0);

/// The port of this test binary's server.
pub fn port() -> Option<u16> {
    crate::pg::shared_port()
}

/// The connection string of database `db` of the test server.
pub fn url(port: u16, db: &str) -> String {
    format!("host=127.0.0.1 port={port} user=postgres dbname={db}")
}

/// A client of database `db`, its connection spawned on the runtime.
pub fn connect(port: u16, db: &str) -> Client {
    let (client, connection) = tokio_postgres::connect(&url(port, db), tokio_postgres::NoTls)
        .block()
        .unwrap();
    tokio::spawn(async move {
        let _ = connection.await;
    });
    client
}

/// A client on a new schema with `create_all` run in it.
pub fn db<F>(create_all: F) -> Option<Client>
where
    F: AsyncFnOnce(&mut Client) -> Result<(), tokio_postgres::Error>,
{
    let port = port()?;
    let mut client = connect(port, "postgres");
    let schema = format!("test_{}", SCHEMAS.fetch_add(1, Ordering::Relaxed));
    client
        .batch_execute(&format!(
            "CREATE SCHEMA {schema}; SET search_path TO {schema}"
        ))
        .block()
        .unwrap();
    create_all(&mut client).block().unwrap();
    Some(client)
}

/// The one text value `sql` selects.
pub fn text(conn: &mut Client, sql: &str) -> String {
    conn.query_one(sql, &[]).block().unwrap().get(0)
}

/// Whether the database refuses `sql`.
pub fn fails(conn: &mut Client, sql: &str) -> bool {
    conn.batch_execute(sql).block().is_err()
}

/// The tables of this test's schema, by name.
pub fn tables(conn: &mut Client) -> Vec<String> {
    let sql =
        "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1";
    let rows = conn.query(sql, &[]).block().unwrap();
    rows.iter().map(|r| r.get(0)).collect()
}

/// From now on, writing a row of `table` whose `column` is `value` fails:
/// a failure injected in the middle of an accessor.
pub fn refuse_writes(conn: &mut Client, table: &str, column: &str, value: &str) {
    conn.batch_execute(&format!(
        "CREATE FUNCTION \"refuse_{table}_{column}\"() RETURNS trigger AS $$ BEGIN \
           IF NEW.\"{column}\"::text = '{value}' THEN RAISE EXCEPTION 'refused by the test'; END IF; \
           RETURN NEW; END $$ LANGUAGE plpgsql; \
         CREATE TRIGGER \"refuse_{table}_{column}\" BEFORE INSERT OR UPDATE ON \"{table}\" \
           FOR EACH ROW EXECUTE FUNCTION \"refuse_{table}_{column}\"();"
    ))
    .block()
    .unwrap();
}

/// `in_transaction!(conn, { ... })`: the block runs in a transaction of
/// the caller's own (`conn` is the `Transaction` inside it), committed
/// after it.
#[allow(unused_macros)]
macro_rules! in_transaction {
    ($conn:ident, $body:block) => {{
        let mut $conn = $conn.transaction().block().unwrap();
        let result = $body;
        $conn.commit().block().unwrap();
        result
    }};
}

/// How many statements `run` has the server execute for `conn`: the
/// `execute` lines of its log for this connection's process, while the
/// session logs every statement.
pub fn statements(conn: &mut Client, run: impl FnOnce(&mut Client)) -> usize {
    let pid: i32 = conn
        .query_one("SELECT pg_backend_pid()", &[])
        .block()
        .unwrap()
        .get(0);
    let log = crate::pg::shared_log();
    let prefix = format!("[{pid}] LOG:  execute ");
    let count = || {
        std::fs::read_to_string(&log)
            .unwrap()
            .lines()
            .filter(|line| line.starts_with(&prefix))
            .count()
    };
    conn.batch_execute("SET log_statement = 'all'")
        .block()
        .unwrap();
    let before = count();
    run(conn);
    let after = count();
    conn.batch_execute("SET log_statement = 'none'")
        .block()
        .unwrap();
    after - before
}

include!("../../../shared/rng.rs");
