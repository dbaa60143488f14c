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
        ["Hello by Bob [welcome]", "Hello by Ann [welcome]"]
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
