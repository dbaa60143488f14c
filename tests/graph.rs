//! `ormgen graph`: the mermaid diagram of every fixture (snapshots), its
//! relationships checked against the resolved schema, and DOT output that
//! graphviz's `dot` accepts.

mod common;

use common::*;
use ormgen::generate::graph::{GraphFormat, render};
use ormgen::ir;

fn resolved(path: &str, text: &str) -> ir::Schema {
    let schema = ormgen::check([(path, text)]);
    schema
        .resolved
        .unwrap_or_else(|| panic!("{path} does not resolve"))
}

/// `one ||--o{ many : "label"` lines of a mermaid diagram.
fn relationships(mermaid: &str) -> Vec<(String, String, String, String)> {
    mermaid
        .lines()
        .filter(|l| l.contains("--") || l.contains(".."))
        .filter(|l| l.contains(" : "))
        .map(|l| {
            let parts: Vec<&str> = l.split_whitespace().collect();
            (
                parts[0].into(),
                parts[1].into(),
                parts[2].into(),
                parts[4].trim_matches('"').into(),
            )
        })
        .collect()
}

#[test]
fn mermaid_diagrams_of_the_fixtures() {
    for (path, text) in fixtures("valid") {
        let schema = resolved(&path, &text);
        let mermaid = render(&schema, GraphFormat::Mermaid).unwrap();
        let name = path.replace(['/', '.'], "_");
        insta::assert_snapshot!(name, mermaid);
        assert!(mermaid.starts_with("erDiagram\n"));
        let fk_count: usize = schema.models.iter().map(|m| m.foreign_keys.len()).sum();
        assert_eq!(
            relationships(&mermaid).len(),
            fk_count,
            "{path}: one relationship per foreign key"
        );
        for m in &schema.models {
            // A table that is no identifier gets an id and its name as
            // the alias.
            let aliased = format!("[\"{}\"] {{", m.table.replace('"', "'"));
            assert!(
                mermaid.contains(&format!("    {} {{", m.table)) || mermaid.contains(&aliased),
                "{path}: entity {}",
                m.table
            );
        }
    }
}

#[test]
fn cardinalities_and_labels() {
    let schema = resolved(
        "t.models",
        "model Person {\n  hasOne DrivingLicense\n  hasMany Picture\n  belongsTo Picture as avatar { constraints: false }\n  belongsToMany Person as children { through: PersonChildren, inverse: { as: parents } }\n}\nmodel DrivingLicense {}\nmodel Picture {}\n",
    );
    let rels = relationships(&render(&schema, GraphFormat::Mermaid).unwrap());
    let r = |one: &str, card: &str, many: &str, label: &str| {
        (
            one.to_string(),
            card.to_string(),
            many.to_string(),
            label.to_string(),
        )
    };
    assert_eq!(
        rels,
        [
            r("pictures", "||..o{", "people", "avatar"),
            r("people", "||--o|", "driving_licenses", "drivingLicense"),
            r("people", "||--o{", "pictures", "pictures"),
            r("people", "||--o{", "person_children", "children"),
            r("people", "||--o{", "person_children", "parents"),
        ]
    );
}

#[test]
fn dot_output_is_accepted_by_graphviz() {
    let Some(dot) = which("dot") else {
        assert!(
            std::env::var_os("ORMGEN_REQUIRE_GRAPHVIZ").is_none(),
            "ORMGEN_REQUIRE_GRAPHVIZ is set but graphviz's `dot` is not installed"
        );
        eprintln!(
            "\n*** SKIPPED: graphviz's `dot` is not installed (apt-get install graphviz) ***\n"
        );
        return;
    };
    for (path, text) in fixtures("valid") {
        let schema = resolved(&path, &text);
        let source = render(&schema, GraphFormat::Dot).unwrap();
        let out = std::process::Command::new(&dot)
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(source.as_bytes())?;
                child.wait_with_output()
            })
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() && stderr.trim().is_empty(),
            "{path}: dot said {stderr}\n{source}"
        );
        let svg = String::from_utf8_lossy(&out.stdout);
        assert!(svg.contains("<svg"), "{path}");
        // The SVG's text, entities read.
        let svg = svg
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#45;", "-")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        for m in &schema.models {
            assert!(
                svg.contains(m.table.as_str()),
                "{path}: {} missing from the SVG",
                m.table
            );
        }
    }
}

fn which(program: &str) -> Option<std::path::PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(program))
            .find(|p| p.is_file())
    })
}

#[test]
fn a_diagram_written_as_it_is_made_is_the_rendered_one() {
    for (path, text) in fixtures("valid") {
        let schema = resolved(&path, &text);
        for format in [GraphFormat::Mermaid, GraphFormat::Dot] {
            let mut written = Vec::new();
            ormgen::generate::graph::write(&schema, format, &mut written).unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                render(&schema, format).unwrap(),
                "{path}, {format:?}"
            );
        }
    }
}

#[test]
fn tables_that_are_no_identifiers_get_distinct_entity_ids() {
    let schema = resolved(
        "t.models",
        "model Item {\n  options { tableName: \"order items\" }\n}\nmodel Line {\n  options { tableName: \"order_items\" }\n  belongsTo Item\n}\nmodel Code {\n  options { tableName: \"2fa\" }\n}\n",
    );
    let mermaid = render(&schema, GraphFormat::Mermaid).unwrap();
    assert!(
        mermaid.contains("\n    order_items[\"order items\"] {"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("\n    order_items_[\"order_items\"] {"),
        "{mermaid}"
    );
    assert!(mermaid.contains("\n    t2fa[\"2fa\"] {"), "{mermaid}");
    assert_eq!(
        relationships(&mermaid),
        [(
            "order_items".to_string(),
            "||--o{".to_string(),
            "order_items_".to_string(),
            "item".to_string()
        )]
    );
}
