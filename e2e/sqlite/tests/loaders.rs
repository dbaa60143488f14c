//! Batch loaders against a real (in-memory) SQLite. The tests are shared
//! with the other backends (`e2e/shared/loaders.rs`); the statements a
//! loader runs are counted here, with SQLite's trace.
// The shared source passes `&mut conn` everywhere; rusqlite takes `&`.
#![allow(clippy::unnecessary_mut_passed)]

#[macro_use]
mod support;

use ormgen_e2e_sqlite as e2e;
use support::*;

include!("../../shared/loaders.rs");

static STATEMENTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// One statement per loader call, whatever the number of sources; none
/// for an empty slice, or sources without a key.
#[test]
fn a_loader_runs_one_statement() {
    use e2e::gen_queries as q;
    let mut conn = db!(q::create_all);
    let authors: Vec<q::Author> = (0..50)
        .map(|i| {
            let new = q::NewAuthor {
                name: format!("a{i}"),
                email: None,
            };
            q::Author::create(&conn, new).unwrap()
        })
        .collect();
    let posts: Vec<q::Post> = (0..200)
        .map(|i| {
            let new = q::NewPost {
                title: format!("p{i}"),
                author_id: (i % 3 != 0).then(|| authors[i % 50].id),
                ..Default::default()
            };
            q::Post::create(&conn, new).unwrap()
        })
        .collect();
    conn.trace_v2(
        rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT,
        Some(|_: rusqlite::trace::TraceEvent<'_>| {
            STATEMENTS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }),
    )
    .unwrap();
    let ran = |conn: &mut Conn, load: &dyn Fn(&mut Conn)| {
        STATEMENTS.store(0, std::sync::atomic::Ordering::SeqCst);
        load(conn);
        STATEMENTS.load(std::sync::atomic::Ordering::SeqCst)
    };
    assert_eq!(
        ran(&mut conn, &|c| drop(
            q::Author::load_posts(c, &authors).unwrap()
        )),
        1
    );
    assert_eq!(
        ran(&mut conn, &|c| drop(
            q::Post::load_author(c, &posts).unwrap()
        )),
        1
    );
    assert_eq!(
        ran(&mut conn, &|c| drop(
            q::Author::load_tags(c, &authors).unwrap()
        )),
        1
    );
    assert_eq!(
        ran(&mut conn, &|c| drop(q::Author::load_posts(c, &[]).unwrap())),
        0
    );
    let keyless: Vec<q::Post> = posts
        .iter()
        .filter(|p| p.author_id.is_none())
        .cloned()
        .collect();
    assert_eq!(
        ran(&mut conn, &|c| drop(
            q::Post::load_author(c, &keyless).unwrap()
        )),
        0
    );
    // The getters, for comparison: one statement a source.
    assert_eq!(
        ran(&mut conn, &|c| {
            for a in &authors {
                a.get_posts(c).unwrap();
            }
        }),
        50
    );
}
