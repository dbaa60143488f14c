//! The code `ormgen build --backend tokio-postgres` generates from each
//! valid fixture, compiled with every warning denied: the same structs and
//! functions as the postgres backend's, `async`. `cargo test -p
//! ormgen-e2e-tokio-postgres` runs them against a throwaway PostgreSQL
//! server; the main crate's tests check that these directories are what
//! `ormgen build` makes today.
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
