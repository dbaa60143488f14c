//! Every name ormgen derives, in one place: Sequelize's `camelize` for
//! foreign keys, English plurals and singulars for association and table
//! names, and snake_case for underscored tables and columns.

use crate::syntax::ast::Name;
use compact_str::format_compact;

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

fn inflect(s: &str, count: isize) -> Name {
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

/// snake_case for underscored tables and columns (`bornOn` → `born_on`):
/// [`crate::ir::ident::snake`], the one snake case.
pub fn snake(s: &str) -> Name {
    crate::ir::ident::snake(s).into()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn snake_case_names() {
        assert_eq!(snake("bornOn"), "born_on");
        assert_eq!(snake("DrivingLicenses"), "driving_licenses");
        assert_eq!(snake("groupPKBTName"), "group_pkbt_name");
        assert_eq!(snake("UserGroups"), "user_groups");
        assert_eq!(lower_first("DrivingLicense"), "drivingLicense");
    }
}
