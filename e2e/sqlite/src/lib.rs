//! The code `ormgen build` generates from each valid fixture, compiled with
//! every warning denied. `cargo test -p ormgen-e2e-sqlite` runs it against
//! SQLite; the main crate's tests check that these directories are what
//! `ormgen build` makes today (`ormgen build --check`).
//!
//! Keys are typed: an accessor takes the target's key or the target itself,
//! and another model's key does not compile.
//!
//! ```
//! use ormgen_e2e_sqlite::gen_user_pictures as up;
//! fn link(conn: &rusqlite::Connection, user: &up::User, picture: &up::Picture) {
//!     user.add_picture(conn, picture).unwrap();
//!     user.add_picture(conn, up::PictureId(picture.id)).unwrap();
//! }
//! ```
//!
//! ```compile_fail
//! use ormgen_e2e_sqlite::gen_user_pictures as up;
//! fn link(conn: &rusqlite::Connection, user: &up::User) {
//!     user.add_picture(conn, up::UserId(1)).unwrap();
//! }
//! ```
//!
//! Typed queries take a value of the column's type, and offer only the
//! operators that make sense for it. This compiles:
//!
//! ```
//! use ormgen_e2e_sqlite::gen_queries::{Author, Kind, Post, post};
//! fn find(conn: &rusqlite::Connection, author: &Author) -> Vec<Post> {
//!     let filter = post::views::gt(10)
//!         .and(post::title::starts_with("a"))
//!         .and(post::rating::is_null())
//!         .and(post::kind::eq(Kind::Small))
//!         .and(post::author_id::eq(author));
//!     assert_eq!(post::data::COLUMN, "data");
//!     Post::find_where(conn, filter).unwrap()
//! }
//! ```
//!
//! and none of these does: text for a number,
//!
//! ```compile_fail
//! let _ = ormgen_e2e_sqlite::gen_queries::post::views::gt("ten");
//! ```
//!
//! `<` on text,
//!
//! ```compile_fail
//! let _ = ormgen_e2e_sqlite::gen_queries::post::title::lt("a");
//! ```
//!
//! a NULL test on a notNull column,
//!
//! ```compile_fail
//! let _ = ormgen_e2e_sqlite::gen_queries::post::views::is_null();
//! ```
//!
//! a text match on an enum,
//!
//! ```compile_fail
//! let _ = ormgen_e2e_sqlite::gen_queries::post::kind::starts_with("s");
//! ```
//!
//! a comparison of a JSON column,
//!
//! ```compile_fail
//! let _ = ormgen_e2e_sqlite::gen_queries::post::data::eq(serde_json::json!({}));
//! ```
//!
//! a foreign key compared with another model's key,
//!
//! ```compile_fail
//! use ormgen_e2e_sqlite::gen_queries::{PostId, post};
//! let _ = post::author_id::eq(PostId(1));
//! ```
//!
//! another model's filter.
//!
//! ```compile_fail
//! use ormgen_e2e_sqlite::gen_queries::{Post, author};
//! fn find(conn: &rusqlite::Connection) {
//!     Post::find_where(conn, author::name::eq("Ann")).unwrap();
//! }
//! ```
#![deny(warnings)]

pub mod gen_accessors;
pub mod gen_defaults;
pub mod gen_everything;
pub mod gen_hostile_names;
pub mod gen_inverse_collision;
pub mod gen_memberships;
pub mod gen_person_driving_license;
pub mod gen_queries;
pub mod gen_readme;
pub mod gen_shop_v1;
pub mod gen_shop_v2;
pub mod gen_user_groups;
pub mod gen_user_has_one_task;
pub mod gen_user_pictures;
/// The README schema built with `--serde`.
pub mod serde_readme;
