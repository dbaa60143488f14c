//! The code `ormgen build --backend postgres` generates from each valid
//! fixture, compiled with every warning denied. `cargo test -p
//! ormgen-e2e-postgres` runs the same tests as the SQLite crate
//! (`e2e/shared/`) against a throwaway PostgreSQL server; the main crate's
//! tests check that these directories are what `ormgen build` makes today.
//!
//! Every function takes `&mut impl postgres::GenericClient`, so a
//! transaction works as well as a client:
//!
//! ```
//! use ormgen_e2e_postgres::gen_user_pictures as up;
//! fn in_one_transaction(client: &mut postgres::Client) -> Result<(), postgres::Error> {
//!     let mut tx = client.transaction()?;
//!     let user = up::User::create(&mut tx, up::NewUser { username: "ann".into(), profile_picture_id: None })?;
//!     user.create_picture(&mut tx, up::NewPicture { url: "a.png".into(), user_id: None })?;
//!     tx.commit()
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

/// `everything.models` compiled by `ormgen::Builder` from `build.rs`, as
/// one file.
pub mod built {
    include!(concat!(env!("OUT_DIR"), "/models.rs"));
}

/// `fixtures/migrations/shop_v2.models` compiled by `ormgen::Builder` with
/// its migrations folder (`Builder::migrations`), as one file.
pub mod built_shop {
    include!(concat!(env!("OUT_DIR"), "/shop.rs"));
}
