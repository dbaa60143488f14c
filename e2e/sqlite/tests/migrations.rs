//! The generated `migrate(conn)` against a real (in-memory) SQLite; the
//! tests are shared with the other backends (`e2e/shared/migrations.rs`).
// The shared source passes `&mut conn` everywhere; rusqlite takes `&`.
#![allow(clippy::unnecessary_mut_passed)]

#[macro_use]
mod support;

use ormgen_e2e_sqlite as e2e;
use support::*;

include!("../../shared/migrations.rs");

/// A migration that fails changes nothing and is not recorded: here a
/// row that broke a foreign key while enforcement was off fails the
/// check after SQLite's table rebuild, and the whole migration is undone.
#[test]
fn a_failing_migration_is_undone_whole() {
    use e2e::gen_shop_v1 as v1;
    use e2e::gen_shop_v2 as v2;
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    assert_eq!(v1::migrate(&conn).unwrap(), ["0001_init"]);
    conn.execute_batch("PRAGMA foreign_keys = OFF; INSERT INTO orders (status, customer_id) VALUES ('open', 99); PRAGMA foreign_keys = ON;")
        .unwrap();
    let err = v2::migrate(&conn).unwrap_err().to_string();
    assert!(err.contains("CHECK constraint failed"), "{err}");
    // Not recorded, nothing changed: the first schema's tables as they were.
    let names: Vec<String> = conn
        .prepare("SELECT name FROM ormgen_migrations ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(names, ["0001_init"]);
    let column: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM pragma_table_info('customers') WHERE name = 'name'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(column, 1, "the rename was undone");
    assert_eq!(v1::Order::count(&conn).unwrap(), 1);
    let lines: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'lines'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(lines, 0, "the new table was undone");
    let on: i64 = conn
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(on, 1, "foreign keys on again");
    // Fixed, it runs.
    conn.execute_batch("DELETE FROM orders").unwrap();
    assert_eq!(v2::migrate(&conn).unwrap(), ["0002_grow"]);
}
