//! A small blog: its models come from `schema.models`, compiled by ormgen
//! in `build.rs` into `$OUT_DIR/models.rs`.

pub mod models {
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}

use models::{Author, NewAuthor, NewPost, NewProfile, NewTag, Post, PostQuery, Tag, post};

/// Opens (or creates) the blog's database, with every table.
pub fn open(path: &str) -> rusqlite::Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open(path)?;
    models::enable_foreign_keys(&conn)?;
    let exists: i64 = conn.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'authors'",
        [],
        |row| row.get(0),
    )?;
    if exists == 0 {
        models::create_all(&conn)?;
    }
    Ok(conn)
}

/// Writes a first post, tagged, for a new author; returns the author.
pub fn welcome(conn: &rusqlite::Connection, name: &str, email: &str) -> rusqlite::Result<Author> {
    let author = Author::create(
        conn,
        NewAuthor {
            name: name.into(),
            email: email.into(),
        },
    )?;
    author.create_profile(
        conn,
        NewProfile {
            bio: Some(format!("{name} writes here.")),
            author_id: None,
        },
    )?;
    let post = author.create_post(
        conn,
        NewPost {
            title: "Hello".into(),
            body: Some("The first post.".into()),
            published: Some(true),
            author_id: None,
        },
    )?;
    // `name` is unique: the tag is made once, and found after.
    let (tag, _created) = Tag::find_or_create_by_name(
        conn,
        NewTag {
            name: "welcome".into(),
        },
    )?;
    post.add_tag(conn, &tag)?;
    Ok(author)
}

/// Each published post's title with its author and tags, newest first.
pub fn listing(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<String>> {
    let mut lines = Vec::new();
    let published = PostQuery::from(post::published::eq(true)).order_by(post::id::desc());
    for post in Post::find_where(conn, published)? {
        let author = post.get_author(conn)?.name;
        let tags: Vec<String> = post.get_tags(conn)?.into_iter().map(|t| t.name).collect();
        lines.push(format!("{} by {author} [{}]", post.title, tags.join(", ")));
    }
    Ok(lines)
}
