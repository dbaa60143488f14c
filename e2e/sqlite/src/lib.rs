//! The code `ormgen build` generates from each valid fixture, compiled with
//! every warning denied. `cargo test -p ormgen-e2e-sqlite` runs it against
//! SQLite; the main crate's tests check that these directories are what
//! `ormgen build` makes today (`ormgen build --check`).
#![deny(warnings)]

pub mod gen_accessors;
pub mod gen_everything;
pub mod gen_person_driving_license;
pub mod gen_user_groups;
pub mod gen_user_has_one_task;
pub mod gen_user_pictures;
