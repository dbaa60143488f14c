//! The names of every model's constraints and indexes
//! ([`ir::ConstraintNames`]), made once for every dialect's DDL.

use crate::ir::{self, ConstraintNames, MAX_NAME_BYTES};
use rustc_hash::FxHashSet as HashSet;

/// Names every model's primary key, uniques, indexes and foreign keys.
/// Each takes `<table>_<columns><suffix>`, cut to fit; when two would be
/// one, the later one takes the first free variant (a salted hash).
pub(super) fn name(schema: &mut ir::Schema) {
    let mut taken: HashSet<String> = HashSet::default();
    for m in &mut schema.models {
        let mut claim = |columns: &[usize], suffix: &str| {
            let mut whole = m.table.to_string();
            for &i in columns {
                whole.push('_');
                whole.push_str(&m.attributes[i].column);
            }
            whole.push_str(suffix);
            unique_name(&whole, &mut taken)
        };
        let names = ConstraintNames {
            primary_key: claim(&[], "_pkey"),
            uniques: m.uniques.iter().map(|u| claim(u, "_key")).collect(),
            indexes: m.indexes.iter().map(|i| claim(i, "_idx")).collect(),
            foreign_keys: m
                .foreign_keys
                .iter()
                .map(|f| claim(&[f.attr], "_fkey"))
                .collect(),
        };
        m.constraint_names = names;
    }
}

/// `name` if it fits and is free; else a prefix of it with a hash of the
/// whole, so that long names stay distinct and stable. `taken` holds the
/// names given so far in small letters: names that differ only in case
/// are one name in SQLite and MySQL (see [`ir::CaselessName`]).
fn unique_name(name: &str, taken: &mut HashSet<String>) -> String {
    let mut candidate = fit(name, 0);
    let mut salt = 0;
    while !taken.insert(candidate.to_ascii_lowercase()) {
        salt += 1;
        candidate = fit(name, salt);
    }
    candidate
}

fn fit(name: &str, salt: u64) -> String {
    if name.len() <= MAX_NAME_BYTES && salt == 0 {
        return name.to_string();
    }
    let hash = format!("{:08x}", fnv1a(name.as_bytes(), salt) as u32);
    let mut cut = MAX_NAME_BYTES - hash.len() - 1;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{hash}", &name[..cut.min(name.len())])
}

/// FNV-1a: a small stable hash (the standard library's may change).
fn fnv1a(bytes: &[u8], salt: u64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ salt;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_that_collide_take_a_salted_variant() {
        let mut taken = Default::default();
        assert_eq!(super::unique_name("a_b_key", &mut taken), "a_b_key");
        let second = super::unique_name("A_B_key", &mut taken);
        assert!(
            second.starts_with("A_B_key_") && second.len() == 16,
            "{second}"
        );
        let long = "x".repeat(100);
        let cut = super::unique_name(&long, &mut taken);
        assert_eq!(cut.len(), super::MAX_NAME_BYTES);
        assert_eq!(cut, super::fit(&long, 0));
    }
}
