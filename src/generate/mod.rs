//! Generators: each reads only the resolved schema ([`crate::ir`]) and fills
//! askama templates (`templates/`) through small view structs.

pub mod dml;
pub mod graph;
pub mod rust;
pub mod sql;
