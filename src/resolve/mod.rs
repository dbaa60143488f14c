//! Resolution: from syntax trees to a checked schema.
//!
//! So far this checks what needs every file at once: the file-level options
//! block, type names, naming conventions.

mod names;

use crate::diagnostics::Diagnostic;
use crate::syntax::ast;

/// Every problem that needs the whole schema to be seen.
pub fn check(files: &[&ast::File]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    names::check(files, &mut diagnostics);
    diagnostics
}
