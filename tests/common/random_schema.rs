//! Random valid-looking schemas with random layout, for property tests.
//!
//! A small deterministic generator driven by a seed, so a failing case is
//! reproduced from the seed proptest reports. The schemas follow the
//! grammar (not necessarily the semantic rules): names, types, modifiers,
//! associations with nested option objects, indexes, enums, options blocks,
//! doc comments, and comments wherever a comment may go.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }
}

const TYPES: &[&str] = &[
    "integer",
    "bigint",
    "smallint",
    "float",
    "double",
    "decimal",
    "decimal(10, 2)",
    "decimal(4)",
    "string",
    "string(40)",
    "text",
    "boolean",
    "date",
    "dateonly",
    "time",
    "uuid",
    "json",
    "jsonb",
    "blob",
];
const KINDS: &[&str] = &["hasOne", "belongsTo", "hasMany", "belongsToMany"];
const KEYS: &[&str] = &[
    "as",
    "foreignKey",
    "sourceKey",
    "targetKey",
    "through",
    "onDelete",
    "constraints",
    "inverse",
    "name",
    "allowNull",
    "unique",
    "deferrable",
];
const STRINGS: &[&str] = &[
    "plain",
    "with \\\"quotes\\\"",
    "back\\\\slash",
    "line\\nbreak",
    "",
    "ünïcödé",
];

pub struct Gen {
    rng: Rng,
    out: String,
    comments: usize,
}

impl Gen {
    pub fn new(seed: u64) -> Gen {
        Gen {
            rng: Rng::new(seed),
            out: String::new(),
            comments: 0,
        }
    }

    fn name(&mut self, prefix: &str) -> String {
        const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
        let len = self.rng.below(8);
        let mut s = prefix.to_string();
        for _ in 0..len {
            s.push(*self.rng.pick(CHARS) as char);
        }
        s
    }

    fn space(&mut self) {
        self.out.push_str(self.rng.word(&[" ", " ", "  ", "\t"]));
    }

    /// Maybe a comment that ends at the end of the line (the caller breaks it).
    fn line_end(&mut self) {
        if self.rng.chance(20) {
            self.comments += 1;
            let c = format!(" // c{}", self.comments);
            self.out.push_str(&c);
        }
        self.out.push('\n');
        if self.rng.chance(10) {
            self.out.push('\n');
        }
    }

    /// Maybe whole-line comments before a declaration.
    fn comment_lines(&mut self, indent: &str) {
        while self.rng.chance(15) {
            self.comments += 1;
            let c = if self.rng.chance(50) {
                format!("{indent}// line {}\n", self.comments)
            } else {
                format!("{indent}/* block {} /* nested */ */\n", self.comments)
            };
            self.out.push_str(&c);
        }
    }

    fn inline_comment(&mut self) {
        if self.rng.chance(5) {
            self.comments += 1;
            let c = format!(" /* i{} */ ", self.comments);
            self.out.push_str(&c);
        }
    }

    fn docs(&mut self, indent: &str) {
        if self.rng.chance(25) {
            for _ in 0..=self.rng.below(2) {
                let text = self.name("doc ");
                self.out.push_str(&format!("{indent}/// {text}\n"));
            }
        }
    }

    fn value(&mut self, depth: usize) {
        match self.rng.below(if depth < 2 { 7 } else { 6 }) {
            0 => {
                let n = self.name("v");
                self.out.push_str(&n);
            }
            1 => {
                let s = self.rng.pick(STRINGS).to_string();
                self.out.push_str(&format!("\"{s}\""));
            }
            2 => {
                let n = self.rng.below(1000) as i64 - 500;
                self.out.push_str(&n.to_string());
            }
            3 => self.out.push_str(self.rng.word(&["true", "false"])),
            4 => self.out.push_str("null"),
            5 => self.out.push_str("1.25"),
            _ => self.object(depth + 1),
        }
    }

    fn object(&mut self, depth: usize) {
        let entries = self.rng.below(4);
        let multiline = self.rng.chance(30);
        self.out.push('{');
        for i in 0..entries {
            if multiline {
                if i > 0 && self.rng.chance(50) {
                    self.out.push(',');
                }
                self.line_end();
                self.out.push_str("    ");
            } else {
                if i > 0 {
                    self.out.push(',');
                }
                self.out.push(' ');
            }
            self.inline_comment();
            let key = self.rng.pick(KEYS).to_string();
            self.out.push_str(&key);
            self.out.push_str(": ");
            self.value(depth);
        }
        if entries > 0 && self.rng.chance(20) {
            self.out.push(',');
        }
        if multiline {
            self.line_end();
            self.out.push_str("  }");
        } else {
            self.out.push_str(" }");
        }
    }

    fn attribute(&mut self, enums: &[String]) {
        let name = self.name("f");
        self.out.push_str(&format!("  {name}"));
        self.space();
        let ty = if !enums.is_empty() && self.rng.chance(15) {
            self.rng.pick(enums).clone()
        } else {
            self.rng.pick(TYPES).to_string()
        };
        self.out.push_str(&ty);
        let mut used = Vec::new();
        for _ in 0..self.rng.below(4) {
            let m = self.rng.below(8);
            // `unique` and `unique("grp")` are the same modifier.
            let kind = if m == 7 { 3 } else { m };
            if used.contains(&kind) {
                continue;
            }
            used.push(kind);
            self.space();
            self.inline_comment();
            match m {
                0 => self.out.push_str("primaryKey"),
                1 => self.out.push_str("autoIncrement"),
                2 => self.out.push_str("notNull"),
                3 => self.out.push_str("unique"),
                4 => {
                    self.out.push_str("default(");
                    self.value(2);
                    self.out.push(')');
                }
                5 => self.out.push_str("column(\"col\")"),
                6 => self.out.push_str("comment(\"says \\\"hi\\\"\")"),
                _ => self.out.push_str("unique(\"grp\")"),
            }
        }
    }

    fn model(&mut self, models: &[String], enums: &[String]) {
        self.comment_lines("");
        self.docs("");
        let name = models[self.rng.below(models.len())].clone();
        self.out.push_str(&format!("model {name} {{"));
        self.line_end();
        for _ in 0..self.rng.below(8) {
            self.comment_lines("  ");
            self.docs("  ");
            match self.rng.below(10) {
                0 => {
                    self.out.push_str("  options ");
                    self.object(1);
                }
                1 => {
                    let kw = self.rng.word(&["index", "unique"]);
                    let cols = (0..=self.rng.below(2))
                        .map(|_| self.name("c"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    self.out.push_str(&format!("  {kw} ({cols})"));
                }
                2..=4 => {
                    let kind = self.rng.pick(KINDS).to_string();
                    let target = self.rng.pick(models).clone();
                    self.out.push_str(&format!("  {kind} {target}"));
                    if self.rng.chance(30) {
                        let alias = self.name("a");
                        self.out.push_str(&format!(" as {alias}"));
                    }
                    if self.rng.chance(50) {
                        self.space();
                        self.object(1);
                    }
                }
                _ => self.attribute(enums),
            }
            self.line_end();
        }
        self.out.push('}');
        self.line_end();
    }

    /// A schema meant to resolve: distinct names, types with defaults that
    /// fit them, associations with aliases and options that exist, a
    /// junction per belongsToMany, sometimes a self-association or a cycle
    /// of required keys. Most resolve; the rest fail resolution, not the
    /// parser.
    pub fn resolvable(mut self) -> String {
        const TYPED: &[(&str, &[&str])] = &[
            ("integer", &["0", "-7", "2147483647"]),
            ("bigint", &["9000000000"]),
            ("smallint", &["-32768"]),
            ("float", &["1.5"]),
            ("double", &["-0.25"]),
            ("decimal(6, 2)", &["1234.5", "-0.01"]),
            ("string", &["\"plain\"", "\"it's \\\"quoted\\\"\""]),
            ("string(8)", &["\"short\""]),
            ("text", &["\"line\\nbreak\""]),
            ("boolean", &["true", "false"]),
            ("date", &["now", "\"2024-01-31T12:00:00Z\""]),
            ("dateonly", &["now", "\"2024-01-31\""]),
            ("time", &["now", "\"12:30:00\""]),
            ("uuid", &["uuidv4"]),
            ("json", &["\"{}\""]),
            ("jsonb", &["\"[]\""]),
            ("blob", &[]),
        ];
        const ACTIONS: &[&str] = &["CASCADE", "SET_NULL", "RESTRICT", "NO_ACTION"];
        let n = 1 + self.rng.below(5);
        let models: Vec<String> = (0..n).map(|i| format!("M{i}{}", self.name("x"))).collect();
        let enums: Vec<(String, usize)> = (0..self.rng.below(3))
            .map(|i| (format!("E{i}"), 1 + self.rng.below(4)))
            .collect();
        if self.rng.chance(30) {
            let option = self.rng.word(&[
                "{ timestamps: false }",
                "{ underscored: true }",
                "{ timestamps: false, freezeTableName: true }",
            ]);
            self.out.push_str(&format!("options {option}\n"));
        }
        for (e, variants) in &enums {
            let variants: Vec<String> = (0..*variants).map(|i| format!("v{i}")).collect();
            self.out
                .push_str(&format!("enum {e} {{ {} }}\n", variants.join(", ")));
        }
        for (i, model) in models.iter().enumerate() {
            self.docs("");
            self.out.push_str(&format!("model {model} {{\n"));
            for j in 0..self.rng.below(5) {
                self.docs("  ");
                let field = format!("f{j}{}", self.name("_"));
                if !enums.is_empty() && self.rng.chance(20) {
                    let (e, variants) = self.rng.pick(&enums).clone();
                    let default = if self.rng.chance(50) {
                        format!(" default(v{})", self.rng.below(variants))
                    } else {
                        String::new()
                    };
                    self.out.push_str(&format!("  {field} {e}{default}\n"));
                    continue;
                }
                let (ty, defaults) = *self.rng.pick(TYPED);
                let mut line = format!("  {field} {ty}");
                if self.rng.chance(30) {
                    line.push_str(" notNull");
                }
                if self.rng.chance(15) && !ty.starts_with("json") && ty != "blob" && ty != "text" {
                    line.push_str(" unique");
                }
                if !defaults.is_empty() && self.rng.chance(40) {
                    line.push_str(&format!(" default({})", self.rng.pick(defaults)));
                }
                self.out.push_str(&line);
                self.out.push('\n');
            }
            for k in 0..self.rng.below(3) {
                let kind = *self.rng.pick(KINDS);
                let target = if self.rng.chance(15) {
                    model.clone()
                } else {
                    self.rng.pick(&models).clone()
                };
                // Names that can't collide: to-many ones plural, and every
                // inverse named (a self-association needs it).
                let many = kind == "hasMany" || kind == "belongsToMany";
                let plural = if many { "s" } else { "" };
                let mut options = vec![format!("as: a{i}x{k}{plural}")];
                if kind != "belongsTo" {
                    let plural = if kind == "belongsToMany" { "s" } else { "" };
                    options.push(format!("inverse: {{ as: b{i}x{k}{plural} }}"));
                }
                if kind == "belongsToMany" {
                    options.push(format!("through: J{i}x{k}"));
                }
                let required = kind == "belongsTo" && self.rng.chance(30);
                if required {
                    options.push(format!(
                        "foreignKey: {{ name: fk{i}x{k}, allowNull: false }}"
                    ));
                }
                if self.rng.chance(40) {
                    let action = *self.rng.pick(ACTIONS);
                    // SET_NULL needs a nullable key; a junction's are not.
                    if action != "SET_NULL" || !(required || kind == "belongsToMany") {
                        options.push(format!("onDelete: {action}"));
                    }
                }
                self.out
                    .push_str(&format!("  {kind} {target} {{ {} }}\n", options.join(", ")));
            }
            self.out.push_str("}\n");
        }
        self.out
    }

    /// A whole file: a few enums and models, maybe a file options block.
    pub fn schema(mut self) -> String {
        let models: Vec<String> = (0..=self.rng.below(4)).map(|_| self.name("M")).collect();
        let enums: Vec<String> = (0..self.rng.below(3)).map(|_| self.name("E")).collect();
        if self.rng.chance(30) {
            self.comment_lines("");
            self.out.push_str("options ");
            self.object(1);
            self.line_end();
        }
        for e in &enums {
            self.comment_lines("");
            self.docs("");
            let variants: Vec<String> = (0..=self.rng.below(4)).map(|i| format!("v{i}")).collect();
            self.out
                .push_str(&format!("enum {e} {{ {} }}", variants.join(", ")));
            self.line_end();
        }
        for _ in 0..=self.rng.below(4) {
            self.model(&models, &enums);
        }
        self.comment_lines("");
        self.out
    }
}
