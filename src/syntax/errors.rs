//! Turning pest's "expected rule" reports into sentences a user understands.

use super::parser::Rule;
use crate::diagnostics::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::suggest::did_you_mean;
use crate::syntax::ast::{AssociationKind, ModifierKind, ScalarType};

/// What a rule is called in a message, or `None` for rules never worth
/// naming (they are implied by a neighbour in the same list).
fn describe(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::EOI => "end of file",
        Rule::nl => "end of line",
        Rule::comma => "`,`",
        Rule::kw_model | Rule::model_decl => "`model`",
        Rule::kw_enum | Rule::enum_decl => "`enum`",
        Rule::kw_options | Rule::options_block | Rule::model_options => "`options`",
        Rule::ident => "a name",
        Rule::decl_name => "a name",
        Rule::attr_name => "an attribute such as `name string`",
        Rule::type_expr | Rule::type_name => "an attribute type such as `integer` or `string(100)`",
        Rule::modifier | Rule::modifier_name => "a modifier such as `notNull` or `default(...)`",
        Rule::model_ref => "a model name",
        Rule::alias_name => "a name",
        Rule::key => "an option name",
        Rule::column_name => "an attribute name",
        Rule::args | Rule::column_list => "`(`",
        Rule::value => {
            "a value (a name, a \"string\", a number, `true`, `false`, `null` or `{ ... }`)"
        }
        Rule::object => "`{`",
        Rule::object_end | Rule::model_end | Rule::enum_end => "`}`",
        Rule::entry => "an option such as `as: owner`",
        Rule::attribute => "an attribute such as `name string`",
        Rule::association | Rule::assoc_kind => "an association such as `hasMany Task`",
        Rule::index_stmt | Rule::kw_index => "`index (...)`",
        Rule::unique_stmt | Rule::kw_unique => "`unique (...)`",
        Rule::alias | Rule::kw_as => "`as`",
        Rule::string => "a string",
        Rule::number => "a number",
        Rule::boolean => "`true` or `false`",
        Rule::null => "`null`",
        Rule::variant => "an enum variant",
        _ => return None,
    })
}

/// Keywords a misspelt word at this point may have meant.
fn keywords_for(rule: Rule) -> &'static [&'static str] {
    match rule {
        Rule::kw_model | Rule::model_decl | Rule::kw_enum | Rule::enum_decl => {
            &["model", "enum", "options"]
        }
        Rule::kw_options | Rule::options_block => &["model", "enum", "options"],
        Rule::type_expr | Rule::type_name => ScalarType::NAMES,
        Rule::modifier | Rule::modifier_name => ModifierKind::NAMES,
        Rule::association | Rule::assoc_kind => AssociationKind::NAMES,
        Rule::alias | Rule::kw_as => &["as"],
        Rule::boolean => &["true", "false"],
        Rule::null => &["null"],
        _ => &[],
    }
}

/// The token at `pos`, as a message shows it, and its byte range.
fn found_at(text: &str, pos: usize) -> (String, std::ops::Range<usize>) {
    let rest = &text[pos..];
    let Some(c) = rest.chars().next() else {
        return ("end of file".into(), pos..pos);
    };
    if c == '\n' || c == '\r' {
        return ("end of line".into(), pos..pos);
    }
    if c.is_ascii_alphanumeric() || c == '_' {
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        return (format!("`{}`", &rest[..len]), pos..pos + len);
    }
    (format!("`{c}`"), pos..pos + c.len_utf8())
}

fn join_alternatives(items: &[&str]) -> String {
    match items {
        [] => "something else".into(),
        [one] => (*one).into(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

/// The first word of the line holding `pos`, with its offset.
fn first_word_of_line(text: &str, pos: usize) -> Option<(&str, usize)> {
    let start = text[..pos].rfind('\n').map_or(0, |n| n + 1);
    let line = &text[start..];
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    let word_start = start + indent;
    let word = &text[word_start..];
    let len = word
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(word.len());
    (len > 0).then(|| (&word[..len], word_start))
}

/// A diagnostic for a pest error found when parsing `text[base..]`.
pub fn from_pest(
    err: pest::error::Error<Rule>,
    file: FileId,
    text: &str,
    base: usize,
) -> Diagnostic {
    let pos = match err.location {
        pest::error::InputLocation::Pos(p) => p + base,
        pest::error::InputLocation::Span((s, _)) => s + base,
    };
    // pest saw the `\r` of a `\r\n` as a blank (see the parser's
    // `blank_comments`): an error at the `\n` is at the end of the line.
    let pos = if text[pos..].starts_with('\n') && text[..pos].ends_with('\r') {
        pos - 1
    } else {
        pos
    };
    let mut positives = match &err.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    // Failing on the first token of a file-level item, pest names only the
    // rule of the next item; what was expected there is known.
    const FILE_LEVEL: &[Rule] = &[
        Rule::next_item,
        Rule::nl,
        Rule::EOI,
        Rule::doc,
        Rule::docs,
        Rule::kw_model,
        Rule::kw_enum,
        Rule::kw_options,
        Rule::options_block,
        Rule::enum_decl,
        Rule::model_decl,
        Rule::stray_docs,
    ];
    if positives.iter().all(|r| FILE_LEVEL.contains(r)) {
        positives = vec![Rule::kw_model, Rule::kw_enum, Rule::kw_options];
    }
    // Where a model member may start, the grammar's lookaheads leave only
    // `attr_name` in the list; every kind of member could come there.
    if positives.contains(&Rule::attr_name) {
        let closes = positives.contains(&Rule::model_end);
        positives = vec![
            Rule::attr_name,
            Rule::assoc_kind,
            Rule::kw_index,
            Rule::kw_unique,
            Rule::kw_options,
        ];
        if closes {
            positives.push(Rule::model_end);
        }
    }
    let (found, range) = found_at(text, pos);
    let mut expected: Vec<&str> = Vec::new();
    for rule in &positives {
        if let Some(words) = describe(*rule)
            && !expected.contains(&words)
        {
            expected.push(words);
        }
    }
    let message = format!("expected {}, found {found}", join_alternatives(&expected));
    let span = Span::new(file, range.clone());
    let mut diagnostic =
        Diagnostic::error(Code::Syntax, span, message).with_span_label("unexpected here");

    let word = text[range.clone()].to_string();
    let candidates = positives
        .iter()
        .flat_map(|r| keywords_for(*r).iter().copied());
    if let Some(suggestion) = did_you_mean(&word, candidates) {
        diagnostic = diagnostic.with_help(format!("did you mean `{suggestion}`?"));
    } else if let Some((first, at)) = first_word_of_line(text, pos)
        && at < pos
        && let Some(kind) = did_you_mean(first, AssociationKind::NAMES.iter().copied())
    {
        // `hasone Task { ... }` reads as an attribute named `hasone`.
        diagnostic = diagnostic
            .with_label(
                Span::new(file, at..at + first.len()),
                "this reads as an attribute name",
            )
            .with_help(format!("did you mean the association `{kind}`?"));
    }
    diagnostic
}
