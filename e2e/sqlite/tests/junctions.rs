//! A belongsToMany through a declared junction with values of its own,
//! against a real (in-memory) SQLite; the tests are shared with the other
//! backends (`e2e/shared/junctions.rs`).
// The shared source passes `&mut conn` everywhere; rusqlite takes `&`.
#![allow(clippy::unnecessary_mut_passed)]

#[macro_use]
mod support;

use ormgen_e2e_sqlite as e2e;
use support::*;

include!("../../shared/junctions.rs");
