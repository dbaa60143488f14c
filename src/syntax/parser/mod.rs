//! From pest pairs to the typed syntax tree. Nothing after this module sees
//! a pest type.

mod lower;
mod recovery;
mod values;

use super::ast::*;
use super::scan::{self, Comment, MAX_NESTING};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};
use recovery::Source;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/models.pest"]
pub(crate) struct ModelsParser;

pub(super) type Pair<'i> = pest::iterators::Pair<'i, Rule>;

/// What parsing one file gives: its tree (absent when the text does not
/// follow the grammar), its ordinary comments, and its problems.
#[derive(Debug)]
pub struct Parsed {
    pub file: Option<File>,
    pub comments: Vec<Comment>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Words that can't name a model or an enum.
pub const KEYWORDS: &[&str] = &[
    "model",
    "enum",
    "options",
    "hasOne",
    "belongsTo",
    "hasMany",
    "belongsToMany",
    "as",
    "index",
    "unique",
];

pub fn parse(file: FileId, text: &str) -> Parsed {
    let scanned = scan::scan(text);
    let failed = |diagnostic| Parsed {
        file: None,
        comments: Vec::new(),
        diagnostics: vec![diagnostic],
    };
    if let Some(at) = scanned.unterminated_comment {
        return failed(
            Diagnostic::error(
                Code::UnterminatedComment,
                Span::new(file, at..at + 2),
                "unterminated block comment",
            )
            .with_span_label("this `/*` is never closed")
            .with_help(
                "close it with `*/` (block comments nest, so every `/*` needs its own `*/`)",
            ),
        );
    }
    if !scanned.non_ascii_words.is_empty() {
        return Parsed {
            file: None,
            comments: Vec::new(),
            diagnostics: scanned
                .non_ascii_words
                .iter()
                .map(|range| {
                    let word = &text[range.clone()];
                    let ascii = fold_to_ascii(word);
                    Diagnostic::error(
                        Code::NonAsciiName,
                        Span::new(file, range.clone()),
                        format!("`{word}` is not a name: names are ASCII letters, digits and `_`"),
                    )
                    .with_span_label("not ASCII")
                    .with_help(match ascii {
                        Some(ascii) => format!(
                            "write it in ASCII, such as `{ascii}`; any text can go in a \"string\" or a comment"
                        ),
                        None => "write the name in ASCII; any text can go in a \"string\" or a comment".to_string(),
                    })
                })
                .collect(),
        };
    }
    if !scanned.unterminated_strings.is_empty() {
        return Parsed {
            file: None,
            comments: Vec::new(),
            diagnostics: scanned
                .unterminated_strings
                .iter()
                .map(|range| {
                    Diagnostic::error(
                        Code::UnterminatedString,
                        Span::new(file, range.clone()),
                        "unterminated string",
                    )
                    .with_span_label("this string is not closed on its line")
                    .with_help("end it with `\"`; write a line break inside a string as `\\n`")
                })
                .collect(),
        };
    }
    if let Some(at) = scanned.too_deep {
        return failed(
            Diagnostic::error(
                Code::NestingTooDeep,
                Span::new(file, at..at + 1),
                format!("brackets or block comments nested more than {MAX_NESTING} deep"),
            )
            .with_span_label("too deep")
            .with_help("options objects need only a few levels; check for unclosed `{` or `(`"),
        );
    }
    let mut parsed = Parsed {
        file: None,
        comments: scanned.comments,
        diagnostics: Vec::new(),
    };
    let source = Source {
        file,
        text,
        blanked: blank_comments(text, &parsed.comments),
    };
    let (file, diagnostics) = source.parse_items();
    parsed.diagnostics = diagnostics;
    parsed.file = Some(file);
    parsed
}

/// A name with common Latin letters folded to ASCII (`Café` → `Cafe`),
/// when every character folds.
fn fold_to_ascii(word: &str) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        let folded = match c {
            c if c.is_ascii_alphanumeric() || c == '_' => {
                out.push(c);
                continue;
            }
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "A",
            'è' | 'é' | 'ê' | 'ë' => "e",
            'È' | 'É' | 'Ê' | 'Ë' => "E",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'Ì' | 'Í' | 'Î' | 'Ï' => "I",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "O",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'Ù' | 'Ú' | 'Û' | 'Ü' => "U",
            'ç' => "c",
            'Ç' => "C",
            'ñ' => "n",
            'Ñ' => "N",
            'ß' => "ss",
            'æ' => "ae",
            'Æ' => "AE",
            _ => return None,
        };
        out.push_str(folded);
    }
    Some(out)
}

/// The text pest parses: every ordinary comment replaced by spaces (line
/// breaks kept), every tab and byte-order mark too, and every line break
/// `\n` (`\r\n` becomes ` \n`, a lone `\r` becomes `\n`). Comments are
/// found in one place, the scanner (which `fmt` and the checks before
/// parsing need anyway), and the grammar needs no rule for them: a block
/// comment that spans lines ends a statement as a line break does, and
/// whitespace is one character. Every offset stays the same; string
/// literals and doc comments, where a tab means itself, are read from the
/// original text.
fn blank_comments(text: &str, comments: &[Comment]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for i in 0..bytes.len() {
        match bytes[i] {
            b'\t' => bytes[i] = b' ',
            b'\r' if bytes.get(i + 1) == Some(&b'\n') => bytes[i] = b' ',
            b'\r' => bytes[i] = b'\n',
            _ => {}
        }
    }
    for comment in comments {
        for b in &mut bytes[comment.range.clone()] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    for (at, bom) in text.match_indices('\u{FEFF}') {
        bytes[at..at + bom.len()].fill(b' ');
    }
    // Whole characters were replaced by ASCII spaces, so this is UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
