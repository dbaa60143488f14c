//! A pass over the raw text before the grammar runs.
//!
//! It finds what the grammar skips (ordinary comments, which the formatter
//! must keep), what pest would report badly (a `/*` never closed), and what
//! would make a recursive parser dig too deep (brackets nested without end).

use std::ops::Range;

/// How deeply `{` and `(` may nest. Real schemas use three or four levels.
pub const MAX_NESTING: usize = 64;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// Byte range, delimiters included.
    pub range: Range<usize>,
    pub block: bool,
}

#[derive(Debug, Default)]
pub struct Scan {
    /// Ordinary comments (not `///` doc comments), in order.
    pub comments: Vec<Comment>,
    /// Where an unclosed `/*` starts.
    pub unterminated_comment: Option<usize>,
    /// The first bracket that opens level `MAX_NESTING + 1`.
    pub too_deep: Option<usize>,
    /// Strings not closed on their line: start and end of each.
    pub unterminated_strings: Vec<Range<usize>>,
    /// Words holding a character outside ASCII (outside strings and
    /// comments): names are ASCII.
    pub non_ascii_words: Vec<Range<usize>>,
}

/// Whether `line` (the text from a line's start on) begins, unindented,
/// with a file-level keyword followed by a blank or `{`, or with a doc
/// comment.
pub(super) fn starts_item(line: &[u8]) -> bool {
    line.starts_with(b"///")
        || [&b"model"[..], b"enum", b"options"].iter().any(|keyword| {
            line.strip_prefix(*keyword)
                .is_some_and(|rest| matches!(rest.first(), Some(b' ' | b'\t' | b'{')))
        })
}

/// What [`scan`] makes of a byte: a blank, a byte of a word or value
/// (ASCII but for line breaks, quotes, slashes and brackets), or one that
/// needs a closer look.
const BLANK: u8 = 1;
const PLAIN: u8 = 2;
const CLASS: [u8; 256] = {
    let mut class = [0; 256];
    let mut b = 0;
    while b < 0x80 {
        class[b] = match b as u8 {
            b' ' | b'\t' => BLANK,
            b'\n' | b'\r' | b'"' | b'/' | b'{' | b'}' | b'(' | b')' => 0,
            _ => PLAIN,
        };
        b += 1;
    }
    class
};

pub fn scan(text: &str) -> Scan {
    let bytes = text.as_bytes();
    let mut out = Scan::default();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        // Runs of blanks and of what names and values are made of, most of
        // a file, are stepped over before the cases below are told apart.
        while bytes.get(i).is_some_and(|&b| CLASS[usize::from(b)] != 0) {
            i += 1;
        }
        let Some(&b) = bytes.get(i) else { break };
        match b {
            // A line ends with `\n`, `\r\n` or a lone `\r`.
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => i += 1,
            b'\n' | b'\r' => i += 1,
            b'"' => {
                let (end, closed) = skip_string(bytes, i);
                if !closed {
                    let trimmed = if bytes[end - 1] == b'\r' {
                        end - 1
                    } else {
                        end
                    };
                    out.unterminated_strings.push(i..trimmed.max(i + 1));
                }
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find(['\n', '\r']).map_or(bytes.len(), |n| i + n);
                let doc = bytes.get(i + 2) == Some(&b'/') && bytes.get(i + 3) != Some(&b'/');
                if !doc {
                    out.comments.push(Comment {
                        range: i..end,
                        block: false,
                    });
                }
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => match block_comment_end(bytes, i) {
                Some((end, too_deep)) => {
                    if out.too_deep.is_none() {
                        out.too_deep = too_deep;
                    }
                    out.comments.push(Comment {
                        range: i..end,
                        block: true,
                    });
                    i = end;
                }
                None => {
                    out.unterminated_comment = Some(i);
                    return out;
                }
            },
            b'{' | b'(' => {
                depth += 1;
                if depth > MAX_NESTING && out.too_deep.is_none() {
                    out.too_deep = Some(i);
                }
                i += 1;
            }
            b'}' | b')' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            // A byte-order mark is whitespace; any other non-ASCII
            // character is in a name (or is stray). The loop is at a
            // character boundary here: it steps over whole characters.
            b if b >= 0x80 => {
                if text[i..].starts_with('\u{FEFF}') {
                    i += '\u{FEFF}'.len_utf8();
                    continue;
                }
                let word = word_around(text, i);
                i = word.end.max(i + 1);
                while !text.is_char_boundary(i) {
                    i += 1;
                }
                if out.non_ascii_words.last() != Some(&word) {
                    out.non_ascii_words.push(word);
                }
            }
            _ => i += 1,
        }
    }
    out
}

/// The word (letters, digits, `_`, any non-ASCII character) around `at`.
fn word_around(text: &str, at: usize) -> Range<usize> {
    let in_word =
        |c: char| c.is_alphanumeric() || c == '_' || (!c.is_ascii() && !c.is_whitespace());
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| in_word(c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .find(|&(_, c)| !in_word(c))
        .map_or(text.len(), |(i, _)| at + i);
    start..end
}

/// Past the closing quote (and `true`), or at the end of the line for an
/// unclosed string (and `false`).
fn skip_string(bytes: &[u8], start: usize) -> (usize, bool) {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return (i + 1, true),
            b'\n' => return (i, false),
            b'\\' if bytes.get(i + 1).is_some_and(|&b| b != b'\n') => i += 2,
            _ => i += 1,
        }
    }
    (i, false)
}

/// Block comments nest, as in Rust. Returns the end of the comment and
/// where it first nests deeper than [`MAX_NESTING`], if it does.
fn block_comment_end(bytes: &[u8], start: usize) -> Option<(usize, Option<usize>)> {
    let mut depth = 0usize;
    let mut too_deep = None;
    let mut i = start;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                if depth > MAX_NESTING && too_deep.is_none() {
                    too_deep = Some(i);
                }
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some((i, too_deep));
                }
            }
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_comments_but_not_doc_comments_or_strings() {
        let text = "// a\n/// doc\n//// four\nx \"// no\" /* b /* nested */ */\n";
        let s = scan(text);
        let found: Vec<&str> = s.comments.iter().map(|c| &text[c.range.clone()]).collect();
        assert_eq!(found, ["// a", "//// four", "/* b /* nested */ */"]);
    }

    #[test]
    fn reports_unclosed_block_comment_and_depth() {
        assert_eq!(scan("a /* b").unterminated_comment, Some(2));
        let deep = "{".repeat(MAX_NESTING + 1);
        assert_eq!(scan(&deep).too_deep, Some(MAX_NESTING));
        assert_eq!(scan(&"{".repeat(MAX_NESTING)).too_deep, None);
        let comments = format!(
            "{}{}",
            "/*".repeat(MAX_NESTING + 1),
            "*/".repeat(MAX_NESTING + 1)
        );
        assert_eq!(scan(&comments).too_deep, Some(2 * MAX_NESTING));
    }

    #[test]
    fn finds_names_with_non_ascii_characters() {
        let text = "\u{FEFF}model Café {\n  prénom string \"é ok\" // é ok\n}";
        let words: Vec<&str> = scan(text)
            .non_ascii_words
            .iter()
            .map(|r| &text[r.clone()])
            .collect();
        assert_eq!(words, ["Café", "prénom"]);
    }

    #[test]
    fn reports_strings_left_open_at_the_end_of_a_line() {
        let s = scan("a \"ok\" \"open\n\"x\\\"\" \"\n\"esc\\\"\n");
        assert_eq!(s.unterminated_strings, [7..12, 19..20, 21..27]);
    }
}
