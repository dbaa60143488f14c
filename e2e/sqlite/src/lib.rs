//! The code `ormgen build` generates from each valid fixture, compiled with
//! every warning denied. `cargo test -p ormgen-e2e-sqlite` runs it against
//! SQLite; the main crate's tests check that these directories are what
//! `ormgen build` makes today (`ormgen build --check`).
#![deny(warnings)]

// The generated layout is not yet rustfmt's (long lines are not wrapped).
#[rustfmt::skip]
pub mod gen_accessors;
#[rustfmt::skip]
pub mod gen_everything;
#[rustfmt::skip]
pub mod gen_person_driving_license;
#[rustfmt::skip]
pub mod gen_user_groups;
#[rustfmt::skip]
pub mod gen_user_has_one_task;
#[rustfmt::skip]
pub mod gen_user_pictures;
