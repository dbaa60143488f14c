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
    /// Parses the file. After a syntax error, the items before the one it
    /// is in are parsed on their own, and parsing resumes at the next
    /// file-level item, so that one run reports the problems of every part
    /// of the file and resolves every item that parses.
    pub(super) fn parse_items(&self) -> (File, Vec<Diagnostic>) {
        let end = self.text.len();
        let mut file = File::default();
        let mut diagnostics = Vec::new();
        let mut base = 0;
        loop {
            match self.parse_run(base, end) {
                Ok((items, found)) => {
                    file.items.extend(items);
                    diagnostics.extend(found);
                    return (file, diagnostics);
                }
                Err(err) => {
                    let diagnostic = errors::from_pest(err, self.file, self.text, base);
                    let at = (diagnostic.span.end as usize).max(base);
                    diagnostics.push(diagnostic);
                    // What comes before the error's line may be whole
                    // items (a stray line between two models); else what
                    // comes before the item the error is in is.
                    let line = self.text[..at].rfind('\n').map_or(0, |n| n + 1).max(base);
                    let item = last_item_start(self.text, base, at);
                    let mut bad = item;
                    for cut in [line, item] {
                        if cut <= base {
                            continue;
                        }
                        if let Ok((items, found)) = self.parse_run(base, cut) {
                            file.items.extend(items);
                            diagnostics.extend(found);
                            bad = cut;
                            break;
                        }
                    }
                    file.unparsed.extend(declared_name(&self.text[bad..end]));
                    match next_item_start(self.text, at) {
                        Some(next) => base = next,
                        None => return (file, diagnostics),
                    }
                }
            }
        }
    }

    /// Parses and lowers `from..to`, a run of whole file-level items.
    pub(super) fn parse_run(
        &self,
        from: usize,
        to: usize,
    ) -> Result<(Vec<Item>, Vec<Diagnostic>), pest::error::Error<Rule>> {
        let run = &self.blanked[from..to];
        let pairs = ModelsParser::parse(Rule::schema, run)?;
        let mut lower = Lower {
            file: self.file,
            text: self.text,
            base: from,
            parsed: run.as_bytes(),
            diagnostics: Vec::new(),
            members: Vec::new(),
            modifiers: Vec::new(),
        };
        let tree = pairs
            .into_iter()
            .next()
            .map(|p| lower.schema(p))
            .unwrap_or_default();
        Ok((tree.items, lower.diagnostics))
    }
}

/// The last file-level item that starts at or before `at`, from `base` (an
/// item start) on.
fn last_item_start(text: &str, base: usize, at: usize) -> usize {
    let mut last = base;
    while let Some(next) = next_item_start(text, last) {
        if next > at {
            break;
        }
        last = next;
    }
    last
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
