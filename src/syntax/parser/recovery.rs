//! Parsing a file item by item: after a syntax error, the items before it
//! are kept and parsing resumes at the next file-level item, so that one
//! run reports every part of a file and resolves every item that parses.

use super::lower::Lower;
use super::{ModelsParser, Rule};
use crate::diagnostics::Diagnostic;
use crate::source::FileId;
use crate::syntax::ast::{File, Item, Name};
use crate::syntax::{errors, scan};
use pest::Parser as _;

/// One file as the grammar sees it.
pub(super) struct Source<'t> {
    pub(super) file: FileId,
    pub(super) text: &'t str,
    /// What pest parses (see [`blank_comments`]).
    pub(super) blanked: String,
}

impl Source<'_> {
    /// Parses the file one item at a time. After a syntax error, parsing
    /// resumes at the next line that starts a file-level item, so that one
    /// run reports the problems of every part of the file and resolves
    /// every item that parses; the names of the items skipped are kept
    /// (`File::unparsed`), so that they are never called unknown.
    pub(super) fn parse_items(&self) -> (File, Vec<Diagnostic>) {
        let mut file = File::default();
        let mut diagnostics = Vec::new();
        let mut at = 0;
        while at < self.text.len() {
            match self.parse_item(at) {
                Ok(None) => break,
                Ok(Some((items, found, end))) => {
                    file.items.extend(items);
                    diagnostics.extend(found);
                    at = end;
                }
                Err(err) => {
                    let diagnostic = errors::from_pest(err, self.file, self.text, at);
                    let error_at = (diagnostic.span.end as usize).max(at);
                    diagnostics.push(diagnostic);
                    let resume = next_item_start(self.text, error_at).unwrap_or(self.text.len());
                    // Every item declared in the text skipped.
                    let mut item = Some(at);
                    while let Some(start) = item.filter(|&s| s < resume) {
                        file.unparsed.extend(declared_name(&self.text[start..]));
                        item = next_item_start(self.text, start);
                    }
                    at = resume;
                }
            }
        }
        (file, diagnostics)
    }

    /// Parses and lowers the next item, from `from` (the end of the one
    /// before): the items it gives (none for stray doc comments), what was
    /// found wrong in them, and where it ends; `None` at the end of the
    /// file.
    #[allow(clippy::type_complexity)]
    fn parse_item(
        &self,
        from: usize,
    ) -> Result<Option<(Vec<Item>, Vec<Diagnostic>, usize)>, pest::error::Error<Rule>> {
        let rest = &self.blanked[from..];
        let Some(pair) = ModelsParser::parse(Rule::next_item, rest)?.next() else {
            return Ok(None);
        };
        let end = from + pair.as_span().end();
        let mut lower = Lower {
            file: self.file,
            text: self.text,
            base: from,
            parsed: rest.as_bytes(),
            diagnostics: Vec::new(),
            members: Vec::new(),
            modifiers: Vec::new(),
        };
        let items = lower.schema(pair).items;
        if end == from {
            return Ok(None);
        }
        Ok(Some((items, lower.diagnostics, end)))
    }
}

/// The name an item declares, read from its text (`model Name ...`,
/// `enum Name ...`) when it does not parse.
fn declared_name(item: &str) -> Option<Name> {
    let rest = item
        .trim_start()
        .strip_prefix("model")
        .or_else(|| item.trim_start().strip_prefix("enum"))?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    (len > 0).then(|| rest[..len].into())
}

/// The start of the first line after `pos` that begins, unindented, with a
/// file-level keyword or a doc comment.
fn next_item_start(text: &str, pos: usize) -> Option<usize> {
    let mut line_start = pos + text[pos..].find('\n')? + 1;
    loop {
        let line = &text[line_start..];
        if scan::starts_item(line.as_bytes()) {
            return Some(line_start);
        }
        line_start += line.find('\n')? + 1;
    }
}
