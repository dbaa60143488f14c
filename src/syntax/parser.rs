//! From pest pairs to the typed syntax tree. Nothing after this module sees
//! a pest type.

use super::ast::*;
use super::errors;
use super::scan::{self, Comment, MAX_NESTING};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::suggest::did_you_mean;
use pest::Parser as _;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/models.pest"]
pub(crate) struct ModelsParser;

type Pair<'i> = pest::iterators::Pair<'i, Rule>;

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

/// One file as the grammar sees it.
struct Source<'t> {
    file: FileId,
    text: &'t str,
    /// What pest parses (see [`blank_comments`]).
    blanked: String,
}

impl Source<'_> {
    /// Parses the file. After a syntax error, the items before the one it
    /// is in are parsed on their own, and parsing resumes at the next
    /// file-level item, so that one run reports the problems of every part
    /// of the file and resolves every item that parses.
    fn parse_items(&self) -> (File, Vec<Diagnostic>) {
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
    fn parse_run(
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

struct Lower<'t> {
    file: FileId,
    /// The whole file; pest parsed `text[base..]`.
    text: &'t str,
    base: usize,
    /// What pest parsed: the text from `base` on, blanked (see
    /// [`blank_comments`]).
    parsed: &'t [u8],
    diagnostics: Vec<Diagnostic>,
    /// Scratch lists, reused: a model's members and an attribute's
    /// modifiers are gathered here and copied out at their exact length
    /// (lists grown by doubling were a quarter of the syntax trees' memory).
    members: Vec<Member>,
    modifiers: Vec<Modifier>,
}

impl<'t> Lower<'t> {
    /// The pair's span, without the whitespace and comments that pest's
    /// implicit skipping leaves at the end of a rule like `a ~ b?` (in the
    /// text pest parsed, comments, tabs and byte-order marks are blanks).
    fn span(&self, pair: &Pair<'_>) -> Span {
        let (start, mut end) = (pair.as_span().start(), pair.as_span().end());
        while end > start && matches!(self.parsed[end - 1], b' ' | b'\n') {
            end -= 1;
        }
        Span::new(self.file, start + self.base..end + self.base)
    }

    /// A pair's text as written: pest saw a copy with tabs blanked.
    fn original(&self, pair: &Pair<'_>) -> &'t str {
        &self.text[pair.as_span().start() + self.base..pair.as_span().end() + self.base]
    }

    fn ident(&self, pair: Pair<'_>) -> Ident {
        Ident {
            name: pair.as_str().into(),
            span: self.span(&pair),
        }
    }

    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn schema(&mut self, pair: Pair<'_>) -> File {
        let mut items = Vec::new();
        let mut docs = Vec::new();
        for p in pair.into_inner() {
            let item = match p.as_rule() {
                Rule::docs => {
                    docs = self.docs(Some(p));
                    continue;
                }
                Rule::options_block => Item::Options(self.options_block(p)),
                Rule::enum_decl => Item::Enum(self.enum_decl(p)),
                Rule::model_decl => Item::Model(self.model_decl(p)),
                Rule::stray_docs => {
                    self.stray_docs(p);
                    continue;
                }
                _ => continue,
            };
            items.push(with_docs(item, std::mem::take(&mut docs)));
        }
        File {
            items,
            unparsed: Vec::new(),
        }
    }

    fn stray_docs(&mut self, pair: Pair<'_>) {
        let span = self.span(&pair);
        let first = pair.into_inner().next().map_or(span, |d| self.span(&d));
        self.error(
            Diagnostic::error(
                Code::StrayDocComment,
                first,
                "doc comment documents nothing",
            )
            .with_span_label("no model, enum, attribute or association follows")
            .with_help("put it right above what it documents, or write an ordinary `//` comment"),
        );
    }

    fn docs(&mut self, pair: Option<Pair<'_>>) -> Vec<Doc> {
        let Some(pair) = pair else { return Vec::new() };
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::doc)
            .map(|p| {
                let span = self.span(&p);
                let text = p.into_inner().next().map_or("", |t| self.original(&t));
                let text = text.strip_prefix(' ').unwrap_or(text).trim_end();
                Doc {
                    text: text.to_string(),
                    span,
                }
            })
            .collect()
    }

    fn options_block(&mut self, pair: Pair<'_>) -> OptionsBlock {
        let span = self.span(&pair);
        let object = parts(pair)
            .find(|p| p.as_rule() == Rule::object)
            .map(|p| self.object(p))
            .unwrap_or_else(|| Object {
                entries: Vec::new(),
                span,
                end: span,
            });
        OptionsBlock {
            docs: Vec::new(),
            object,
            span,
        }
    }

    fn enum_decl(&mut self, pair: Pair<'_>) -> EnumDecl {
        let span = self.span(&pair);
        let mut name = None;
        let mut variants = Vec::new();
        let mut end = span;
        for p in parts(pair) {
            match p.as_rule() {
                Rule::decl_name => name = Some(self.ident(p)),
                Rule::variant => {
                    let mut docs = Vec::new();
                    for part in p.into_inner() {
                        match part.as_rule() {
                            Rule::docs => docs = self.docs(Some(part)),
                            Rule::alias_name => variants.push(Variant {
                                docs: std::mem::take(&mut docs),
                                name: self.ident(part),
                            }),
                            _ => {}
                        }
                    }
                }
                Rule::enum_end => end = self.span(&p),
                _ => {}
            }
        }
        let name = name.unwrap_or_else(|| Ident {
            name: Name::default(),
            span,
        });
        self.check_declared_name(&name, "an enum");
        EnumDecl {
            docs: Vec::new(),
            name,
            variants,
            span,
            end,
        }
    }

    fn check_declared_name(&mut self, name: &Ident, what: &str) {
        let reserved = if KEYWORDS.contains(&name.name.as_str()) {
            Some("a keyword")
        } else if ScalarType::NAMES.contains(&name.name.as_str()) {
            Some("a built-in type")
        } else {
            None
        };
        if let Some(kind) = reserved {
            self.error(
                Diagnostic::error(
                    Code::ReservedName,
                    name.span,
                    format!("`{}` is {kind} and can't name {what}", name.name),
                )
                .with_span_label("reserved")
                .with_help("choose another name, for example in PascalCase"),
            );
        }
    }

    fn model_decl(&mut self, pair: Pair<'_>) -> ModelDecl {
        let span = self.span(&pair);
        // Not `parts`: doc comments here belong to the members.
        let rest = pair.into_inner();
        let mut name = None;
        let mut members = std::mem::take(&mut self.members);
        let mut end = span;
        let mut docs = Vec::new();
        for p in rest {
            let member = match p.as_rule() {
                Rule::decl_name => {
                    name = Some(self.ident(p));
                    continue;
                }
                Rule::docs => {
                    docs = self.docs(Some(p));
                    continue;
                }
                Rule::model_options => Member::Options(self.options_block(p)),
                Rule::attribute => match self.attribute(p) {
                    Some(a) => Member::Attribute(a),
                    None => continue,
                },
                Rule::association => Member::Association(self.association(p)),
                Rule::index_stmt => Member::Index(self.index(p, false)),
                Rule::unique_stmt => Member::Index(self.index(p, true)),
                Rule::stray_docs => {
                    self.stray_docs(p);
                    continue;
                }
                Rule::model_end => {
                    end = self.span(&p);
                    continue;
                }
                _ => continue,
            };
            members.push(member_with_docs(member, std::mem::take(&mut docs)));
        }
        let name = name.unwrap_or_else(|| Ident {
            name: Name::default(),
            span,
        });
        self.check_declared_name(&name, "a model");
        let exact = take_exact(&mut members);
        self.members = members;
        ModelDecl {
            docs: Vec::new(),
            name,
            members: exact,
            span,
            end,
        }
    }

    fn index(&mut self, pair: Pair<'_>, unique: bool) -> IndexDecl {
        let span = self.span(&pair);
        let columns = parts(pair)
            .filter(|p| p.as_rule() == Rule::column_list)
            .flat_map(|p| p.into_inner())
            .filter(|p| p.as_rule() == Rule::column_name)
            .map(|p| self.ident(p))
            .collect();
        IndexDecl {
            docs: Vec::new(),
            unique,
            columns,
            span,
        }
    }

    fn association(&mut self, pair: Pair<'_>) -> Association {
        let span = self.span(&pair);
        let mut kind = AssociationKind::HasOne;
        let mut kind_span = span;
        let mut target = None;
        let mut alias = None;
        let mut options = None;
        for p in parts(pair) {
            match p.as_rule() {
                Rule::assoc_kind => {
                    kind_span = self.span(&p);
                    kind = AssociationKind::from_keyword(p.as_str()).unwrap_or(kind);
                }
                Rule::model_ref => target = Some(self.ident(p)),
                Rule::alias => {
                    alias = p
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::alias_name)
                        .map(|p| self.ident(p));
                }
                Rule::object => options = Some(Box::new(self.object(p))),
                _ => {}
            }
        }
        let target = target.unwrap_or_else(|| Ident {
            name: Name::default(),
            span,
        });
        Association {
            docs: Vec::new(),
            kind,
            kind_span,
            target,
            alias,
            options,
            span,
        }
    }

    fn attribute(&mut self, pair: Pair<'_>) -> Option<Attribute> {
        let span = self.span(&pair);
        let mut rest = parts(pair);
        let name = self.ident(rest.next()?);
        let ty = self.type_expr(rest.next()?);
        let mut modifiers = std::mem::take(&mut self.modifiers);
        for p in rest {
            let Some(modifier) = self.modifier(p) else {
                continue;
            };
            let keyword = modifier.kind.keyword();
            if let Some(first) = modifiers.iter().find(|m| m.kind.keyword() == keyword) {
                let first = first.span;
                self.error(
                    Diagnostic::error(
                        Code::DuplicateModifier,
                        modifier.span,
                        format!("`{keyword}` is given twice"),
                    )
                    .with_span_label("again here")
                    .with_label(first, "first here")
                    .with_help("remove one of them"),
                );
                continue;
            }
            modifiers.push(modifier);
        }
        let exact = take_exact(&mut modifiers);
        self.modifiers = modifiers;
        Some(Attribute {
            docs: Vec::new(),
            name,
            ty,
            modifiers: exact,
            span,
        })
    }

    /// `name(args)`: the name as written and its span (borrowed: type and
    /// modifier names are keywords, turned into enums, not kept), the
    /// argument values (`None` without parentheses), and the span from the
    /// name to the closing parenthesis.
    fn name_and_args<'i>(&mut self, pair: Pair<'i>) -> (&'i str, Span, Option<Vec<Value>>, Span) {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let (name, name_span) = inner
            .next()
            .map_or(("", span), |p| (p.as_str(), self.span(&p)));
        let Some(args) = inner.find(|p| p.as_rule() == Rule::args) else {
            return (name, name_span, None, name_span);
        };
        let span = name_span.to(self.span(&args));
        let values = args
            .into_inner()
            .filter(|p| p.as_rule() == Rule::value)
            .map(|p| self.value(p))
            .collect();
        (name, name_span, Some(values), span)
    }

    fn type_expr(&mut self, pair: Pair<'_>) -> TypeExpr {
        let (name, _, args, span) = self.name_and_args(pair);
        let args = args.unwrap_or_default();
        let arity_error = |this: &mut Lower<'_>, message: String, help: &str| {
            let at = args
                .first()
                .map_or(span, |a| a.span.to(args[args.len() - 1].span));
            this.error(
                Diagnostic::error(Code::InvalidTypeArguments, at, message)
                    .with_span_label("here")
                    .with_help(help.to_string()),
            );
        };
        let scalar = match name {
            "string" => {
                if args.len() > 1 {
                    arity_error(
                        self,
                        "`string` takes one length".into(),
                        "write `string` or `string(100)`",
                    );
                }
                let length = args
                    .first()
                    .and_then(|a| self.whole_number(a, 1, 65_535, "a string length"));
                ScalarType::String { length }
            }
            "decimal" => {
                if args.len() > 2 {
                    arity_error(
                        self,
                        "`decimal` takes a precision and a scale".into(),
                        "write `decimal(10, 2)`: 10 digits in all, 2 after the point",
                    );
                }
                let precision = args
                    .first()
                    .and_then(|a| self.whole_number(a, 1, 1000, "a decimal precision"));
                let scale = args.get(1).and_then(|a| {
                    self.whole_number(
                        a,
                        0,
                        precision.unwrap_or(1000) as i64,
                        "a decimal scale (at most the precision)",
                    )
                });
                ScalarType::Decimal { precision, scale }
            }
            word => {
                let scalar = match word {
                    "integer" => ScalarType::Integer,
                    "bigint" => ScalarType::BigInt,
                    "smallint" => ScalarType::SmallInt,
                    "float" => ScalarType::Float,
                    "double" => ScalarType::Double,
                    "text" => ScalarType::Text,
                    "boolean" => ScalarType::Boolean,
                    "date" => ScalarType::Date,
                    "dateonly" => ScalarType::DateOnly,
                    "time" => ScalarType::Time,
                    "uuid" => ScalarType::Uuid,
                    "json" => ScalarType::Json,
                    "jsonb" => ScalarType::Jsonb,
                    "blob" => ScalarType::Blob,
                    _ => {
                        if !args.is_empty() {
                            arity_error(
                                self,
                                format!("`{word}` takes no parameters"),
                                "only `string(n)` and `decimal(p, s)` have parameters",
                            );
                        }
                        return TypeExpr {
                            kind: TypeKind::Named(name.into()),
                            span,
                        };
                    }
                };
                if !args.is_empty() {
                    arity_error(
                        self,
                        format!("`{word}` takes no parameters"),
                        &format!("write `{word}`"),
                    );
                }
                scalar
            }
        };
        TypeExpr {
            kind: TypeKind::Scalar(scalar),
            span,
        }
    }

    fn whole_number(&mut self, value: &Value, min: i64, max: i64, what: &str) -> Option<u32> {
        let parsed = match &value.kind {
            ValueKind::Number(text) => text.parse::<i64>().ok(),
            _ => None,
        };
        match parsed {
            Some(n) if (min..=max).contains(&n) => Some(n as u32),
            _ => {
                self.error(
                    Diagnostic::error(
                        Code::InvalidTypeArguments,
                        value.span,
                        format!("expected {what}: a whole number from {min} to {max}"),
                    )
                    .with_span_label("not allowed here"),
                );
                None
            }
        }
    }

    fn modifier(&mut self, pair: Pair<'_>) -> Option<Modifier> {
        let (word, name_span, args, span) = self.name_and_args(pair);
        let has_parens = args.is_some();
        let mut args = args.unwrap_or_default();
        let expect = |this: &mut Lower<'_>, ok: bool, form: &str| {
            if !ok {
                this.error(
                    Diagnostic::error(
                        Code::InvalidModifierArguments,
                        span,
                        format!("`{word}` is written `{form}`"),
                    )
                    .with_span_label("not in that form")
                    .with_help(format!("write `{form}`")),
                );
            }
            ok
        };
        let string_arg = |args: &mut Vec<Value>| match args.pop().map(|v| (v.kind, v.span)) {
            Some((ValueKind::Str(value), span)) => Some(StrLit { value, span }),
            _ => None,
        };
        let kind = match word {
            "primaryKey" | "autoIncrement" | "notNull" => {
                if !expect(self, !has_parens, word) {
                    return None;
                }
                match word {
                    "primaryKey" => ModifierKind::PrimaryKey,
                    "autoIncrement" => ModifierKind::AutoIncrement,
                    _ => ModifierKind::NotNull,
                }
            }
            "unique" => {
                let ok =
                    !has_parens || (args.len() == 1 && matches!(args[0].kind, ValueKind::Str(_)));
                if !expect(self, ok, "unique` or `unique(\"group\")") {
                    return None;
                }
                ModifierKind::Unique(string_arg(&mut args))
            }
            "default" => {
                let ok = args.len() == 1 && !matches!(args[0].kind, ValueKind::Object(_));
                if !expect(self, ok, "default(value)") {
                    return None;
                }
                ModifierKind::Default(args.pop()?)
            }
            "column" | "comment" => {
                let ok = args.len() == 1 && matches!(args[0].kind, ValueKind::Str(_));
                if !expect(self, ok, &format!("{word}(\"...\")")) {
                    return None;
                }
                let lit = string_arg(&mut args)?;
                if word == "column" {
                    ModifierKind::Column(lit)
                } else {
                    ModifierKind::Comment(lit)
                }
            }
            _ => {
                self.unknown_modifier(word, name_span);
                return None;
            }
        };
        Some(Modifier { kind, span })
    }

    fn unknown_modifier(&mut self, name: &str, span: Span) {
        // Sequelize's spellings of the same ideas.
        let help = match name {
            "allowNull" => "attributes are nullable unless marked `notNull`; write `notNull` for `allowNull: false`".to_string(),
            "field" => "write `column(\"name\")` to choose the column name".to_string(),
            "defaultValue" => "write `default(value)`".to_string(),
            word => match did_you_mean(word, ModifierKind::NAMES.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("the modifiers are {}", ModifierKind::NAMES.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")),
            },
        };
        self.error(
            Diagnostic::error(
                Code::UnknownModifier,
                span,
                format!("unknown modifier `{name}`"),
            )
            .with_span_label("not a modifier")
            .with_help(help),
        );
    }

    fn object(&mut self, pair: Pair<'_>) -> Object {
        let span = self.span(&pair);
        let mut entries = Vec::new();
        let mut end = span;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::entry => {
                    let mut inner = p.into_inner().filter(|p| p.as_rule() != Rule::nl);
                    if let (Some(key), Some(value)) = (inner.next(), inner.next()) {
                        let key = self.ident(key);
                        let value = self.value(value);
                        entries.push(Entry { key, value });
                    }
                }
                Rule::object_end => end = self.span(&p),
                _ => {}
            }
        }
        Object { entries, span, end }
    }

    fn value(&mut self, pair: Pair<'_>) -> Value {
        let pair = match pair.as_rule() {
            Rule::value => pair.clone().into_inner().next().unwrap_or(pair),
            _ => pair,
        };
        let span = self.span(&pair);
        let kind = match pair.as_rule() {
            Rule::object => ValueKind::Object(self.object(pair)),
            Rule::string => {
                let inner = pair.into_inner().next();
                let (text, at) = inner.map_or(("", span.start as usize + 1), |p| {
                    (self.original(&p), p.as_span().start() + self.base)
                });
                ValueKind::Str(self.unescape(text, at))
            }
            Rule::number => ValueKind::Number(pair.as_str().into()),
            Rule::boolean => ValueKind::Bool(pair.as_str() == "true"),
            Rule::null => ValueKind::Null,
            _ => ValueKind::Ident(pair.as_str().into()),
        };
        Value { kind, span }
    }

    fn unescape(&mut self, text: &str, at: usize) -> String {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'n')) => out.push('\n'),
                other => {
                    let len = 1 + other.map_or(0, |(_, c)| c.len_utf8());
                    self.error(
                        Diagnostic::error(
                            Code::InvalidEscape,
                            Span::new(self.file, at + i..at + i + len),
                            "unknown escape in string",
                        )
                        .with_span_label("not an escape")
                        .with_help("the escapes are `\\\"`, `\\\\` and `\\n`"),
                    );
                    if let Some((_, c)) = other {
                        out.push(c);
                    }
                }
            }
        }
        out
    }
}

/// Doc comments are parsed as the sibling before the item they document.
fn with_docs(mut item: Item, docs: Vec<Doc>) -> Item {
    match &mut item {
        Item::Options(o) => o.docs = docs,
        Item::Enum(e) => e.docs = docs,
        Item::Model(m) => m.docs = docs,
    }
    item
}

fn member_with_docs(mut member: Member, docs: Vec<Doc>) -> Member {
    match &mut member {
        Member::Options(o) => o.docs = docs,
        Member::Attribute(a) => a.docs = docs,
        Member::Association(a) => a.docs = docs,
        Member::Index(i) => i.docs = docs,
    }
    member
}

/// Moves a scratch list's items into a list of their exact length; the
/// scratch list keeps its room for the next use.
fn take_exact<T>(scratch: &mut Vec<T>) -> Vec<T> {
    let mut exact = Vec::with_capacity(scratch.len());
    exact.append(scratch);
    exact
}

/// A node's children without keywords and line breaks.
fn parts(pair: Pair<'_>) -> impl Iterator<Item = Pair<'_>> {
    pair.into_inner().filter(|p| {
        !matches!(
            p.as_rule(),
            Rule::nl | Rule::kw_model | Rule::kw_enum | Rule::kw_options | Rule::kw_as
        )
    })
}
