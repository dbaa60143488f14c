//! `cargo run -p blog -- blog.db`: creates the database if needed, adds an
//! author with a first post, and lists every post.

fn main() -> rusqlite::Result<()> {
    let path = std::env::args().nth(1).unwrap_or_else(|| "blog.db".into());
    let conn = blog::open(&path)?;
    let n = blog::models::Author::count(&conn)? + 1;
    blog::welcome(
        &conn,
        &format!("Author {n}"),
        &format!("author{n}@example.com"),
    )?;
    for line in blog::listing(&conn)? {
        println!("{line}");
    }
    Ok(())
}
