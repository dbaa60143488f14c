//! Synthetic schemas of N models for measuring ormgen on large inputs.
//!
//! Every model has five attributes; model i > 0 belongsTo model i/2 (a
//! tree), every third model has a one-to-one to its neighbour, every fifth a
//! belongsToMany through its own junction, every seventh a
//! self-association; `cycle` adds a belongsTo from model 0 back to the last
//! model.

use std::fmt::Write;

pub fn schema(n: usize, cycle: bool) -> String {
    let mut out = String::with_capacity(n * 320);
    let _ = writeln!(out, "// {n} synthetic models\n");
    let _ = writeln!(out, "enum Status {{ draft, active, archived }}\n");
    for i in 0..n {
        let _ = writeln!(out, "/// Model number {i}.");
        let _ = writeln!(out, "model M{i} {{");
        let _ = writeln!(out, "  id        integer     primaryKey autoIncrement");
        let _ = writeln!(out, "  name      string(100) notNull");
        let _ = writeln!(out, "  code{i:<5} string      unique");
        let _ = writeln!(out, "  status    Status      notNull default(draft)");
        let _ = writeln!(out, "  createdOn dateonly");
        if i > 0 {
            let _ = writeln!(out, "  belongsTo M{} as parent{i}", i / 2);
        }
        if i % 3 == 0 && i + 1 < n {
            let _ = writeln!(
                out,
                "  hasOne M{} {{ as: twin{i}, inverse: {{ as: twinOf{i} }} }}",
                i + 1
            );
        }
        if i % 5 == 0 && i + 2 < n {
            let _ = writeln!(
                out,
                "  belongsToMany M{} {{ through: Link{i}, inverse: {{ as: backers }} }}",
                i + 2
            );
        }
        if i % 7 == 0 {
            let _ = writeln!(
                out,
                "  belongsTo M{i} as previous{i} {{ constraints: true }}"
            );
        }
        if cycle && i == 0 && n > 1 {
            let _ = writeln!(out, "  belongsTo M{} as last", n - 1);
        }
        let _ = writeln!(out, "}}\n");
    }
    out
}

/// One model of `n` attributes, and one that `belongsTo` `n` others:
/// the shapes whose cost grew with the square of `n` when each new
/// attribute was compared with every earlier one.
pub fn wide(n: usize) -> String {
    let mut text = String::with_capacity(n * 40);
    text.push_str("model Wide {\n");
    for i in 0..n {
        text.push_str(&format!("  attr{i} string\n"));
    }
    text.push_str("}\n\nmodel Hub {\n");
    for i in 0..n {
        text.push_str(&format!("  belongsTo Spoke{i}\n"));
    }
    text.push_str("}\n");
    for i in 0..n {
        text.push_str(&format!("model Spoke{i} {{}}\n"));
    }
    text
}
