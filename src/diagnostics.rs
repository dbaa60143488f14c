//! Diagnostics: what ormgen tells its users about their schema.
//!
//! The library never prints: every stage returns [`Diagnostic`] values, and
//! the same values are rendered for a terminal ([`render_human`]), as JSON
//! ([`render_json`]) or into a build script's error.

use crate::source::{Sources, Span};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::term;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

macro_rules! codes {
    ($($(#[$doc:meta])* $name:ident = $code:literal,)*) => {
        /// Every diagnostic has a stable code, listed in `docs/diagnostics.md`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code { $($(#[$doc])* $name,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $code,)* }
            }
        }
    };
}

codes! {
    /// The text does not follow the grammar.
    Syntax = "E0001",
    /// A string literal reaches the end of its line.
    UnterminatedString = "E0002",
    /// A `\` escape other than `\"`, `\\` or `\n`.
    InvalidEscape = "E0003",
    /// A `/*` comment that is never closed.
    UnterminatedComment = "E0004",
    /// A word after an attribute type that is no modifier.
    UnknownModifier = "E0005",
    /// Wrong parameters for a type, such as `string(0)` or `integer(3)`.
    InvalidTypeArguments = "E0006",
    /// Wrong parameters for a modifier, such as `column(1)`.
    InvalidModifierArguments = "E0007",
    /// A keyword or built-in type used as a model or enum name.
    ReservedName = "E0008",
    /// Brackets nested deeper than the language allows.
    NestingTooDeep = "E0009",
    /// A doc comment with nothing after it to document.
    StrayDocComment = "E0010",
    /// A file that is not UTF-8 or too large.
    UnreadableSource = "E0011",
    /// More than one file-level `options` block.
    DuplicateFileOptions = "E0012",
    /// An attribute type that is neither built in nor a declared enum.
    UnknownType = "E0013",
    /// The same modifier twice on one attribute.
    DuplicateModifier = "E0014",
    /// More problems in one file than are worth showing.
    TooManyProblems = "E0015",
    /// A name with a character outside ASCII.
    NonAsciiName = "E0016",
    /// An option name that does not exist where it is written.
    UnknownOption = "E0101",
    /// An option value of the wrong kind.
    InvalidOptionValue = "E0102",
    /// Two models or enums with one name.
    DuplicateDeclaration = "E0103",
    /// Two attributes with one name, or mapping to one column.
    DuplicateAttribute = "E0104",
    /// Two associations with one name on one model.
    DuplicateAssociation = "E0105",
    /// An association named like an attribute of its model.
    AssociationNameCollision = "E0106",
    /// An association to a model that is not declared.
    UnknownModel = "E0107",
    /// A self-association without distinct `as` and `inverse.as`.
    SelfAssociationNames = "E0108",
    /// A key option naming an attribute that does not exist.
    UnknownAttribute = "E0109",
    /// `sourceKey`/`targetKey` naming an attribute that is not unique.
    KeyNotUnique = "E0110",
    /// A declared foreign key whose type differs from the key it references.
    ForeignKeyType = "E0111",
    /// A foreign key that can't be NULL with `onDelete: SET_NULL`.
    NotNullSetNull = "E0112",
    /// `belongsToMany` without `through`.
    MissingThrough = "E0113",
    /// `autoIncrement` on something other than an integer primary key.
    InvalidAutoIncrement = "E0114",
    /// A default value that does not fit its attribute.
    InvalidDefault = "E0115",
    /// An association to a model whose primary key is composite, without a key option.
    CompositeKeyTarget = "E0116",
    /// A table or column name longer than databases keep.
    NameTooLong = "E0117",
    /// Associations whose generated accessors would have one name.
    AccessorNameCollision = "E0118",
    /// Two models (junctions included) with one table.
    DuplicateTable = "E0119",
    /// Two schema names that the generated Rust code would write as one
    /// name, or one file.
    RustNameCollision = "E0120",
    /// A name the generated code can't use: no Rust identifier, an empty
    /// SQL name, a name the generated code needs for itself, a file name
    /// too long.
    UnusableName = "E0121",
    /// Tables whose foreign keys depend on each other in a cycle.
    Cycle = "E0201",
    /// A model or enum name that is not PascalCase.
    NamingConvention = "W0001",
    /// A hand-declared hasOne foreign key that is not unique.
    HasOneForeignKeyNotUnique = "W0002",
    /// An inverse association that does without an accessor another has.
    InverseAccessorOmitted = "W0003",
    /// More warnings in one file than are worth showing.
    TooManyWarnings = "W0004",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary span with what it has to do with the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    /// Where the problem is; the caret goes here.
    pub span: Span,
    /// Label under the primary caret (may be empty).
    pub span_label: String,
    pub labels: Vec<Label>,
    /// What to write instead.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            span,
            span_label: String::new(),
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn warning(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    pub fn with_span_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.span_label = label.into();
        self
    }

    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// How many diagnostics one file shows at most.
pub const MAX_PER_FILE: usize = 100;

/// Sorts diagnostics by file and position, keeping the order of equal ones,
/// and keeps at most [`MAX_PER_FILE`] per file, followed by one saying how
/// many more there were. Errors are kept before warnings: a file with
/// thousands of warnings still shows its errors. The summary is an error
/// (E0015) when it hides errors, and a warning (W0004) when it hides only
/// warnings, so hidden warnings never fail a run.
pub fn sort_and_limit(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by_key(|d| (d.span.file, d.span.start));
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len().min(1024));
    let mut i = 0;
    while i < diagnostics.len() {
        let file = diagnostics[i].span.file;
        let end = diagnostics[i..]
            .iter()
            .position(|d| d.span.file != file)
            .map_or(diagnostics.len(), |n| i + n);
        let group = &diagnostics[i..end];
        if group.len() <= MAX_PER_FILE {
            kept.extend(group.iter().cloned());
        } else {
            let errors = group.iter().filter(|d| d.is_error()).count();
            let shown_errors = errors.min(MAX_PER_FILE);
            let shown_warnings = MAX_PER_FILE - shown_errors;
            let (mut e, mut w) = (0, 0);
            kept.extend(
                group
                    .iter()
                    .filter(|d| {
                        let (seen, allowed) = if d.is_error() {
                            (&mut e, shown_errors)
                        } else {
                            (&mut w, shown_warnings)
                        };
                        *seen += 1;
                        *seen <= allowed
                    })
                    .cloned(),
            );
            let hidden_errors = errors - shown_errors;
            let hidden_warnings = group.len() - errors - shown_warnings;
            let last = group[group.len() - 1].span;
            let at = Span {
                start: last.end,
                ..last
            };
            let summary = if hidden_errors > 0 {
                Diagnostic::error(
                    Code::TooManyProblems,
                    at,
                    format!(
                        "{} more problems in this file are not shown ({} errors, {} warnings)",
                        hidden_errors + hidden_warnings,
                        hidden_errors,
                        hidden_warnings
                    ),
                )
                .with_help("fix the ones above and run again")
            } else {
                Diagnostic::warning(
                    Code::TooManyWarnings,
                    at,
                    format!("{hidden_warnings} more warnings in this file are not shown"),
                )
                .with_help("fix the ones above and run again")
            };
            kept.push(summary);
        }
        i = end;
    }
    *diagnostics = kept;
}

fn to_codespan(d: &Diagnostic) -> cs::Diagnostic<crate::source::FileId> {
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let mut labels =
        vec![cs::Label::primary(d.span.file, d.span.range()).with_message(&d.span_label)];
    labels.extend(
        d.labels
            .iter()
            .map(|l| cs::Label::secondary(l.span.file, l.span.range()).with_message(&l.message)),
    );
    cs::Diagnostic::new(severity)
        .with_code(d.code.as_str())
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(d.help.iter().map(|h| format!("help: {h}")).collect())
}

/// Renders diagnostics as rustc does: message, location, source line,
/// carets, labels, help. Plain text, no colours.
pub fn render_human(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let config = term::Config {
        chars: term::Chars::ascii(),
        ..term::Config::default()
    };
    let mut out = String::new();
    for d in diagnostics {
        let spans: Vec<Span> = std::iter::once(d.span)
            .chain(d.labels.iter().map(|l| l.span))
            .collect();
        // Lines too long to show whole are shown cut around the spans.
        let rendered = if crate::excerpt::needed(sources, &spans) {
            let excerpt = crate::excerpt::Excerpt::new(sources, &spans);
            let mut cut = d.clone();
            cut.span = excerpt.map(d.span);
            for label in &mut cut.labels {
                label.span = excerpt.map(label.span);
            }
            term::emit_into_string(&config, &excerpt, &to_codespan(&cut))
        } else {
            term::emit_into_string(&config, sources, &to_codespan(d))
        };
        match rendered {
            Ok(text) => out.push_str(&visible(&text)),
            // Only a span outside its file gets here; still say what is wrong.
            Err(_) => out.push_str(&format!(
                "{}[{}]: {}\n",
                severity_word(d.severity),
                d.code,
                d.message
            )),
        }
    }
    out
}

/// Control characters of the schema (NUL, ESC and the like) shown as
/// the pictures Unicode has for them (`␀`, `␛`), one column wide as the
/// character was: never sent raw to a terminal, carets still in place.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('?'),
            '\u{7f}' => '\u{2421}',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A one-line count: "2 errors, 1 warning".
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

#[derive(Serialize)]
struct JsonPosition<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

impl<'a> JsonPosition<'a> {
    fn of(sources: &'a Sources, span: Span) -> JsonPosition<'a> {
        let file = sources.get(span.file);
        let (line, column) = file.line_col(span.start as usize);
        let (end_line, end_column) = file.line_col(span.end as usize);
        JsonPosition {
            file: &file.name,
            line,
            column,
            end_line,
            end_column,
        }
    }
}

#[derive(Serialize)]
struct JsonLabel<'a> {
    message: &'a str,
    #[serde(flatten)]
    position: JsonPosition<'a>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'static str,
    message: &'a str,
    #[serde(flatten)]
    position: JsonPosition<'a>,
    labels: Vec<JsonLabel<'a>>,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

/// Renders `{"diagnostics": [...]}` with 1-based lines and columns.
pub fn render_json(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let report = JsonReport {
        diagnostics: diagnostics
            .iter()
            .map(|d| {
                let mut labels = Vec::new();
                if !d.span_label.is_empty() {
                    labels.push(JsonLabel {
                        message: &d.span_label,
                        position: JsonPosition::of(sources, d.span),
                    });
                }
                labels.extend(d.labels.iter().map(|l| JsonLabel {
                    message: &l.message,
                    position: JsonPosition::of(sources, l.span),
                }));
                JsonDiagnostic {
                    severity: d.severity,
                    code: d.code.as_str(),
                    message: &d.message,
                    position: JsonPosition::of(sources, d.span),
                    labels,
                    help: d.help.as_deref(),
                }
            })
            .collect(),
    };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}
