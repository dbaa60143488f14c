//! The README's example, word for word, compiled and run against SQLite
//! (in a fresh directory, twice: `create_all` at every start). The main
//! crate's tests/readme.rs checks that the README still says exactly what
//! stands between the markers, but for its first line, `mod models;`.

use ormgen_e2e_sqlite::gen_readme as models;

// Laid out as the README shows it, not as rustfmt would.
#[rustfmt::skip]
fn readme_example() -> Result<(), Box<dyn std::error::Error>> {
    // README example: begin
    use models::{NewDrivingLicense, NewPerson, Person};

    let conn = rusqlite::Connection::open("app.db")?;
    models::create_all(&conn)?; // tables in dependency order, foreign keys on

    let ann = Person::create(&conn, NewPerson { name: "Ann".into(), role: None })?; // role: its default
    let licence = ann.create_driving_license(&conn, NewDrivingLicense {
        number: "L-1".into(),
        owner_id: None, // filled in by create_driving_license
    })?;
    assert_eq!(licence.get_owner(&conn)?.map(|p| p.id), Some(ann.id));
    ann.set_driving_license(&conn, None)?; // unlinks it: owner_id becomes NULL
    // README example: end
    Ok(())
}

#[test]
fn the_readme_example_compiles_and_runs() {
    let dir = std::env::temp_dir().join(format!("ormgen-readme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::env::set_current_dir(&dir).unwrap();
    let _ = std::fs::remove_file("app.db");
    readme_example().unwrap();
    // A second start on the same database: create_all passes (the tables
    // exist), and the example stops only at the licence number, which is
    // unique and taken by the first run.
    let again = readme_example().unwrap_err().to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(again.contains("UNIQUE constraint failed"), "{again}");
}

/// What the query example finds: the top posts, how many are small, whether
/// one is unrated, and how many of the author's have many views.
type Found = (Vec<ormgen_e2e_sqlite::gen_queries::Post>, i64, bool, usize);

/// docs/generated-api.md's query example, word for word.
#[rustfmt::skip]
fn queries_example(
    conn: rusqlite::Connection,
    ann: ormgen_e2e_sqlite::gen_queries::Author,
) -> Result<Found, Box<dyn std::error::Error>> {
    use ormgen_e2e_sqlite::gen_queries as models;
    // docs example: begin
    use models::{post, Kind, Post, PostQuery};

    // The ten most viewed published posts of one author whose title starts with "Rust".
    let query = PostQuery::from(
        post::author_id::eq(&ann)
            .and(post::published::eq(true))
            .and(post::title::starts_with("Rust")),
    )
    .order_by(post::views::desc())
    .limit(10);
    let top: Vec<Post> = Post::find_where(&conn, query)?;
    let small = Post::count_where(&conn, post::kind::eq(Kind::Small))?;
    let unrated = Post::exists_where(&conn, post::rating::is_null())?;
    let mine = ann.get_posts_where(&conn, post::views::gt(100))?;
    // docs example: end
    Ok((top, small, unrated, mine.len()))
}

#[test]
fn the_docs_query_example_runs() {
    use ormgen_e2e_sqlite::gen_queries as q;
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    q::create_all(&conn).unwrap();
    let ann = q::Author::create(
        &conn,
        q::NewAuthor {
            name: "Ann".into(),
            email: None,
        },
    )
    .unwrap();
    for (title, views, published) in [
        ("Rust 1", 5, true),
        ("Rust 2", 500, true),
        ("Go", 900, true),
        ("Rust 3", 50, false),
    ] {
        let new = q::NewPost {
            title: title.into(),
            views,
            published,
            author_id: Some(ann.id),
            rating: Some(1.0),
            ..Default::default()
        };
        q::Post::create(&conn, new).unwrap();
    }
    let (top, small, unrated, mine) = queries_example(conn, ann).unwrap();
    let titles: Vec<&str> = top.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["Rust 2", "Rust 1"]);
    assert_eq!((small, unrated, mine), (0, false, 2));
}

/// The README's pattern for SQLite in async code, word for word: each
/// call on a blocking thread of tokio's, the connection opened there.
/// Eight at once on one database file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_readme_async_sqlite_pattern_runs_inside_tokio() {
    let dir = tempfile_dir();
    let path = dir.join("async.db");
    let first = readme_async(path.clone()).await.unwrap();
    assert!(first.is_empty());
    let tasks: Vec<_> = (0..8)
        .map(|_| tokio::spawn(readme_async(path.clone())))
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap().unwrap(), Vec::<models::Person>::new());
    }
    let _ = std::fs::remove_dir_all(&dir);

    // README async: begin
    async fn readme_async(
        path: std::path::PathBuf,
    ) -> Result<Vec<models::Person>, Box<dyn std::error::Error + Send + Sync>> {
        let people = tokio::task::spawn_blocking(move || {
            // Open, query and drop the connection on the blocking thread.
            let conn = rusqlite::Connection::open(&path)?;
            models::create_all(&conn)?;
            models::Person::find_all(&conn)
        })
        .await??; // the task's JoinError, then the query's rusqlite::Error
        Ok(people)
    }
    // README async: end
}

/// A directory of this test's own.
fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ormgen-readme-async-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
