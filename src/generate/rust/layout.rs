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
/// fits, or on the next line when only that fits, else one item per line.
pub(super) fn str_array(name: &str, items: &[String]) -> String {
    let array = format!("[{}]", items.join(", "));
    let line = format!("pub const {name}: &[&str] = &{array};");
    // rustfmt keeps an array of one item whole, however long.
    let short = array.len() <= 60 || items.len() == 1;
    if short && line.len() <= WIDTH {
        return line;
    }
    // A short array that does not fit after `=` goes on the next line.
    let next = format!("    &{array};");
    if short && next.len() <= WIDTH {
        return format!("pub const {name}: &[&str] =\n{next}");
    }
    let mut out = format!("pub const {name}: &[&str] = &[\n");
    for item in items {
        out.push_str(&format!("    {item},\n"));
    }
    out.push_str("];");
    out
}

/// `const NAME: &str = "...";` laid out as rustfmt does (see [`const_at`]).
pub(super) fn const_str(name: &str, sql: &str) -> String {
    const_at(0, "", name, "&str", sql)
}

/// `{vis}const NAME: {ty} = "...";` at `indent`, laid out as rustfmt does:
/// broken after `=` when that makes it fit, else on one line (a string
/// can't be broken).
pub(super) fn const_at(indent: usize, vis: &str, name: &str, ty: &str, value: &str) -> String {
    let pad = " ".repeat(indent);
    let lit = literal(value);
    let one = format!("{pad}{vis}const {name}: {ty} = {lit};");
    if one.len() <= WIDTH || indent + 4 + lit.len() + 1 > WIDTH {
        one
    } else {
        format!("{pad}{vis}const {name}: {ty} =\n{pad}    {lit};")
    }
}

/// `pub type NAME = TYPE;`, broken after `=` when too long.
pub(super) fn type_alias(name: &str, ty: &str) -> String {
    let one = format!("pub type {name} = {ty};");
    if one.len() <= WIDTH {
        one
    } else {
        format!("pub type {name} =\n    {ty};")
    }
}

/// A tuple variant of one field (in an `enum` at column 0), its field on
/// a line of its own when the variant is too long.
pub(super) fn tuple_variant(name: &str, ty: &str) -> String {
    let one = format!("    {name}({ty}),");
    if one.len() <= WIDTH {
        one
    } else {
        format!("    {name}(\n        {ty},\n    ),")
    }
}

/// `pattern => expr,` at `indent`, the expression in a block of its own
/// when the arm is too long.
pub(super) fn match_arm(indent: usize, pattern: &str, expr: &str) -> String {
    let pad = " ".repeat(indent);
    let one = format!("{pad}{pattern} => {expr},");
    if one.len() <= WIDTH {
        one
    } else {
        format!("{pad}{pattern} => {{\n{pad}    {expr}\n{pad}}}")
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
/// breaks it: the names packed on indented lines. rustfmt keeps an
/// import's lines under the width (99 columns at most).
pub(super) fn reexport(module: &str, names: &[String]) -> String {
    let (open, close) = (format!("pub use {module}::{{"), "};");
    let one = format!("{open}{}{close}", names.join(", "));
    if one.len() < WIDTH {
        return one;
    }
    let mut out = format!("{open}\n");
    for line in packed(names, 4) {
        out.push_str(&format!("    {line}\n"));
    }
    out.push_str(close);
    out
}

/// `#[derive(A, B)]` as rustfmt lays it out: on one line up to 96
/// columns, else the traits on one indented line when they fit, else one
/// per line (a path such as `serde::Serialize` is no short item rustfmt
/// would pack).
pub(super) fn derive_list(traits: &[String]) -> String {
    let list = traits.join(", ");
    let one = format!("#[derive({list})]");
    if one.len() <= WIDTH - 4 {
        return one;
    }
    if 4 + list.len() + 1 < WIDTH {
        return format!("#[derive(\n    {list},\n)]");
    }
    let mut out = String::from("#[derive(\n");
    for t in traits {
        out.push_str(&format!("    {t},\n"));
    }
    out.push_str(")]");
    out
}

/// Items, each followed by a comma, packed on lines as rustfmt packs a
/// list of short items at `indent`: as many on a line as fit the width,
/// less one column for the space after a comma (the last line, whose
/// comma ends it, may take the whole width).
pub(super) fn packed(items: &[String], indent: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for (i, item) in items.iter().enumerate() {
        let item = format!("{item},");
        // A line takes 99 columns, the last item's 100: no space follows.
        let width = if i + 1 == items.len() {
            WIDTH
        } else {
            WIDTH - 1
        };
        if !line.is_empty() && indent + line.len() + 1 + item.len() > width {
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

/// rustfmt's limits on a call's arguments and an array's items on one line.
const FN_CALL_WIDTH: usize = 60;
const CHAIN_WIDTH: usize = 60;
const ARRAY_WIDTH: usize = 60;
/// Items at most this long, all simple, are packed several to a line.
const SHORT_ITEM: usize = 10;

/// `{lhs}{head}{sql}, &[{args}])?;` at `indent`, as rustfmt lays it out.
pub(super) fn call(indent: usize, lhs: &str, head: &str, sql: &str, args: &[String]) -> String {
    let pad = " ".repeat(indent);
    let array = format!("&[{}]", args.join(", "));
    let inner = format!("{sql}, {array}");
    let one = format!("{lhs}{head}{inner})?;");
    if inner.len() <= FN_CALL_WIDTH {
        // rustfmt keeps two columns spare for `?;` on such a line.
        if indent + one.len() <= WIDTH - 2 {
            return one;
        }
        // `let x =` then the call on the next line.
        let next = format!("{head}{inner})?;");
        if !lhs.is_empty() && indent + 4 + next.len() <= WIDTH {
            return format!("{}\n{pad}    {next}", lhs.trim_end());
        }
    }
    format!(
        "{lhs}{head}\n{}\n{pad})?;",
        vertical_args(indent + 4, sql, args)
    )
}

/// The arguments of a call, one a line at `indent`: the statement's
/// constant, then the array on one line (with its comma) if it fits, else
/// its items packed (all short and simple) or one per line.
fn vertical_args(indent: usize, sql: &str, args: &[String]) -> String {
    let array = format!("&[{}]", args.join(", "));
    let inner_pad = " ".repeat(indent);
    let array = if indent + array.len() < WIDTH && array.len() - 3 <= ARRAY_WIDTH {
        array
    } else if args.iter().all(|a| a.len() <= SHORT_ITEM && simple(a)) {
        let item_pad = " ".repeat(indent + 4);
        let mut out = String::from("&[");
        for line in packed(args, indent + 4) {
            out.push_str(&format!("\n{item_pad}{line}"));
        }
        out.push_str(&format!("\n{inner_pad}]"));
        out
    } else {
        let item_pad = " ".repeat(indent + 4);
        let mut out = String::from("&[");
        for a in args {
            out.push_str(&format!("\n{item_pad}{a},"));
        }
        out.push_str(&format!("\n{inner_pad}]"));
        out
    };
    format!("{inner_pad}{sql},\n{inner_pad}{array},")
}

/// `{lhs}{head}{sql}, &[{args}]).await?;` at `indent`, as rustfmt lays out
/// an awaited call: on one line when it fits; else, after a `let`, the
/// chain broken before the method and before `.await`; without one, the
/// call kept whole and `.await` on a line of its own.
pub(super) fn call_await(
    indent: usize,
    lhs: &str,
    head: &str,
    sql: &str,
    args: &[String],
) -> String {
    let pad = " ".repeat(indent);
    let inner = format!("{sql}, &[{}]", args.join(", "));
    let short = inner.len() <= FN_CALL_WIDTH;
    // rustfmt puts a chain on one line only when it is short
    // (`chain_width`, counted with its `?;`).
    let chain = format!("{head}{inner}).await?;");
    let one = format!("{lhs}{chain}");
    if short && chain.len() <= CHAIN_WIDTH && indent + one.len() <= WIDTH {
        return one;
    }
    match head.split_once('.') {
        // `let row = conn` / `.method(...)` / `.await?;`
        Some((receiver, method)) if !lhs.is_empty() => {
            let chain = " ".repeat(indent + 4);
            let line = format!(".{method}{inner})");
            let call = if short && indent + 4 + line.len() <= WIDTH {
                line
            } else {
                format!(
                    ".{method}\n{}\n{chain})",
                    vertical_args(indent + 8, sql, args)
                )
            };
            format!("{lhs}{receiver}\n{chain}{call}\n{chain}.await?;")
        }
        _ => {
            let whole = format!("{lhs}{head}{inner})");
            if short && indent + whole.len() <= WIDTH {
                format!("{whole}\n{pad}    .await?;")
            } else {
                format!(
                    "{lhs}{head}\n{}\n{pad})\n{pad}.await?;",
                    vertical_args(indent + 4, sql, args)
                )
            }
        }
    }
}

/// Whether rustfmt counts an argument as simple: a reference to a path or
/// a field, no calls.
fn simple(arg: &str) -> bool {
    arg.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '&' | '.' | '_' | '#'))
}

/// `let {name} = {function}({args});` at `indent`, as rustfmt lays it
/// out: on one line when it fits (and the arguments are short), else the
/// call on the next line, else one argument per line.
pub(super) fn let_call(indent: usize, name: &str, function: &str, args: &[String]) -> String {
    let pad = " ".repeat(indent);
    let inner = args.join(", ");
    if inner.len() <= FN_CALL_WIDTH {
        let one = format!("{pad}let {name} = {function}({inner});");
        if one.len() <= WIDTH {
            return one;
        }
        let next = format!("{pad}    {function}({inner});");
        if next.len() <= WIDTH {
            return format!("{pad}let {name} =\n{next}");
        }
    }
    let mut out = format!("{pad}let {name} = {function}(\n");
    for a in args {
        out.push_str(&format!("{pad}    {a},\n"));
    }
    out.push_str(&format!("{pad});"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::process::{Command, Stdio};

    fn rustfmt(text: &str) -> Option<String> {
        let mut child =
            Command::new(std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into()))
                .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .ok()?;
        child.stdin.take()?.write_all(text.as_bytes()).ok()?;
        let out = child.wait_with_output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// The layout of a PostgreSQL call is rustfmt's, over calls of every
    /// length: short and long constants, few and many, short and long,
    /// simple and complex arguments, with and without `let`, at two depths.
    #[test]
    fn calls_are_laid_out_as_rustfmt_would() {
        let names = [
            "C",
            "SELECT_BY_KEY",
            "USER_PICTURES_ADD",
            "A_VERY_LONG_ASSOCIATION_NAME_WITH_MANY_WORDS_GET",
        ];
        let args = [
            "&self.id",
            "&key.0",
            "&now",
            "&new.name",
            "&new.a_rather_long_field_name",
            "&target.map(|t| t.0)",
            "&self.r#type",
        ];
        let mut cases = Vec::new();
        let mut seed = 7u64;
        for (indent, awaited) in [(8usize, false), (12, false), (8, true), (12, true)] {
            let call = |indent, lhs, head, name, list: &[String]| {
                if awaited {
                    call_await(indent, lhs, head, name, list)
                } else {
                    call(indent, lhs, head, name, list)
                }
            };
            for name in names {
                for lhs in ["", "let row = ", "let rows = "] {
                    for n in 0..12 {
                        seed = seed
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        let list: Vec<String> = (0..n)
                            .map(|k| {
                                args[((seed >> (k * 3 % 60)) as usize + k) % args.len()].to_string()
                            })
                            .collect();
                        cases.push(call(indent, lhs, "conn.query_one(", name, &list));
                        // Only short, simple items: packed several to a line.
                        let short: Vec<String> =
                            list.iter().map(|_| args[n % 4].to_string()).collect();
                        cases.push(call(indent, lhs, "conn.execute(", name, &short));
                    }
                }
            }
            // Every length around the widths' limits.
            for n in 10..50 {
                let list = [format!("&{}", "a".repeat(n))];
                for lhs in ["", "let row = "] {
                    cases.push(call(indent, lhs, "conn.query(", "C", &list));
                }
            }
            // One body per depth: `fn` (4) + `if` blocks.
            let open = if indent == 8 { "" } else { "        if x {\n" };
            let close = if indent == 8 { "" } else { "        }\n" };
            let mut text = String::from(if awaited {
                "impl X {\n    async fn f() {\n"
            } else {
                "impl X {\n    fn f() {\n"
            });
            text.push_str(open);
            for c in &cases {
                text.push_str(&format!("{}{c}\n", " ".repeat(indent)));
            }
            text.push_str(close);
            text.push_str("    }\n}\n");
            let Some(formatted) = rustfmt(&text) else {
                eprintln!("\n*** SKIPPED: rustfmt is not installed ***\n");
                return;
            };
            if formatted != text {
                let diff: Vec<_> = text
                    .lines()
                    .zip(formatted.lines())
                    .filter(|(a, b)| a != b)
                    .take(5)
                    .collect();
                panic!(
                    "rustfmt lays these out differently: {diff:#?}\n--- ours:\n{text}\n--- rustfmt:\n{formatted}"
                );
            }
            cases.clear();
        }
    }

    /// `let read = super::query::pair(...)` for type names from short to
    /// very long: on one line, broken after `=`, or one argument a line.
    #[test]
    fn let_calls_are_laid_out_as_rustfmt_would() {
        let mut text = String::from("impl X {\n    fn f() {\n");
        for n in [1usize, 8, 14, 18, 22, 26, 30, 40, 60] {
            let target = "T".repeat(n);
            let junction = format!("J{}", "u".repeat(n / 2));
            let args = [
                format!("{target}::from_row"),
                format!("{junction}::from_row_at"),
                n.to_string(),
            ];
            text.push_str(&let_call(8, "read", "super::query::pair", &args));
            text.push('\n');
        }
        text.push_str("    }\n}\n");
        let Some(formatted) = rustfmt(&text) else {
            eprintln!("\n*** SKIPPED: rustfmt is not installed ***\n");
            return;
        };
        assert_eq!(formatted, text);
    }
}
