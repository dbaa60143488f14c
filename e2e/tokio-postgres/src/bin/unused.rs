//! The generated code of every fixture in a crate that uses none of it:
//! it compiles without a single warning (`#![deny(warnings)]`).
#![deny(warnings)]

#[path = "../gen_accessors/mod.rs"]
mod gen_accessors;
#[path = "../gen_defaults/mod.rs"]
mod gen_defaults;
#[path = "../gen_everything/mod.rs"]
mod gen_everything;
#[path = "../gen_hostile_names/mod.rs"]
mod gen_hostile_names;
#[path = "../gen_inverse_collision/mod.rs"]
mod gen_inverse_collision;
#[path = "../gen_memberships/mod.rs"]
mod gen_memberships;
#[path = "../gen_person_driving_license/mod.rs"]
mod gen_person_driving_license;
#[path = "../gen_queries/mod.rs"]
mod gen_queries;
#[path = "../gen_readme/mod.rs"]
mod gen_readme;
#[path = "../gen_shop_v1/mod.rs"]
mod gen_shop_v1;
#[path = "../gen_shop_v2/mod.rs"]
mod gen_shop_v2;
#[path = "../gen_user_groups/mod.rs"]
mod gen_user_groups;
#[path = "../gen_user_has_one_task/mod.rs"]
mod gen_user_has_one_task;
#[path = "../gen_user_pictures/mod.rs"]
mod gen_user_pictures;

fn main() {}
