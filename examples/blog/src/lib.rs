//! A small blog: its models come from `schema.models`, compiled by ormgen
//! in `build.rs` into `$OUT_DIR/models.rs`.

pub mod models {
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}

use models::{Author, NewAuthor, NewPost, NewProfile, NewTag, Post, PostQuery, Tag, post};

/// Opens (or creates) the blog's database, with every table: `create_all`
/// creates what is missing (a table added to the schema since) and
/// changes nothing else.
pub fn open(path: &str) -> rusqlite::Result<rusqlite::Connection> {
    let conn = rusqlite::Connection::open(path)?;
    models::create_all(&conn)?;
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

/// Each published post's title with its author, tags and number of
/// comments, newest first: four statements however many posts there are
/// (the posts, then their authors, tags and comments, each by a loader).
pub fn listing(conn: &rusqlite::Connection) -> rusqlite::Result<Vec<String>> {
    let published = PostQuery::from(post::published::eq(true)).order_by(post::id::desc());
    let posts = Post::find_where(conn, published)?;
    let authors = Post::load_author(conn, &posts)?;
    let tags = Post::load_tags(conn, &posts)?;
    let comments = Post::load_comments(conn, &posts)?;
    let mut lines = Vec::new();
    for (i, post) in posts.iter().enumerate() {
        let author = authors[i].as_ref().map_or("?", |a| a.name.as_str());
        let tags: Vec<&str> = tags[i].iter().map(|t| t.name.as_str()).collect();
        lines.push(format!(
            "{} by {author} [{}], {} comments",
            post.title,
            tags.join(", "),
            comments[i].len()
        ));
    }
    Ok(lines)
}
