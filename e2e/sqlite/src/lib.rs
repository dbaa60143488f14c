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
#![deny(warnings)]

pub mod gen_accessors;
pub mod gen_defaults;
pub mod gen_everything;
pub mod gen_hostile_names;
pub mod gen_inverse_collision;
pub mod gen_person_driving_license;
pub mod gen_readme;
pub mod gen_user_groups;
pub mod gen_user_has_one_task;
pub mod gen_user_pictures;
/// The README schema built with `--serde`.
pub mod serde_readme;
