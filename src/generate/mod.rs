//! Generators: each reads only the resolved schema ([`crate::ir`]) and fills
//! askama templates (`templates/`) through small view structs.

pub mod dml;
pub mod graph;
pub mod migration;
pub mod rust;
pub mod sql;

/// A template that failed to render. The templates call nothing that can
/// fail on a resolved schema, so this is a bug in ormgen; it is reported,
/// never turned into a file with a part missing.
#[derive(Debug)]
pub struct RenderError(pub askama::Error);

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "a template failed to render: {}", self.0)
    }
}

impl std::error::Error for RenderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

impl From<askama::Error> for RenderError {
    fn from(e: askama::Error) -> Self {
        RenderError(e)
    }
}
