//! Lowering: pest's pairs of file-level items, models and their members
//! into the syntax tree (attributes' types, modifiers and values are in
//! `values.rs`).

use super::{KEYWORDS, Pair, Rule};
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::syntax::ast::*;

pub(super) struct Lower<'t> {
    pub(super) file: FileId,
    /// The whole file; pest parsed `text[base..]`.
    pub(super) text: &'t str,
    pub(super) base: usize,
    /// What pest parsed: the text from `base` on, blanked (see
    /// [`blank_comments`]).
    pub(super) parsed: &'t [u8],
    pub(super) diagnostics: Vec<Diagnostic>,
    /// Scratch lists, reused: a model's members and an attribute's
    /// modifiers are gathered here and copied out at their exact length
    /// (lists grown by doubling were a quarter of the syntax trees' memory).
    pub(super) members: Vec<Member>,
    pub(super) modifiers: Vec<Modifier>,
}

impl<'t> Lower<'t> {
    /// The pair's span, without the whitespace and comments that pest's
    /// implicit skipping leaves at the end of a rule like `a ~ b?` (in the
    /// text pest parsed, comments, tabs and byte-order marks are blanks).
    pub(super) fn span(&self, pair: &Pair<'_>) -> Span {
        let (start, mut end) = (pair.as_span().start(), pair.as_span().end());
        while end > start && matches!(self.parsed[end - 1], b' ' | b'\n') {
            end -= 1;
        }
        Span::new(self.file, start + self.base..end + self.base)
    }

    /// A pair's text as written: pest saw a copy with tabs blanked.
    pub(super) fn original(&self, pair: &Pair<'_>) -> &'t str {
        &self.text[pair.as_span().start() + self.base..pair.as_span().end() + self.base]
    }

    pub(super) fn ident(&self, pair: Pair<'_>) -> Ident {
        Ident {
            name: pair.as_str().into(),
            span: self.span(&pair),
        }
    }

    pub(super) fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    pub(super) fn schema(&mut self, pair: Pair<'_>) -> File {
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

    pub(super) fn stray_docs(&mut self, pair: Pair<'_>) {
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

    pub(super) fn docs(&mut self, pair: Option<Pair<'_>>) -> Vec<Doc> {
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

    pub(super) fn options_block(&mut self, pair: Pair<'_>) -> OptionsBlock {
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

    pub(super) fn enum_decl(&mut self, pair: Pair<'_>) -> EnumDecl {
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

    pub(super) fn check_declared_name(&mut self, name: &Ident, what: &str) {
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

    pub(super) fn model_decl(&mut self, pair: Pair<'_>) -> ModelDecl {
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

    pub(super) fn index(&mut self, pair: Pair<'_>, unique: bool) -> IndexDecl {
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

    pub(super) fn association(&mut self, pair: Pair<'_>) -> Association {
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

    pub(super) fn attribute(&mut self, pair: Pair<'_>) -> Option<Attribute> {
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
    pub(super) fn name_and_args<'i>(
        &mut self,
        pair: Pair<'i>,
    ) -> (&'i str, Span, Option<Vec<Value>>, Span) {
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
}

/// Doc comments are parsed as the sibling before the item they document.
pub(super) fn with_docs(mut item: Item, docs: Vec<Doc>) -> Item {
    match &mut item {
        Item::Options(o) => o.docs = docs,
        Item::Enum(e) => e.docs = docs,
        Item::Model(m) => m.docs = docs,
    }
    item
}

pub(super) fn member_with_docs(mut member: Member, docs: Vec<Doc>) -> Member {
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
pub(super) fn take_exact<T>(scratch: &mut Vec<T>) -> Vec<T> {
    let mut exact = Vec::with_capacity(scratch.len());
    exact.append(scratch);
    exact
}

/// A node's children without keywords and line breaks.
pub(super) fn parts(pair: Pair<'_>) -> impl Iterator<Item = Pair<'_>> {
    pair.into_inner().filter(|p| {
        !matches!(
            p.as_rule(),
            Rule::nl | Rule::kw_model | Rule::kw_enum | Rule::kw_options | Rule::kw_as
        )
    })
}
