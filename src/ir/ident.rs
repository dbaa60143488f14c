//! Rust names for schema names, in one place: snake_case fields and
//! modules, raw identifiers for keywords, and a documented rename for the
//! four keywords that can't be raw (`self`, `Self`, `crate`, `super` get a
//! trailing `_`). Resolution checks with these same functions that every
//! name the generated code will use is an identifier and unique where it
//! must be, so the generator never meets a name it can't write.

use heck::{ToSnakeCase, ToUpperCamelCase};

const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that `r#` can't escape.
const NOT_RAW: &[&str] = &["self", "Self", "crate", "super"];

/// A name usable as a Rust identifier.
pub fn escape(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_string()
    }
}

/// snake_case, not escaped: a part of a longer name (`get_` + it). The
/// one snake case of ormgen (heck's): Rust names, and the tables and
/// columns of `underscored` models.
pub fn snake(name: &str) -> String {
    // Most names are snake case already (`id`, `name`, `user_id`), and heck
    // gives them back as they are; it is a tenth of checking a schema when
    // asked about every one of them.
    if is_snake(name) {
        name.to_string()
    } else {
        name.to_snake_case()
    }
}

/// Words of small letters and digits, each joined to the next by one `_`.
fn is_snake(name: &str) -> bool {
    name.split('_').all(|word| {
        !word.is_empty()
            && word
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// A field or function name: snake_case, escaped.
pub fn field(name: &str) -> String {
    escape(&snake(name))
}

/// A module (and file) name for a model: snake_case, escaped.
pub fn module(model: &str) -> String {
    escape(&snake(model))
}

/// Whether `name` (after [`escape`]) can be written in Rust code: a raw
/// identifier or a plain one, not `_` alone, not starting with a digit.
pub fn is_identifier(name: &str) -> bool {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    let mut chars = bare.chars();
    let first_ok = chars.next().is_some_and(|c| c == '_' || c.is_alphabetic());
    first_ok && bare != "_" && bare.chars().all(|c| c == '_' || c.is_alphanumeric())
}

/// Schema text (a doc comment, a name) made safe to stand in a Rust `//`,
/// `///` or `//!` comment: one line per line of the text (`\n`, `\r\n` and
/// a lone `\r` end one, as in the schema), every other control character
/// and every bidirectional-text control written as its `\u{..}` escape
/// (rustc refuses those in comments, and they can make code read
/// otherwise than it compiles). Code fences and indented blocks are
/// defused, so that rustdoc never runs schema text as a doctest.
pub fn comment_lines(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.split('\n')
        .map(|line| {
            let mut out = String::with_capacity(line.len());
            let indent = line.len() - line.trim_start_matches(' ').len();
            // Four spaces would open an indented code block.
            out.push_str(&" ".repeat(indent.min(3)));
            let rest = &line[indent..];
            let rest = match rest
                .strip_prefix("```")
                .or_else(|| rest.strip_prefix("~~~"))
            {
                Some(after) => {
                    out.push('\\');
                    out.push_str(&rest[..1]);
                    out.push_str(&rest[1..3]);
                    after
                }
                None => rest,
            };
            for c in rest.chars() {
                if c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}') {
                    out.extend(c.escape_unicode());
                } else {
                    out.push(c);
                }
            }
            out
        })
        .collect()
}

/// The characters that reorder how text is shown (Trojan Source).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// What to tell a user whose output directory's name can't be written
/// as `mod NAME;` (`gen` is reserved since Rust 2024, `my-models` is no
/// identifier): how to include it instead. `None` for a usable name.
pub fn module_advice(dir_name: &str) -> Option<String> {
    if is_identifier(dir_name) && escape(dir_name) == dir_name {
        return None;
    }
    let why = if is_identifier(dir_name) {
        format!("`{dir_name}` is a Rust keyword")
    } else {
        format!("`{dir_name}` is no Rust identifier")
    };
    let raw = if is_identifier(dir_name) && !NOT_RAW.contains(&dir_name) {
        format!(" or `mod r#{dir_name};`")
    } else {
        String::new()
    };
    Some(format!(
        "{why}, so `mod {dir_name};` does not compile: include the directory with `#[path = \"{dir_name}/mod.rs\"] mod models;`{raw}, or build into a directory such as `src/models`"
    ))
}

/// The file a module lives in (`r#type` → `type.rs`).
pub fn file(module: &str) -> String {
    format!("{}.rs", module.trim_start_matches("r#"))
}

/// The types the generated code makes of each model, as `(prefix, suffix,
/// what it is)` around the model's type name: the row struct, the insert
/// struct, the key, the changes struct and the query types. Resolution
/// checks them all for collisions; the root re-exports them.
pub const MODEL_TYPES: &[(&str, &str, &str)] = &[
    ("", "", "model"),
    ("New", "", "the insert struct of model"),
    ("", "Id", "the key of model"),
    ("", "Changes", "the changes struct of model"),
    ("", "Condition", "the query conditions of model"),
    ("", "Filter", "the query filter of model"),
    ("", "Order", "the query order of model"),
    ("", "Query", "the query of model"),
];

/// The variant of `<Model>Condition` for the attribute whose field is
/// `field` (`posted_on` → `PostedOn`).
pub fn condition_variant(field: &str) -> String {
    type_name(field.trim_start_matches("r#"))
}

/// A type name: UpperCamelCase, escaped.
pub fn type_name(name: &str) -> String {
    let camel = if name.chars().next().is_some_and(char::is_uppercase) && !name.contains('_') {
        name.to_string()
    } else {
        name.to_upper_camel_case()
    };
    escape(&camel)
}

#[cfg(test)]
mod tests {
    /// The names `snake` gives back as they are are those heck gives back
    /// as they are: random names of small letters, digits, capitals and
    /// underscores.
    #[test]
    fn snake_case_is_hecks() {
        use heck::ToSnakeCase;
        let alphabet = b"ab9_Z";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut plain = 0;
        for _ in 0..100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 9) as usize;
            let name: String = (0..len)
                .map(|k| char::from(alphabet[((state >> (5 * k + 8)) % 5) as usize]))
                .collect();
            assert_eq!(super::snake(&name), name.to_snake_case(), "{name:?}");
            plain += usize::from(super::is_snake(&name));
        }
        assert!(plain > 1000, "{plain} names took the short way");
    }

    use super::*;

    #[test]
    fn keywords_and_cases() {
        assert_eq!(field("bornOn"), "born_on");
        assert_eq!(field("type"), "r#type");
        assert_eq!(field("self"), "self_");
        assert_eq!(field("Self"), "self_");
        assert_eq!(module("DrivingLicense"), "driving_license");
        assert_eq!(module("Match"), "r#match");
        assert_eq!(file("r#match"), "match.rs");
        assert_eq!(type_name("Person"), "Person");
        assert_eq!(type_name("user_account"), "UserAccount");
        assert_eq!(type_name("Self"), "Self_");
    }

    #[test]
    fn output_directories_that_make_no_module_get_advice() {
        assert_eq!(module_advice("models"), None);
        assert_eq!(module_advice("gen_models"), None);
        let r#gen = module_advice("gen").unwrap();
        assert!(
            r#gen.contains("`gen` is a Rust keyword") && r#gen.contains("mod r#gen;"),
            "{}",
            r#gen
        );
        assert!(r#gen.contains("#[path = \"gen/mod.rs\"] mod models;"));
        let dashed = module_advice("my-models").unwrap();
        assert!(
            dashed.contains("no Rust identifier") && !dashed.contains("r#"),
            "{dashed}"
        );
        assert!(!module_advice("self").unwrap().contains("r#self"));
    }

    #[test]
    fn comment_text_stays_comment_text() {
        assert_eq!(comment_lines("plain"), ["plain"]);
        assert_eq!(
            comment_lines("evils\n#![doc = include_str!(\"/etc/hostname\")]\r//\r\nx"),
            [
                "evils",
                "#![doc = include_str!(\"/etc/hostname\")]",
                "//",
                "x"
            ]
        );
        assert_eq!(
            comment_lines("a\u{202E}b\u{2066}c"),
            ["a\\u{202e}b\\u{2066}c"]
        );
        assert_eq!(
            comment_lines("nul\0 esc\x1b[31m"),
            ["nul\\u{0} esc\\u{1b}[31m"]
        );
        assert_eq!(comment_lines("a\u{2028}b"), ["a\\u{2028}b"]);
        assert_eq!(comment_lines("*/ \"quoted\""), ["*/ \"quoted\""]);
        assert_eq!(
            comment_lines("```\nrun()\n```"),
            ["\\```", "run()", "\\```"]
        );
        assert_eq!(comment_lines("  ~~~rust"), ["  \\~~~rust"]);
        assert_eq!(comment_lines("        indented"), ["   indented"]);
    }
}
