//! ormgen: a schema compiler for Sequelize-style associations.
//!
//! The pipeline runs one way: text is parsed into a syntax tree
//! ([`syntax`]), checked ([`check`]), and rendered. Every stage returns
//! [`diagnostics::Diagnostic`] values; the library never prints or exits.

pub mod diagnostics;
pub mod generate;
pub mod ir;
pub mod output;
pub mod resolve;
pub mod source;
pub mod suggest;
pub mod syntax;

pub mod schema;
pub use schema::{Schema, check};
