//! The blog against a real SQLite database file.

#[test]
fn welcome_creates_an_author_a_profile_and_a_tagged_post() {
    let dir = std::env::temp_dir().join(format!("blog-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("blog.db");
    let _ = std::fs::remove_file(&path);
    let conn = blog::open(path.to_str().unwrap()).unwrap();
    let ann = blog::welcome(&conn, "Ann", "ann@example.com").unwrap();
    let bob = blog::welcome(&conn, "Bob", "bob@example.com").unwrap();
    assert!(
        ann.get_profile(&conn)
            .unwrap()
            .unwrap()
            .bio
            .unwrap()
            .contains("Ann")
    );
    assert_eq!(ann.count_posts(&conn).unwrap(), 1);
    assert_eq!(
        blog::listing(&conn).unwrap(),
        [
            "Hello by Bob [welcome], 0 comments",
            "Hello by Ann [welcome], 0 comments"
        ]
    );
    // The email is unique; the tag is shared.
    assert!(blog::welcome(&conn, "Ann", "ann@example.com").is_err());
    assert_eq!(blog::models::Tag::count(&conn).unwrap(), 1);
    // Deleting an author deletes their posts (their key is notNull), and
    // the posts' junction rows with them.
    bob.destroy(&conn).unwrap();
    assert_eq!(blog::models::Post::count(&conn).unwrap(), 1);
    drop(conn);
    // Reopening keeps the data.
    let conn = blog::open(path.to_str().unwrap()).unwrap();
    assert_eq!(blog::models::Author::count(&conn).unwrap(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

static STATEMENTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The listing runs four statements, with one post or fifty.
#[test]
fn the_listing_runs_four_statements_however_many_posts() {
    use blog::models::{Comment, NewComment, Post};
    let dir = std::env::temp_dir().join(format!("blog-count-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("blog.db");
    let _ = std::fs::remove_file(&path);
    let mut conn = blog::open(path.to_str().unwrap()).unwrap();
    conn.trace_v2(
        rusqlite::trace::TraceEventCodes::SQLITE_TRACE_STMT,
        Some(|_: rusqlite::trace::TraceEvent<'_>| {
            STATEMENTS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }),
    )
    .unwrap();
    let count = |conn: &rusqlite::Connection| {
        STATEMENTS.store(0, std::sync::atomic::Ordering::SeqCst);
        let lines = blog::listing(conn).unwrap();
        (lines, STATEMENTS.load(std::sync::atomic::Ordering::SeqCst))
    };
    blog::welcome(&conn, "Ann", "ann@example.com").unwrap();
    let (lines, statements) = count(&conn);
    assert_eq!((lines.len(), statements), (1, 4));
    for i in 0..49 {
        blog::welcome(&conn, &format!("A{i}"), &format!("a{i}@example.com")).unwrap();
    }
    let first = Post::find_all(&conn).unwrap().remove(0);
    for body in ["Nice.", "Thanks."] {
        first
            .create_comment(
                &conn,
                NewComment {
                    body: body.into(),
                    post_id: None,
                },
            )
            .unwrap();
    }
    let (lines, statements) = count(&conn);
    assert_eq!((lines.len(), statements), (50, 4));
    assert_eq!(lines[49], "Hello by Ann [welcome], 2 comments");
    assert_eq!(Comment::count(&conn).unwrap(), 2);
    drop(conn);
    std::fs::remove_dir_all(&dir).unwrap();
}
