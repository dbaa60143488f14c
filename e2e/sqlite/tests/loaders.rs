//! Batch loaders against a real (in-memory) SQLite. The tests are shared
//! with the other backends (`e2e/shared/loaders.rs`); the statements a
//! loader runs are counted with SQLite's trace (`support::statements`).
// The shared source passes `&mut conn` everywhere; rusqlite takes `&`.
#![allow(clippy::unnecessary_mut_passed)]

#[macro_use]
mod support;

use ormgen_e2e_sqlite as e2e;
use support::*;

include!("../../shared/loaders.rs");
