//! The `.models` language: grammar, syntax tree, and the canonical printer.

pub mod ast;
mod errors;
pub mod format;
pub mod parser;
pub mod scan;

pub use parser::{Parsed, parse};
