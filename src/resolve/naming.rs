//! Every name ormgen derives, in one place: Sequelize's `camelize` for
//! foreign keys, English plurals and singulars for association and table
//! names, and snake_case for underscored tables and columns.

use crate::syntax::ast::Name;
use compact_str::format_compact;
use heck::ToSnakeCase;

/// Sequelize's `camelize`: the first letter lowered, each `_` dropped and
/// the letter after it raised (`user_profile_id` → `userProfileId`,
/// `GroupPKBT_name` → `groupPKBTName`).
pub fn camelize(s: &str) -> Name {
    let mut out = Name::with_capacity(s.len());
    let mut raise = false;
    for (i, c) in s.chars().enumerate() {
        if c == '_' && i > 0 {
            raise = true;
        } else if i == 0 {
            out.extend(c.to_lowercase());
        } else if raise {
            out.extend(c.to_uppercase());
            raise = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A default foreign-key name: `camelize(name + "_" + key)`.
pub fn foreign_key_name(name: &str, key: &str) -> Name {
    // ASCII names (all names are, E0016) are camelized byte by byte on the
    // stack; the general way formats and maps case char by char.
    if name.is_ascii() && key.is_ascii() && name.len() + 1 + key.len() <= 64 {
        let joined = name.bytes().chain([b'_']).chain(key.bytes());
        let mut out = [0u8; 64];
        let mut n = 0;
        let mut raise = false;
        for (i, b) in joined.enumerate() {
            if b == b'_' && i > 0 {
                raise = true;
                continue;
            }
            out[n] = if i == 0 {
                b.to_ascii_lowercase()
            } else if raise {
                raise = false;
                b.to_ascii_uppercase()
            } else {
                b
            };
            n += 1;
        }
        // Only ASCII bytes were written.
        if let Ok(camel) = std::str::from_utf8(&out[..n]) {
            return camel.into();
        }
    }
    camelize(&format_compact!("{name}_{key}"))
}

/// `Person` → `person`, `DrivingLicense` → `drivingLicense`.
pub fn lower_first(s: &str) -> Name {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => Name::default(),
    }
}

/// Splits `DrivingLicense` into `Driving` and `License`, `user_groups` into
/// `user_` and `groups`: inflection applies to the last word only, as the
/// end-anchored rules of Sequelize's `inflection` do.
fn last_word(s: &str) -> (&str, &str) {
    let at = s
        .char_indices()
        .rev()
        .find(|&(i, c)| i > 0 && (c.is_uppercase() || s[..i].ends_with('_')))
        .map_or(0, |(i, _)| i);
    s.split_at(at)
}

/// The English plural of the last word (`Person` → `People`,
/// `DrivingLicense` → `DrivingLicenses`, `equipment` → `equipment`).
pub fn plural(s: &str) -> Name {
    inflect(s, 2)
}

/// The English singular of the last word (`pictures` → `picture`).
pub fn singular(s: &str) -> Name {
    inflect(s, 1)
}

/// Prepares English inflection on a thread of its own: its rules are
/// regular expressions compiled on first use (some 10 ms), which a large
/// schema can have ready by the time resolution needs them. Returns at once.
pub fn prepare_in_background() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    // Once per process; a failure to start the thread only leaves the work
    // to the first use.
    STARTED.call_once(|| {
        drop(
            std::thread::Builder::new()
                .name("ormgen-inflection".into())
                .spawn(|| {
                    pluralizer::pluralize("model", 1, false);
                    pluralizer::pluralize("model", 2, false);
                }),
        )
    });
}

/// Slots of the inflection cache (per thread, per count).
const CACHE_SLOTS: usize = 4096;

/// A word and its inflection, or nothing yet, per slot.
type Slots = Vec<Option<(Name, Name)>>;

thread_local! {
    /// Inflection runs a list of rules per word, and a schema asks about
    /// the same model and alias names again and again, mostly close
    /// together. A slot per name's hash keeps the latest name there: the
    /// cache stays the same size however many distinct names a schema has
    /// (a map of every name grew by tens of megabytes at 100,000 models,
    /// most of them asked about once).
    static INFLECTED: std::cell::RefCell<[Slots; 2]> =
        std::cell::RefCell::new([vec![None; CACHE_SLOTS], vec![None; CACHE_SLOTS]]);
}

fn inflect(s: &str, count: isize) -> Name {
    use std::hash::BuildHasher;
    let table = usize::from(count != 1);
    let slot = (rustc_hash::FxBuildHasher.hash_one(s) as usize) % CACHE_SLOTS;
    let hit = INFLECTED.with(|c| match &c.borrow()[table][slot] {
        Some((word, inflected)) if word == s => Some(inflected.clone()),
        _ => None,
    });
    if let Some(hit) = hit {
        return hit;
    }
    let inflected = inflect_uncached(s, count);
    INFLECTED.with(|c| c.borrow_mut()[table][slot] = Some((s.into(), inflected.clone())));
    inflected
}

fn inflect_uncached(s: &str, count: isize) -> Name {
    let (head, word) = last_word(s);
    // An acronym (`PKBT`, `B`) takes a lowercase ending, as in Sequelize:
    // `GroupPKBT` → `GroupPKBTs`.
    let acronym = word.chars().all(|c| c.is_ascii_uppercase()) && !word.is_empty();
    let inflected = if acronym {
        let lower = word.to_ascii_lowercase();
        let changed = pluralizer::pluralize(&lower, count, false);
        match changed.strip_prefix(lower.as_str()) {
            Some(ending) => format_compact!("{word}{ending}"),
            None => changed.to_ascii_uppercase().into(),
        }
    } else {
        pluralizer::pluralize(word, count, false).into()
    };
    if head.is_empty() {
        inflected
    } else {
        format_compact!("{head}{inflected}")
    }
}

/// snake_case for underscored tables and columns (`bornOn` → `born_on`).
///
/// heck's rules, done on bytes for ASCII names (all names are ASCII, E0016;
/// heck formats char by char and was a tenth of `ormgen check`); anything
/// else goes to heck itself. A test compares the two on random names.
pub fn snake(s: &str) -> Name {
    // One lowercase word (`name`, `code2`) is its own snake case.
    if s.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return s.into();
    }
    if !s.is_ascii() {
        return s.to_snake_case().into();
    }
    // At most one `_` before each byte: names of up to 64 bytes are built
    // on the stack, made a name once.
    let mut stack = [0u8; 128];
    let mut heap = Vec::new();
    let out = if 2 * s.len() <= stack.len() {
        &mut stack[..]
    } else {
        heap.resize(2 * s.len(), 0);
        &mut heap[..]
    };
    let len = snake_bytes(s.as_bytes(), out);
    // Only ASCII bytes were written.
    std::str::from_utf8(&out[..len]).map_or_else(|_| s.to_snake_case().into(), Name::from)
}

/// heck's snake case of ASCII `s`, byte by byte, written to `out` (twice
/// as long as `s`); returns its length. Words are runs of letters and
/// digits; a word also ends after a lowercase letter followed by a capital
/// (`aB`) and before the last capital of a run followed by a lowercase
/// letter (`ABc`); digits keep the case of what is before them.
fn snake_bytes(s: &[u8], out: &mut [u8]) -> usize {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lower,
        Upper,
    }
    let mut len = 0;
    let mut word = |piece: &[u8]| {
        if len > 0 {
            out[len] = b'_';
            len += 1;
        }
        for (to, b) in out[len..len + piece.len()].iter_mut().zip(piece) {
            *to = b.to_ascii_lowercase();
        }
        len += piece.len();
    };
    let mut i = 0;
    while i < s.len() {
        if !s[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < s.len() && s[end].is_ascii_alphanumeric() {
            end += 1;
        }
        let (mut init, mut mode) = (i, Mode::Boundary);
        for j in i..end {
            let c = s[j];
            if j + 1 == end {
                word(&s[init..end]);
                break;
            }
            let next = s[j + 1];
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lower
            } else if c.is_ascii_uppercase() {
                Mode::Upper
            } else {
                mode
            };
            if next_mode == Mode::Lower && next.is_ascii_uppercase() {
                // `aB`: a word ends after the lowercase letter.
                word(&s[init..=j]);
                (init, mode) = (j + 1, Mode::Boundary);
            } else if mode == Mode::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                // `ABc`: an acronym ends before its last capital.
                word(&s[init..j]);
                (init, mode) = (j, Mode::Boundary);
            } else {
                mode = next_mode;
            }
        }
        i = end;
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random words over `alphabet`, the same ones every run: the random
    /// number (xorshift) and a word of a given length.
    struct Words {
        alphabet: &'static [u8],
        state: u64,
    }

    impl Words {
        fn next(&mut self) -> u64 {
            self.state ^= self.state << 13;
            self.state ^= self.state >> 7;
            self.state ^= self.state << 17;
            self.state
        }

        fn word(&mut self, len: usize) -> String {
            (0..len)
                .map(|_| {
                    let at = self.next() % self.alphabet.len() as u64;
                    char::from(self.alphabet[at as usize])
                })
                .collect()
        }
    }

    /// The byte-wise foreign-key name is the general one: random ASCII
    /// names with underscores in every place, and long ones.
    #[test]
    fn foreign_key_names_on_bytes_are_camelize() {
        let mut words = Words {
            alphabet: b"aAzZ09__",
            state: 0x9e37_79b9_7f4a_7c15,
        };
        let mut word = |len| words.word(len);
        for n in 0..50_000 {
            let (a, b) = if n < 49_000 {
                (word(n % 9), word(n % 5))
            } else {
                (word(30 + n % 40), word(n % 7))
            };
            assert_eq!(
                foreign_key_name(&a, &b),
                camelize(&format!("{a}_{b}")),
                "{a:?} and {b:?}"
            );
        }
    }

    #[test]
    fn camelize_as_sequelize() {
        assert_eq!(foreign_key_name("user_profile", "id"), "userProfileId");
        assert_eq!(foreign_key_name("GroupPKBT", "name"), "groupPKBTName");
        assert_eq!(foreign_key_name("Orders", "id"), "ordersId");
        assert_eq!(foreign_key_name("profilePicture", "id"), "profilePictureId");
        assert_eq!(foreign_key_name("creator", "email"), "creatorEmail");
        assert_eq!(foreign_key_name("mailUser", "email"), "mailUserEmail");
    }

    #[test]
    fn english_plurals_and_singulars() {
        let pairs = [
            ("person", "people"),
            ("Person", "People"),
            ("child", "children"),
            ("category", "categories"),
            ("status", "statuses"),
            ("analysis", "analyses"),
            ("mouse", "mice"),
            ("equipment", "equipment"),
            ("user", "users"),
            ("DrivingLicense", "DrivingLicenses"),
            ("UserPerson", "UserPeople"),
            ("picture", "pictures"),
            ("address", "addresses"),
            ("box", "boxes"),
            ("quiz", "quizzes"),
            ("man", "men"),
            ("knife", "knives"),
            ("sheep", "sheep"),
            ("information", "information"),
            ("GroupPKBT", "GroupPKBTs"),
            ("B", "Bs"),
            ("HTTPRequest", "HTTPRequests"),
        ];
        for (one, many) in pairs {
            assert_eq!(plural(one), many, "plural of {one}");
            assert_eq!(singular(many), one, "singular of {many}");
        }
    }

    /// The cache gives what inflection gives, for more names than it has
    /// slots (so names share slots and push each other out), asked twice.
    #[test]
    fn the_inflection_cache_answers_as_inflection_does() {
        let words = ["Person", "box", "Child", "Category", "status", "Mouse"];
        let names: Vec<String> = (0..3 * CACHE_SLOTS)
            .map(|i| format!("Item{i}{}", words[i % words.len()]))
            .collect();
        for _ in 0..2 {
            for name in &names {
                assert_eq!(plural(name), inflect_uncached(name, 2), "plural of {name}");
                assert_eq!(
                    singular(name),
                    inflect_uncached(name, 1),
                    "singular of {name}"
                );
            }
        }
        assert_eq!(plural("ItemPerson"), "ItemPeople");
    }

    /// The byte-wise snake case is heck's on every ASCII name: random
    /// strings over letters, digits and separators, of every short length.
    #[test]
    fn snake_case_is_hecks_on_ascii() {
        let mut words = Words {
            alphabet: b"aAbBzZ09_-. xX",
            state: 0x2545_f491_4f6c_dd1d,
        };
        // Short names, and long ones past the 64 bytes built on the stack.
        for n in 0..202_000 {
            let len = if n < 200_000 {
                (words.next() % 12) as usize
            } else {
                60 + (words.next() % 20) as usize
            };
            let s = words.word(len);
            assert_eq!(snake(&s), s.to_snake_case(), "snake case of {s:?}");
        }
        for s in [
            "HTTPRequest",
            "userID",
            "ABCdef",
            "a1B2",
            "__x__y",
            "XMLHttpRequest2Go",
        ] {
            assert_eq!(snake(s), s.to_snake_case(), "snake case of {s:?}");
        }
        assert_eq!(snake("Ünïcode"), "Ünïcode".to_snake_case());
    }

    #[test]
    fn snake_case_names() {
        assert_eq!(snake("bornOn"), "born_on");
        assert_eq!(snake("DrivingLicenses"), "driving_licenses");
        assert_eq!(snake("groupPKBTName"), "group_pkbt_name");
        assert_eq!(snake("UserGroups"), "user_groups");
        assert_eq!(lower_first("DrivingLicense"), "drivingLicense");
    }
}
