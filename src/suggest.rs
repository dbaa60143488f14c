//! "Did you mean ...?" for misspelt keywords, types and names.

/// The candidate closest to `word`, if close enough to be a likely typo:
/// equal ignoring case, or within an edit distance of about a third of its
/// length (transpositions count once).
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let lower = word.to_ascii_lowercase();
    let max = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let distance = if candidate.to_ascii_lowercase() == lower {
            0
        } else {
            strsim::damerau_levenshtein(&lower, &candidate.to_ascii_lowercase())
        };
        if distance <= max && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn finds_typos_and_case_slips() {
        let words = ["integer", "string", "bigint"];
        assert_eq!(did_you_mean("intger", words), Some("integer"));
        assert_eq!(did_you_mean("Integer", words), Some("integer"));
        assert_eq!(did_you_mean("strnig", words), Some("string"));
        assert_eq!(did_you_mean("banana", words), None);
        assert_eq!(
            did_you_mean("hasone", ["hasOne", "hasMany"]),
            Some("hasOne")
        );
    }
}
