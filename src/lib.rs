//! ormgen: a schema compiler for Sequelize-style associations.
//!
//! From a build script, [`Builder`] compiles `.models` files into one Rust
//! file in `$OUT_DIR`; the `ormgen` command line (default feature `cli`)
//! does the same and more (`check`, `fmt`, `ddl`, `graph`, `build`).
//!
//! The pipeline runs one way: text is parsed into a syntax tree
//! ([`syntax`]), checked ([`check`]), and rendered. Every stage returns
//! [`diagnostics::Diagnostic`] values; the library never exits and prints
//! nothing but the `cargo:` lines [`Builder`] gives cargo in a build script.

pub mod diagnostics;
mod excerpt;
pub mod generate;
pub mod ir;
pub mod migrations;
pub mod output;
mod parallel;
pub mod resolve;
pub mod source;
pub mod suggest;
pub mod syntax;

pub mod schema;
pub use schema::{Schema, check};

mod builder;
pub use builder::{BuildError, Builder};
pub use generate::rust::Backend;
