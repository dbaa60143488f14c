//! The source lines a diagnostic shows, cut around its spans when they are
//! long: a schema with a line of a megabyte gets a caret under a window of
//! that line, not the megabyte. Line and column numbers stay those of the
//! whole file.

use crate::source::{FileId, Sources, Span};
use codespan_reporting::files::{Error, Files};
use std::collections::BTreeMap;
use std::ops::Range;

/// Lines longer than this (in bytes) are shown cut.
pub const MAX_SHOWN_LINE: usize = 160;

/// How much of a long line is shown before the first span on it.
const BEFORE: usize = 60;

/// One shown line: where it is in the excerpt, and which bytes of which
/// line of the file it shows.
struct Shown {
    /// 0-based line of the file.
    line: usize,
    /// Its range in the excerpt's text, without the line end.
    range: Range<usize>,
    /// Bytes added in front (`...`), before the file's bytes.
    prefix: usize,
    /// The first byte of the file shown.
    from: usize,
    /// One past the last byte of the file shown.
    to: usize,
}

/// The lines of one file that a diagnostic shows.
struct FileExcerpt {
    text: String,
    lines: Vec<Shown>,
}

/// Every file's excerpt for one diagnostic: a [`Files`] for codespan.
pub struct Excerpt<'s> {
    sources: &'s Sources,
    files: BTreeMap<FileId, FileExcerpt>,
}

/// Whether any line these spans touch is too long to show whole.
pub fn needed(sources: &Sources, spans: &[Span]) -> bool {
    spans.iter().any(|span| {
        let file = sources.get(span.file);
        let first = file.line_index(span.start as usize);
        let last = file.line_index(span.end as usize);
        (first..=last).any(|l| file.line_range(l).len() > MAX_SHOWN_LINE)
    })
}

impl<'s> Excerpt<'s> {
    /// The lines `spans` touch, each cut to a window around the first of
    /// the spans on it when longer than [`MAX_SHOWN_LINE`].
    pub fn new(sources: &'s Sources, spans: &[Span]) -> Excerpt<'s> {
        // Per file, per line, where the window is anchored: the first of
        // `spans` on it (the primary span comes first).
        let mut touched: BTreeMap<FileId, BTreeMap<usize, usize>> = BTreeMap::new();
        for span in spans {
            let file = sources.get(span.file);
            let first = file.line_index(span.start as usize);
            let last = file.line_index(span.end as usize);
            for line in first..=last {
                let at = (span.start as usize).max(file.line_range(line).start);
                touched
                    .entry(span.file)
                    .or_default()
                    .entry(line)
                    .or_insert(at);
            }
        }
        let mut files = BTreeMap::new();
        for (id, lines) in touched {
            let file = sources.get(id);
            let mut excerpt = FileExcerpt {
                text: String::new(),
                lines: Vec::new(),
            };
            for (line, at) in lines {
                let whole = file.line_range(line);
                let (mut from, mut to) = (whole.start, whole.end);
                if whole.len() > MAX_SHOWN_LINE {
                    from = at.saturating_sub(BEFORE).max(whole.start);
                    to = (from + MAX_SHOWN_LINE).min(whole.end);
                    while !file.text.is_char_boundary(from) {
                        from -= 1;
                    }
                    while !file.text.is_char_boundary(to) {
                        to += 1;
                    }
                }
                let start = excerpt.text.len();
                let prefix = if from > whole.start { "..." } else { "" };
                excerpt.text.push_str(prefix);
                excerpt.text.push_str(&file.text[from..to]);
                if to < whole.end {
                    excerpt.text.push_str("...");
                }
                let end = excerpt.text.len();
                excerpt.text.push('\n');
                excerpt.lines.push(Shown {
                    line,
                    range: start..end,
                    prefix: prefix.len(),
                    from,
                    to,
                });
            }
            files.insert(id, excerpt);
        }
        Excerpt { sources, files }
    }

    /// `span` as a span of the excerpt: cut to what is shown of its lines.
    pub fn map(&self, span: Span) -> Span {
        let Some(excerpt) = self.files.get(&span.file) else {
            return span;
        };
        let file = self.sources.get(span.file);
        let offset = |byte: usize| {
            let line = file.line_index(byte);
            match excerpt.lines.iter().find(|s| s.line == line) {
                Some(s) => s.range.start + s.prefix + byte.clamp(s.from, s.to) - s.from,
                None => 0,
            }
        };
        Span::new(
            span.file,
            offset(span.start as usize)..offset(span.end as usize),
        )
    }

    fn excerpt(&self, id: FileId) -> Result<&FileExcerpt, Error> {
        self.files.get(&id).ok_or(Error::FileMissing)
    }

    fn shown(&self, id: FileId, line_index: usize) -> Result<&Shown, Error> {
        let excerpt = self.excerpt(id)?;
        excerpt.lines.get(line_index).ok_or(Error::LineTooLarge {
            given: line_index,
            max: excerpt.lines.len().saturating_sub(1),
        })
    }
}

impl<'a> Files<'a> for Excerpt<'_> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, Error> {
        Ok(&self.sources.get(id).name)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, Error> {
        Ok(&self.excerpt(id)?.text)
    }

    fn line_index(&'a self, id: FileId, byte: usize) -> Result<usize, Error> {
        let excerpt = self.excerpt(id)?;
        Ok(excerpt
            .lines
            .partition_point(|s| s.range.start <= byte)
            .saturating_sub(1))
    }

    fn line_number(&'a self, id: FileId, line_index: usize) -> Result<usize, Error> {
        Ok(self.shown(id, line_index)?.line + 1)
    }

    fn column_number(&'a self, id: FileId, line_index: usize, byte: usize) -> Result<usize, Error> {
        let shown = self.shown(id, line_index)?;
        let inside = byte.saturating_sub(shown.range.start + shown.prefix);
        let original = (shown.from + inside).min(shown.to);
        Ok(self.sources.get(id).line_col(original).1)
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, Error> {
        let shown = self.shown(id, line_index)?;
        Ok(shown.range.start..shown.range.end + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_its_span_with_the_file_s_numbers() {
        let mut sources = Sources::new();
        let long = format!(
            "model A {{ {} bad {} }}",
            "x ".repeat(50_000),
            "y ".repeat(50_000)
        );
        let text = format!("// first\n{long}\n");
        let at = text.find("bad").unwrap();
        let id = sources.add("wide.models", text.clone());
        let span = Span::new(id, at..at + 3);
        assert!(needed(&sources, &[span]));
        let excerpt = Excerpt::new(&sources, &[span]);
        let mapped = excerpt.map(span);
        let shown = excerpt.source(id).unwrap();
        assert!(shown.len() < 2 * MAX_SHOWN_LINE, "{}", shown.len());
        assert_eq!(&shown[mapped.range()], "bad");
        assert!(shown.starts_with("...") && shown.ends_with("...\n"));
        assert_eq!(excerpt.line_number(id, 0).unwrap(), 2);
        let column = excerpt.column_number(id, 0, mapped.start as usize).unwrap();
        assert_eq!((2, column), sources.get(id).line_col(at));
        let short = Span::new(id, 3..8);
        assert!(!needed(&sources, &[short]));
    }
}
