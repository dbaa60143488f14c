//! The canonical layout of a `.models` file (`ormgen fmt`).
//!
//! - two-space indentation, one blank line between file-level items, at most
//!   one blank line kept between the members of a model;
//! - attribute names, types and modifiers aligned in columns within each run
//!   of attributes not broken by a blank line;
//! - one association per line; an object on one line when it fits in
//!   [`MAX_WIDTH`] columns and holds no comment, else one entry per line;
//! - comments kept: a comment on the same line as a node stays after it,
//!   other comments stay before the node that follows them. A comment the
//!   layout has no room for (inside an attribute, say) moves to the line
//!   before the next node; none is ever dropped.
//!
//! The printer reads only the syntax tree and the comments, so formatting
//! cannot change meaning: the output parses to an equal tree (tested).

use super::ast::*;
use super::scan::Comment;
use crate::diagnostics::Diagnostic;
use crate::source::FileId;

/// Lines longer than this put their object one entry per line.
pub const MAX_WIDTH: usize = 100;
const INDENT: &str = "  ";

/// Formats one file's text. Files with syntax errors are not formatted:
/// their diagnostics are returned instead.
pub fn format_source(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let parsed = super::parse(file, text);
    match parsed.file {
        Some(tree) if !parsed.has_errors() => Ok(format(&tree, text, &parsed.comments)),
        _ => Err(parsed.diagnostics),
    }
}

/// Prints `file` (parsed from `text`, whose comments are `comments`).
pub fn format(file: &File, text: &str, comments: &[Comment]) -> String {
    let mut p = Printer {
        text,
        comments,
        next: 0,
        out: String::with_capacity(text.len() + text.len() / 8),
        last_end: 0,
        block_start: true,
    };
    for item in &file.items {
        p.item(item);
    }
    p.leading(usize::MAX, 0);
    p.out
}

struct Printer<'a> {
    text: &'a str,
    comments: &'a [Comment],
    /// The first comment not yet printed.
    next: usize,
    out: String,
    /// Source offset of the end of what was printed last.
    last_end: usize,
    /// Nothing printed yet in the current block: no blank line goes here.
    block_start: bool,
}

impl Printer<'_> {
    // ------------------------------------------------------------ lines

    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.out.push_str(INDENT);
        }
    }

    /// Ends the current line: comments that follow `src_end` on its source
    /// line are kept at its end.
    fn end_line(&mut self, src_end: usize) {
        self.end_line_before(src_end, usize::MAX);
    }

    /// As [`Printer::end_line`], taking only comments that start before
    /// `limit`: after an opening brace, a comment that follows the first
    /// entry on the same line belongs to that entry.
    fn end_line_before(&mut self, src_end: usize, limit: usize) {
        self.last_end = self.last_end.max(src_end);
        while let Some(c) = self.comments.get(self.next) {
            if c.range.start < src_end
                || c.range.start >= limit
                || self.text[src_end..c.range.start].contains('\n')
            {
                break;
            }
            self.out.push(' ');
            self.out.push_str(comment_text(self.text, c));
            self.last_end = c.range.end;
            self.next += 1;
        }
        self.out.push('\n');
        self.block_start = false;
    }

    /// Keeps one blank line where the source had at least one before `pos`.
    fn gap(&mut self, pos: usize) {
        if !self.block_start
            && pos > self.last_end
            && !self.out.ends_with("\n\n")
            && has_blank_line(&self.text[self.last_end..pos])
        {
            self.out.push('\n');
        }
    }

    /// Prints, each on its own line, the comments that start before `pos`.
    fn leading(&mut self, pos: usize, level: usize) {
        while let Some(c) = self.comments.get(self.next) {
            if c.range.start >= pos {
                break;
            }
            self.gap(c.range.start);
            self.indent(level);
            self.out.push_str(comment_text(self.text, c));
            self.out.push('\n');
            self.last_end = c.range.end;
            self.block_start = false;
            self.next += 1;
        }
    }

    /// Prints the comments that start before `pos` in the middle of a
    /// line (between a key and its value): a block comment stays on the
    /// line; a line comment ends it, and what follows goes on the next line,
    /// indented `level` deep.
    fn between(&mut self, pos: usize, level: usize) {
        while let Some(c) = self.comments.get(self.next) {
            if c.range.start >= pos {
                break;
            }
            self.out.push_str(comment_text(self.text, c));
            if c.block {
                self.out.push(' ');
            } else {
                self.out.push('\n');
                self.indent(level);
            }
            self.last_end = c.range.end;
            self.next += 1;
        }
    }

    /// A blank line between `start` and `end`, not counting the inside of
    /// comments (a block comment may hold blank lines).
    fn blank_line_outside_comments(&self, start: usize, end: usize) -> bool {
        let mut from = start;
        for c in self
            .comments
            .iter()
            .filter(|c| c.range.end > start && c.range.start < end)
        {
            if has_blank_line(&self.text[from..c.range.start.max(from)]) {
                return true;
            }
            from = c.range.end.min(end).max(from);
        }
        has_blank_line(&self.text[from..end])
    }

    fn has_comment_in(&self, start: usize, end: usize) -> bool {
        self.comments[self.next..]
            .iter()
            .take_while(|c| c.range.start < end)
            .any(|c| c.range.start >= start)
    }

    fn docs(&mut self, docs: &[Doc], level: usize) {
        for (i, doc) in docs.iter().enumerate() {
            self.leading(doc.span.start as usize, level);
            if i == 0 {
                self.gap(doc.span.start as usize);
            }
            self.indent(level);
            self.out.push_str("///");
            if !doc.text.is_empty() {
                self.out.push(' ');
                self.out.push_str(&doc.text);
            }
            self.end_line(doc.span.end as usize);
        }
    }

    /// Comments, docs, then the start of the node's own line.
    fn open_node(&mut self, docs: &[Doc], start: usize, level: usize) {
        let first = docs.first().map_or(start, |d| d.span.start as usize);
        self.leading(first, level);
        self.docs(docs, level);
        self.leading(start, level);
        if docs.is_empty() {
            self.gap(start);
        }
    }

    // ------------------------------------------------------------ items

    fn item(&mut self, item: &Item) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        self.block_start = true;
        match item {
            Item::Options(o) => self.options(o, 0),
            Item::Enum(e) => self.enum_decl(e),
            Item::Model(m) => self.model(m),
        }
    }

    fn options(&mut self, o: &OptionsBlock, level: usize) {
        self.open_node(&o.docs, o.span.start as usize, level);
        self.indent(level);
        self.out.push_str("options ");
        let width = level * INDENT.len() + "options ".len();
        self.object(&o.object, level, width);
        self.end_line(o.span.end as usize);
    }

    /// The position of the `{` that opens a declaration's body.
    fn open_brace(&self, name: &Ident) -> usize {
        let from = name.span.end as usize;
        from + self.text[from..].find('{').unwrap_or(0)
    }

    fn enum_decl(&mut self, e: &EnumDecl) {
        self.open_node(&e.docs, e.span.start as usize, 0);
        let brace = self.open_brace(&e.name);
        let end = e.end.start as usize;
        // A comment between the name and `{` goes before the enum, where
        // the next run finds it again: the layout is decided on the rest.
        self.leading(brace, 0);
        let one_line = format!(
            "enum {} {{ {} }}",
            e.name.name,
            e.variants
                .iter()
                .map(|v| v.name.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let fits = one_line.len() <= MAX_WIDTH
            && e.variants.iter().all(|v| v.docs.is_empty())
            && !self.has_comment_in(brace, end);
        if e.variants.is_empty() && fits {
            self.out.push_str(&format!("enum {} {{}}", e.name.name));
        } else if fits {
            self.out.push_str(&one_line);
        } else {
            self.out.push_str(&format!("enum {} {{", e.name.name));
            let first = e
                .variants
                .first()
                .map_or(end, |v| first_start(&v.docs, v.name.span.start as usize));
            self.end_line_before(brace + 1, first);
            self.block_start = true;
            for v in &e.variants {
                let start = v.name.span.start as usize;
                self.open_node(&v.docs, start, 1);
                self.indent(1);
                self.out.push_str(&v.name.name);
                self.end_line(v.name.span.end as usize);
            }
            self.leading(end, 1);
            self.out.push('}');
        }
        self.end_line(e.end.end as usize);
    }

    fn model(&mut self, m: &ModelDecl) {
        self.open_node(&m.docs, m.span.start as usize, 0);
        let brace = self.open_brace(&m.name);
        let end = m.end.start as usize;
        // A comment between the name and `{` goes before the model, where
        // the next run finds it again.
        self.leading(brace, 0);
        if m.members.is_empty() && !self.has_comment_in(brace, end) {
            self.out.push_str(&format!("model {} {{}}", m.name.name));
            self.end_line(m.end.end as usize);
            return;
        }
        self.out.push_str(&format!("model {} {{", m.name.name));
        let first = m
            .members
            .first()
            .map_or(end, |m| first_start(m.docs(), m.span().start as usize));
        self.end_line_before(brace + 1, first);
        self.block_start = true;
        let widths = self.column_widths(&m.members);
        for (member, width) in m.members.iter().zip(widths) {
            self.member(member, width);
        }
        self.leading(end, 1);
        self.out.push('}');
        self.end_line(m.end.end as usize);
    }

    /// For each attribute, the widths of the name and type columns of its
    /// run: attributes that follow each other without a blank line.
    fn column_widths(&self, members: &[Member]) -> Vec<(usize, usize)> {
        let mut widths = vec![(0, 0); members.len()];
        let mut i = 0;
        while i < members.len() {
            let Member::Attribute(first) = &members[i] else {
                i += 1;
                continue;
            };
            let mut run = vec![first];
            let mut j = i + 1;
            while let Some(Member::Attribute(next)) = members.get(j) {
                let prev_end = run[run.len() - 1].span.end as usize;
                let start = first_start(&next.docs, next.span.start as usize);
                if self.blank_line_outside_comments(prev_end, start.max(prev_end)) {
                    break;
                }
                run.push(next);
                j += 1;
            }
            let texts: Vec<_> = run.iter().map(|a| attr_text(a)).collect();
            let name_w = texts.iter().map(|t| t.0.len()).max().unwrap_or(0);
            let type_w = texts.iter().map(|t| t.1.len()).max().unwrap_or(0);
            widths[i..j].fill((name_w, type_w));
            i = j;
        }
        widths
    }

    fn member(&mut self, member: &Member, (name_w, type_w): (usize, usize)) {
        match member {
            Member::Options(o) => self.options(o, 1),
            Member::Attribute(a) => {
                self.open_node(&a.docs, a.span.start as usize, 1);
                // A comment inside the attribute has no place on its line.
                self.leading(a.span.end as usize, 1);
                let (name, ty, modifiers) = attr_text(a);
                self.indent(1);
                let line = if modifiers.is_empty() {
                    format!("{name:<name_w$} {ty}")
                } else {
                    format!("{name:<name_w$} {ty:<type_w$} {modifiers}")
                };
                self.out.push_str(line.trim_end());
                self.end_line(a.span.end as usize);
            }
            Member::Association(a) => {
                self.open_node(&a.docs, a.span.start as usize, 1);
                let options_start = a.options.as_ref().map_or(a.span.end, |o| o.span.start);
                self.leading(options_start as usize, 1);
                self.indent(1);
                let mut head = format!("{} {}", a.kind.keyword(), a.target.name);
                if let Some(alias) = &a.alias {
                    head.push_str(" as ");
                    head.push_str(&alias.name);
                }
                self.out.push_str(&head);
                if let Some(options) = &a.options {
                    self.out.push(' ');
                    self.object(options, 1, INDENT.len() + head.len() + 1);
                }
                self.end_line(a.span.end as usize);
            }
            Member::Index(i) => {
                self.open_node(&i.docs, i.span.start as usize, 1);
                self.leading(i.span.end as usize, 1);
                self.indent(1);
                let columns: Vec<&str> = i.columns.iter().map(|c| c.name.as_str()).collect();
                let keyword = if i.unique { "unique" } else { "index" };
                self.out
                    .push_str(&format!("{keyword} ({})", columns.join(", ")));
                self.end_line(i.span.end as usize);
            }
        }
    }

    // ------------------------------------------------------------ objects

    /// Prints an object whose `{` goes at column `column` of a line indented
    /// `level` deep. The caller ends the line after the closing brace.
    fn object(&mut self, o: &Object, level: usize, column: usize) {
        let start = o.span.start as usize;
        let end = o.end.start as usize;
        if !self.has_comment_in(start, end) {
            let one_line = object_one_line(o);
            if column + one_line.len() <= MAX_WIDTH {
                self.out.push_str(&one_line);
                self.last_end = o.span.end as usize;
                return;
            }
        }
        self.out.push('{');
        let first = o.entries.first().map_or(end, |e| e.key.span.start as usize);
        self.end_line_before(start + 1, first);
        self.block_start = true;
        for entry in &o.entries {
            self.leading(entry.key.span.start as usize, level + 1);
            self.indent(level + 1);
            self.out.push_str(&entry.key.name);
            self.out.push_str(": ");
            if let ValueKind::Object(inner) = &entry.value.kind {
                let column = (level + 1) * INDENT.len() + entry.key.name.len() + 2;
                self.object(inner, level + 1, column);
            } else {
                self.between(entry.value.span.start as usize, level + 2);
                self.out.push_str(&value_text(&entry.value));
            }
            self.end_line(entry.value.span.end as usize);
        }
        self.leading(end, level + 1);
        self.indent(level);
        self.out.push('}');
        self.last_end = o.span.end as usize;
    }
}

fn first_start(docs: &[Doc], start: usize) -> usize {
    docs.first().map_or(start, |d| d.span.start as usize)
}

/// A line holding only whitespace between two line breaks.
fn has_blank_line(between: &str) -> bool {
    let mut lines = between.split('\n');
    lines.next();
    let mut middle = lines.collect::<Vec<_>>();
    middle.pop();
    middle.iter().any(|l| l.trim().is_empty())
}

fn attr_text(a: &Attribute) -> (String, String, String) {
    let modifiers: Vec<String> = a.modifiers.iter().map(|m| modifier_text(&m.kind)).collect();
    (
        a.name.name.to_string(),
        type_text(&a.ty),
        modifiers.join(" "),
    )
}

pub fn type_text(ty: &TypeExpr) -> String {
    match &ty.kind {
        TypeKind::Named(name) => name.to_string(),
        TypeKind::Scalar(ScalarType::String { length: Some(n) }) => format!("string({n})"),
        TypeKind::Scalar(ScalarType::Decimal {
            precision: Some(p),
            scale,
        }) => match scale {
            Some(s) => format!("decimal({p}, {s})"),
            None => format!("decimal({p})"),
        },
        TypeKind::Scalar(scalar) => scalar.keyword().to_string(),
    }
}

fn modifier_text(kind: &ModifierKind) -> String {
    let keyword = kind.keyword();
    match kind {
        ModifierKind::PrimaryKey | ModifierKind::AutoIncrement | ModifierKind::NotNull => {
            keyword.to_string()
        }
        ModifierKind::Unique(None) => keyword.to_string(),
        ModifierKind::Unique(Some(s))
        | ModifierKind::Column(s)
        | ModifierKind::Comment(s)
        | ModifierKind::RenamedFrom(s) => format!("{keyword}({})", quote(&s.value)),
        ModifierKind::Default(v) => format!("{keyword}({})", value_text(v)),
    }
}

fn object_one_line(o: &Object) -> String {
    if o.entries.is_empty() {
        return "{}".into();
    }
    let entries: Vec<String> = o
        .entries
        .iter()
        .map(|e| format!("{}: {}", e.key.name, value_text(&e.value)))
        .collect();
    format!("{{ {} }}", entries.join(", "))
}

pub fn value_text(v: &Value) -> String {
    match &v.kind {
        ValueKind::Ident(s) | ValueKind::Number(s) => s.to_string(),
        ValueKind::Str(s) => quote(s),
        ValueKind::Bool(b) => b.to_string(),
        ValueKind::Null => "null".into(),
        ValueKind::Object(o) => object_one_line(o),
    }
}

/// A string literal in the language's escapes.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment as printed: a line comment without the spaces and carriage
/// returns it ended with (a `\r` before the line break is taken as part of
/// the break, so `// a\r\r` would otherwise lose one per run).
fn comment_text<'t>(text: &'t str, c: &Comment) -> &'t str {
    let s = &text[c.range.clone()];
    if c.block { s } else { s.trim_end() }
}
