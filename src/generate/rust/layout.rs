//! How the generated code is laid out: the few places where the
//! generator follows rustfmt's width rules (signatures, calls, arrays,
//! string constants, doc lines), so that `cargo fmt` leaves generated files
//! as they are.

use super::backend::Driver;
use crate::ir::ident;

/// rustfmt's line width.
pub(super) const WIDTH: usize = 100;

/// A Rust string literal.
pub(super) fn literal(s: &str) -> String {
    format!("{s:?}")
}

/// `text` cut into lines of at most `width` characters, at spaces.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        match lines.last_mut() {
            Some(line) if line.len() + 1 + word.len() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// `pub const NAME: &[&str] = &[...];` laid out as rustfmt does: on one
/// line when the array is short (rustfmt's `array_width`, 60) and the line
/// fits, else one item per line.
pub(super) fn str_array(name: &str, items: &[String]) -> String {
    let array = format!("[{}]", items.join(", "));
    let line = format!("pub const {name}: &[&str] = &{array};");
    if array.len() <= 60 && line.len() <= WIDTH {
        return line;
    }
    let mut out = format!("pub const {name}: &[&str] = &[\n");
    for item in items {
        out.push_str(&format!("    {item},\n"));
    }
    out.push_str("];");
    out
}

/// `const NAME: &str = "...";` laid out as rustfmt does: broken after `=`
/// when that makes it fit, else on one line (a string can't be broken).
pub(super) fn const_str(name: &str, sql: &str) -> String {
    let lit = literal(sql);
    let one = format!("const {name}: &str = {lit};");
    if one.len() <= WIDTH || 4 + lit.len() + 1 > WIDTH {
        one
    } else {
        format!("const {name}: &str =\n    {lit};")
    }
}

/// A method signature (indented in an `impl`) laid out as rustfmt does: on
/// one line when it fits, else one parameter per line.
pub(super) fn signature(head: &str, params: &[String], ret: &str) -> String {
    let one = format!("    {head}({}) -> {ret} {{", params.join(", "));
    if one.len() <= WIDTH {
        return one;
    }
    let mut out = format!("    {head}(\n");
    for p in params {
        out.push_str(&format!("        {p},\n"));
    }
    out.push_str(&format!("    ) -> {ret} {{"));
    out
}

/// The signature of a method on `&self` taking the connection and maybe
/// one more parameter.
pub(super) fn on_self(
    backend: &dyn Driver,
    head: impl AsRef<str>,
    param: Option<String>,
    ret: impl AsRef<str>,
) -> String {
    let mut params = vec!["&self".to_string(), backend.conn().to_string()];
    params.extend(param);
    signature(head.as_ref(), &params, ret.as_ref())
}

pub(super) fn doc_lines(docs: &[String], prefix: &str) -> Vec<String> {
    docs.iter()
        .flat_map(|d| ident::comment_lines(d))
        .map(|d| {
            if d.is_empty() {
                prefix.to_string()
            } else {
                format!("{prefix} {d}")
            }
        })
        .collect()
}

/// `pub use module::{A, B};`, on one line when it fits, else as rustfmt
/// breaks it: the names packed on indented lines.
pub(super) fn reexport(module: &str, names: &[String]) -> String {
    short_list(&format!("pub use {module}::{{"), names, "};")
}

/// `open`, the items, `close`: on one line when it fits, else the items
/// packed on indented lines between `open` and `close`, as rustfmt lays
/// out a `use` list or a derive list.
pub(super) fn short_list(open: &str, items: &[String], close: &str) -> String {
    let one = format!("{open}{}{close}", items.join(", "));
    if one.len() <= WIDTH {
        return one;
    }
    let mut out = format!("{open}\n");
    for line in packed(items, 4) {
        out.push_str(&format!("    {line}\n"));
    }
    out.push_str(close);
    out
}

/// Items, each followed by a comma, packed on lines as rustfmt packs a
/// list of short items at `indent`: as many on a line as fit the width.
pub(super) fn packed(items: &[String], indent: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for item in items {
        let item = format!("{item},");
        if !line.is_empty() && indent + line.len() + 1 + item.len() > WIDTH {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&item);
    }
    lines.push(line);
    lines
}
