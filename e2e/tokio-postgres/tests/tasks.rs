//! The async backend as an async application uses it: futures that are
//! `Send` (so `tokio::spawn` takes them), many tasks sharing a
//! `deadpool-postgres` pool, and a transaction of the caller's rolled back.

#[allow(dead_code)]
#[path = "../../../tests/common/pg.rs"]
mod pg;
#[path = "../../../tests/common/server.rs"]
mod server;
#[macro_use]
mod support;

use ormgen_e2e_tokio_postgres::gen_queries as q;
use support::*;

fn is_send<T: Send>(_: T) {}

/// Every kind of generated function's future is `Send` for any client:
/// this function compiles only if they are.
#[allow(dead_code)]
fn futures_are_send<C: q::GenericClient>(conn: &mut C, author: &q::Author, authors: &[q::Author]) {
    is_send(q::create_all(conn));
    is_send(q::Author::find_all(conn));
    is_send(q::Author::find_by_pk(conn, author));
    is_send(q::Post::find_where(conn, q::post::views::gt(3)));
    is_send(q::Post::count_where(conn, q::post::views::gt(3)));
    is_send(q::Tag::find_or_create_by_label(conn, q::NewTag::default()));
    is_send(author.get_posts(conn));
    is_send(author.count_posts_where(conn, q::post::views::gt(3)));
    is_send(author.add_tag(conn, q::TagId(1)));
    is_send(author.set_tags(conn, [q::TagId(1)]));
    is_send(author.create_post(conn, q::NewPost::default()));
    is_send(q::Author::load_posts(conn, authors));
    is_send(q::Author::load_posts_where(
        conn,
        authors,
        q::post::views::gt(3),
    ));
}

#[test]
fn futures_of_clients_and_transactions_are_send() {
    // Instances for both clients the generated trait is implemented for.
    let _ = futures_are_send::<tokio_postgres::Client>;
    let _ = futures_are_send::<tokio_postgres::Transaction<'static>>;
}

/// A database of its own on the test server, for a pool.
fn new_database(port: u16) -> String {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let name = format!(
        "tasks_{}",
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let admin = connect(port, "postgres");
    for statement in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name}"),
    ] {
        admin.batch_execute(&statement).block().unwrap();
    }
    name
}

/// 32 tasks, each on a client from a pool of 4, create authors, posts and
/// shared tags at once; every row arrives, and `find_or_create_by_label`
/// makes each tag once however the tasks race.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_tasks_share_a_deadpool_pool() {
    let Some(port) = port() else { return };
    let mut config = deadpool_postgres::Config::new();
    config.host = Some("127.0.0.1".into());
    config.port = Some(port);
    config.user = Some("postgres".into());
    config.dbname = Some(new_database(port));
    config.pool = Some(deadpool_postgres::PoolConfig::new(4));
    let pool = config
        .create_pool(
            Some(deadpool_postgres::Runtime::Tokio1),
            tokio_postgres::NoTls,
        )
        .unwrap();
    {
        let mut client = pool.get().await.unwrap();
        q::create_all(&mut **client).await.unwrap();
    }
    let tasks: Vec<_> = (0..32)
        .map(|i| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let mut client = pool.get().await.unwrap();
                // A pooled client derefs to a `tokio_postgres::Client`.
                let conn = &mut **client;
                let new = q::NewAuthor {
                    name: format!("author {i}"),
                    email: None,
                };
                let author = q::Author::create(conn, new).await.unwrap();
                for k in 0..5 {
                    let new = q::NewPost {
                        title: format!("post {i}.{k}"),
                        views: k,
                        ..Default::default()
                    };
                    author.create_post(conn, new).await.unwrap();
                }
                let new = q::NewTag {
                    label: format!("tag {}", i % 4),
                    code: None,
                };
                let (tag, _) = q::Tag::find_or_create_by_label(conn, new).await.unwrap();
                author.add_tag(conn, &tag).await.unwrap();
                assert_eq!(author.count_posts(conn).await.unwrap(), 5);
                author
            })
        })
        .collect();
    let mut authors = Vec::new();
    for task in tasks {
        authors.push(task.await.unwrap());
    }
    let mut client = pool.get().await.unwrap();
    let conn = &mut **client;
    assert_eq!(q::Author::count(conn).await.unwrap(), 32);
    assert_eq!(q::Post::count(conn).await.unwrap(), 160);
    assert_eq!(q::Tag::count(conn).await.unwrap(), 4, "each tag made once");
    let posts = q::Author::load_posts(conn, &authors).await.unwrap();
    assert!(posts.iter().all(|p| p.len() == 5));
    let tags = q::Author::load_tags(conn, &authors).await.unwrap();
    for (i, tags) in tags.iter().enumerate() {
        assert_eq!(tags.len(), 1);
        assert_eq!(tags[0].label, format!("tag {}", i % 4));
    }
}

/// What generated functions did inside a transaction the caller rolls
/// back is gone, multi-statement accessors (savepoints inside it)
/// included; the client goes on.
#[tokio::test(flavor = "multi_thread")]
async fn a_rolled_back_transaction_leaves_nothing() {
    let mut client = db!(q::create_all);
    let mut tx = client.transaction().await.unwrap();
    let new = q::NewAuthor {
        name: "Ann".into(),
        email: None,
    };
    let ann = q::Author::create(&mut tx, new).await.unwrap();
    let post = q::NewPost {
        title: "draft".into(),
        ..Default::default()
    };
    ann.create_post(&mut tx, post).await.unwrap();
    let tag = q::NewTag {
        label: "rust".into(),
        code: None,
    };
    ann.create_tag(&mut tx, tag).await.unwrap();
    assert_eq!(ann.count_tags(&mut tx).await.unwrap(), 1);
    tx.rollback().await.unwrap();
    assert_eq!(q::Author::count(&mut client).await.unwrap(), 0);
    assert_eq!(q::Post::count(&mut client).await.unwrap(), 0);
    assert_eq!(q::Tag::count(&mut client).await.unwrap(), 0);
    assert_eq!(q::AuthorTags::count(&mut client).await.unwrap(), 0);
    // The same calls without the transaction stay.
    let new = q::NewAuthor {
        name: "Bo".into(),
        email: None,
    };
    q::Author::create(&mut client, new).await.unwrap();
    assert_eq!(q::Author::count(&mut client).await.unwrap(), 1);
}
