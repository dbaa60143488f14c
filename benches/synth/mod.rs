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

/// The schema of [`schema`] (without `cycle`) in Prisma's language: the
/// same models, attributes, keys and relations (Prisma wants both sides of
/// each relation written out, and a belongsToMany's junction as a model of
/// its own), for comparing ormgen with Prisma's schema engine on one
/// shape (`prisma validate`). Used by `examples/synth`, not by the
/// benches that include this module too.
#[allow(dead_code)]
pub fn prisma(n: usize) -> String {
    // The fields each model gets from relations declared elsewhere.
    let mut extra: Vec<Vec<String>> = vec![Vec::new(); n];
    let mut links = String::new();
    for i in 0..n {
        if i > 0 {
            extra[i / 2].push(format!("  children{i} M{i}[] @relation(\"parent{i}\")"));
        }
        if i % 3 == 0 && i + 1 < n {
            extra[i + 1].push(format!("  twinOf{i}Id Int? @unique"));
            extra[i + 1].push(format!(
                "  twinOf{i} M{i}? @relation(\"twin{i}\", fields: [twinOf{i}Id], references: [id])"
            ));
        }
        if i % 5 == 0 && i + 2 < n {
            extra[i + 2].push(format!("  backers{i} Link{i}[] @relation(\"link{i}b\")"));
            let _ = writeln!(
                links,
                "model Link{i} {{\n  aId Int\n  bId Int\n  a M{i} @relation(\"link{i}a\", fields: [aId], references: [id], onDelete: Cascade)\n  b M{} @relation(\"link{i}b\", fields: [bId], references: [id], onDelete: Cascade)\n\n  @@id([aId, bId])\n}}\n",
                i + 2
            );
        }
    }
    let mut out = String::with_capacity(n * 600);
    let _ = writeln!(out, "// {n} synthetic models\n");
    let _ = writeln!(
        out,
        "datasource db {{\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}}\n"
    );
    let _ = writeln!(out, "enum Status {{\n  draft\n  active\n  archived\n}}\n");
    for (i, extra) in extra.iter().enumerate() {
        let _ = writeln!(out, "/// Model number {i}.");
        let _ = writeln!(out, "model M{i} {{");
        let _ = writeln!(out, "  id        Int       @id @default(autoincrement())");
        let _ = writeln!(out, "  name      String    @db.VarChar(100)");
        let _ = writeln!(out, "  code{i:<5} String?   @unique");
        let _ = writeln!(out, "  status    Status    @default(draft)");
        let _ = writeln!(out, "  createdOn DateTime? @db.Date");
        if i > 0 {
            let _ = writeln!(out, "  parent{i}Id Int?");
            let _ = writeln!(
                out,
                "  parent{i} M{}? @relation(\"parent{i}\", fields: [parent{i}Id], references: [id])",
                i / 2
            );
        }
        if i % 3 == 0 && i + 1 < n {
            let _ = writeln!(out, "  twin{i} M{}? @relation(\"twin{i}\")", i + 1);
        }
        if i % 5 == 0 && i + 2 < n {
            let _ = writeln!(out, "  links{i} Link{i}[] @relation(\"link{i}a\")");
        }
        if i % 7 == 0 {
            let _ = writeln!(out, "  previous{i}Id Int?");
            let _ = writeln!(
                out,
                "  previous{i} M{i}? @relation(\"previous{i}\", fields: [previous{i}Id], references: [id], onDelete: NoAction, onUpdate: NoAction)"
            );
            let _ = writeln!(out, "  next{i} M{i}[] @relation(\"previous{i}\")");
        }
        for field in extra {
            let _ = writeln!(out, "{field}");
        }
        let _ = writeln!(out, "}}\n");
    }
    out.push_str(&links);
    out
}
