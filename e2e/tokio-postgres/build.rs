//! The tests every backend shares (`e2e/shared/`), for the async backend.
//!
//! The shared tests are written once, against synchronous calls:
//! `Post::create(&mut conn, new).unwrap()`. Here every generated function
//! is `async`, so this script copies each shared file into `$OUT_DIR`
//! with `.block()` after every call to a generated function (a method or
//! a path call whose first argument is the connection: `&mut conn`,
//! `conn`, `c`, `tx`), and each `#[test]` made a multi-threaded
//! `#[tokio::test]`. `.block()` (tests/support) runs the future to its end
//! on the test's runtime: every generated function is still awaited by
//! tokio, its connection driven by the runtime, as an application's.
//! Local helpers (`seed(&mut conn)`, `text(&mut conn, ..)`) are bare
//! calls and stay synchronous; enum variants and tuple structs
//! (capitalised) are not calls of generated functions.

use std::path::Path;

fn main() {
    let shared = Path::new("../shared");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("shared");
    std::fs::create_dir_all(&out).unwrap();
    println!("cargo::rerun-if-changed=../shared");
    for entry in std::fs::read_dir(shared).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(out.join(path.file_name().unwrap()), asynchronous(&text)).unwrap();
        }
    }
}

/// `text` with every generated call blocked on, and every test a tokio
/// test.
fn asynchronous(text: &str) -> String {
    let text = text.replace(
        "#[test]\n    fn ",
        "#[tokio::test(flavor = \"multi_thread\")]\n    async fn ",
    );
    let text = text.replace(
        "#[test]\nfn ",
        "#[tokio::test(flavor = \"multi_thread\")]\nasync fn ",
    );
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut inserts = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = skip_string(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'(' => {
                if generated_call(bytes, i)
                    && let Some(close) = matching(bytes, i)
                {
                    inserts.push(close + 1);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    let mut last = 0;
    for at in inserts {
        out.push_str(&text[last..at]);
        out.push_str(".block()");
        last = at;
    }
    out.push_str(&text[last..]);
    out
}

/// Whether the `(` at `open` starts the arguments of a generated
/// function: a lower-case name after `.` or `::`, the connection first.
fn generated_call(bytes: &[u8], open: usize) -> bool {
    let mut start = open;
    while start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
        start -= 1;
    }
    if start == open || !bytes[start].is_ascii_lowercase() {
        return false;
    }
    let before = &bytes[..start];
    if !(before.ends_with(b".") || before.ends_with(b"::")) {
        return false;
    }
    let rest = std::str::from_utf8(&bytes[open + 1..]).unwrap_or("");
    let first = rest.trim_start();
    let first = first.strip_prefix("&mut ").unwrap_or(first);
    let name: String = first
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let after = first[name.len()..].trim_start();
    let connection = name == "c" || name == "tx" || name.starts_with("conn");
    connection && (after.starts_with(',') || after.starts_with(')'))
}

/// The index of the `)` that closes the `(` at `open`.
fn matching(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The index after the string literal starting at `at` (a `"`, maybe
/// after `r#`).
fn skip_string(bytes: &[u8], at: usize) -> usize {
    // A raw string: `r"..."` or `r#"..."#`.
    let mut hashes = 0;
    let mut k = at;
    while k > 0 && bytes[k - 1] == b'#' {
        hashes += 1;
        k -= 1;
    }
    let raw = k > 0 && bytes[k - 1] == b'r';
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if !raw => i += 2,
            b'"' if bytes[i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes =>
            {
                return i + 1 + hashes;
            }
            _ => i += 1,
        }
    }
    i
}
