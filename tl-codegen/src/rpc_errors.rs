//! The error catalogue of a metadata file as Rust: a variant name for every error, how a
//! message is matched to it, and the errors each method documents. The emitter writes
//! `errors::Error` and the per-function `<Name>Error` enums from it (issue 20).
//!
//! # Variant names
//!
//! 1. The name's words in UpperCamelCase without its `%d`: `PHONE_CODE_EXPIRED` →
//!    `PhoneCodeExpired`, `FLOOD_WAIT_%d` → `FloodWait`, `FILE_PART_%d_MISSING` →
//!    `FilePartMissing`. Characters other than ASCII letters and digits separate words
//!    (`FILE_REFERENCE_*` → `FileReference`); digits that start the name are spelled out
//!    (`2FA_CONFIRM_WAIT_%d` → `TwoFaConfirmWait`).
//! 2. A numbered name whose variant another name also gets (`FILE_REFERENCE_%d_EXPIRED` beside
//!    `FILE_REFERENCE_EXPIRED`) writes its number as the word `N` where it stands:
//!    `FileReferenceNExpired`, `AllowPaymentRequiredN`.
//! 3. Names that still meet (spellings that differ in case only: `TIMEOUT`, `Timeout`): the one
//!    written in capitals keeps the name, any other gets its first code appended
//!    (`Timeout503` for `Timeout`, code -503).
//! 4. Past that (no catalogue needs it), a counter: `Name2`, `Name3`. `Other` is never given:
//!    it is the variant of errors outside the catalogue.

use std::collections::{BTreeMap, HashMap};

use crate::metadata::{CatalogueError, ErrorDoc, Metadata};

/// The variant of errors outside the catalogue.
pub const OTHER: &str = "Other";

/// The catalogue of a metadata file, with Rust names.
#[derive(Debug)]
pub struct ErrorCatalogue<'m> {
    /// In catalogue order (sorted by name).
    pub entries: Vec<ErrorEntry<'m>>,
    /// Name and alias spellings → entry.
    by_spelling: HashMap<&'m str, usize>,
}

/// One error of the catalogue.
#[derive(Debug)]
pub struct ErrorEntry<'m> {
    pub error: &'m CatalogueError,
    /// The variant of `errors::Error` (and of every per-function enum that has it).
    pub variant: String,
    /// For a numbered name, the text before and after its `%d`.
    pub number: Option<(&'m str, &'m str)>,
}

impl<'m> ErrorCatalogue<'m> {
    /// The catalogue of `metadata`; `None` when it has none.
    pub fn new(metadata: &'m Metadata) -> Option<ErrorCatalogue<'m>> {
        if metadata.errors.is_empty() {
            return None;
        }
        let errors: Vec<&CatalogueError> = metadata.errors.values().collect();
        let variants = variant_names(&errors);
        let mut by_spelling = HashMap::new();
        for (index, error) in errors.iter().enumerate() {
            by_spelling.insert(error.name.as_str(), index);
        }
        // A name wins over another entry's alias of the same spelling.
        for (index, error) in errors.iter().enumerate() {
            for alias in &error.aliases {
                by_spelling.entry(alias.as_str()).or_insert(index);
            }
        }
        let entries = errors
            .into_iter()
            .zip(variants)
            .map(|(error, variant)| ErrorEntry {
                error,
                variant,
                number: error.name.split_once("%d"),
            })
            .collect();
        Some(ErrorCatalogue {
            entries,
            by_spelling,
        })
    }

    /// The entry of a name as a method's error list spells it (`FLOOD_WAIT_%d`, `FLOOD_WAIT_X`).
    pub fn lookup(&self, spelling: &str) -> Option<usize> {
        self.by_spelling.get(spelling).copied()
    }

    /// The entries of a method's documented errors, in documentation order, each once, and the
    /// spellings the catalogue does not have.
    pub fn method_errors<'d>(&self, documented: &'d [ErrorDoc]) -> (Vec<usize>, Vec<&'d str>) {
        let mut entries = Vec::new();
        let mut unknown = Vec::new();
        for error in documented {
            match self.lookup(&error.kind) {
                Some(entry) if !entries.contains(&entry) => entries.push(entry),
                Some(_) => {}
                None => unknown.push(error.kind.as_str()),
            }
        }
        (entries, unknown)
    }

    /// `method `m`: `ERROR`` for every error a method documents that the catalogue does not
    /// have (it gets no variant; the error still converts, into `Other`).
    pub fn uncatalogued(&self, metadata: &Metadata) -> Vec<String> {
        metadata
            .methods
            .iter()
            .flat_map(|(method, doc)| {
                let (_, unknown) = self.method_errors(&doc.errors);
                unknown
                    .into_iter()
                    .map(move |kind| format!("method `{method}`: `{kind}`"))
            })
            .collect()
    }

    /// Entries whose message is the name itself (in catalogue order), and numbered ones in
    /// the order a message is tried against them: the most specific pattern first, should two
    /// match one message. A message is a plain entry's name, or else the first numbered one it
    /// fits.
    pub fn partition(&self) -> (Vec<&ErrorEntry<'m>>, Vec<&ErrorEntry<'m>>) {
        let (plain, mut numbered): (Vec<_>, Vec<_>) =
            self.entries.iter().partition(|e| e.number.is_none());
        numbered.sort_by_key(|e| {
            let (before, after) = e.number.unwrap_or_default();
            std::cmp::Reverse(before.len() + after.len())
        });
        (plain, numbered)
    }
}

/// The words of `name` in UpperCamelCase (rule 1), with `%d` written as `number` (empty: left
/// out).
fn camel_words(name: &str, number: &str) -> String {
    let name = name.replace("%d", &format!("_{number}_"));
    let mut out = String::new();
    for word in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    // An identifier cannot start with a digit: spell the leading ones.
    let digits = out.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        const WORDS: [&str; 10] = [
            "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine",
        ];
        let spelled: String = out[..digits]
            .bytes()
            .map(|d| WORDS[usize::from(d - b'0')])
            .collect();
        let rest = &out[digits..];
        let mut rest_chars = rest.chars();
        let rest = match rest_chars.next() {
            Some(first) => format!("{}{}", first.to_ascii_uppercase(), rest_chars.as_str()),
            None => String::new(),
        };
        out = spelled + &rest;
    }
    if out.is_empty() {
        out.push_str("Unnamed");
    }
    out
}

/// The variant of each error, by the rules of the module's documentation.
pub fn variant_names(errors: &[&CatalogueError]) -> Vec<String> {
    let mut names: Vec<String> = errors.iter().map(|e| camel_words(&e.name, "")).collect();
    let counts = |names: &[String]| {
        let mut counts: HashMap<String, usize> = HashMap::new();
        for name in names {
            *counts.entry(name.clone()).or_default() += 1;
        }
        counts
    };
    // Rule 2.
    let first = counts(&names);
    for (name, error) in names.iter_mut().zip(errors) {
        if first[name.as_str()] > 1 && error.name.contains("%d") {
            *name = camel_words(&error.name, "N");
        }
    }
    // Rule 3.
    let second = counts(&names);
    for (name, error) in names.iter_mut().zip(errors) {
        let in_capitals = !error.name.bytes().any(|b| b.is_ascii_lowercase());
        if second[name.as_str()] > 1 && !in_capitals {
            if let Some(code) = error.codes.first() {
                name.push_str(&code.unsigned_abs().to_string());
            }
        }
    }
    // Rule 4, and `Other`.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    seen.insert(OTHER.to_owned(), 1);
    let mut taken: std::collections::HashSet<String> = names.iter().cloned().collect();
    for name in &mut names {
        let times = seen.entry(name.clone()).or_default();
        *times += 1;
        if *times > 1 {
            let mut n = *times;
            while taken.contains(&format!("{name}{n}")) {
                n += 1;
            }
            *name = format!("{name}{n}");
            taken.insert(name.clone());
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(name: &str, codes: &[i32]) -> CatalogueError {
        CatalogueError {
            name: name.to_owned(),
            codes: codes.to_vec(),
            ..CatalogueError::default()
        }
    }

    fn variants(names: &[(&str, &[i32])]) -> Vec<String> {
        let errors: Vec<CatalogueError> = names.iter().map(|(n, c)| error(n, c)).collect();
        variant_names(&errors.iter().collect::<Vec<_>>())
    }

    // Names from layer 230's catalogue (schema/telegram-docs.json).
    #[test]
    fn words_numbers_and_leading_digits() {
        assert_eq!(
            variants(&[
                ("PHONE_CODE_EXPIRED", &[400]),
                ("FLOOD_WAIT_%d", &[420]),
                ("FILE_PART_%d_MISSING", &[400]),
                ("PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_%dMIN", &[406]),
                ("2FA_CONFIRM_WAIT_%d", &[420]),
                ("FILE_REFERENCE_*", &[400]),
                ("AUTH_TOKEN_INVALIDX", &[400]),
                ("Timedout", &[-503]),
            ]),
            [
                "PhoneCodeExpired",
                "FloodWait",
                "FilePartMissing",
                "PreviousChatImportActiveWaitMin",
                "TwoFaConfirmWait",
                "FileReference",
                "AuthTokenInvalidx",
                "Timedout",
            ]
        );
    }

    #[test]
    fn numbered_and_plain_names_that_meet_stay_apart() {
        assert_eq!(
            variants(&[
                ("FILE_REFERENCE_%d_EXPIRED", &[400]),
                ("FILE_REFERENCE_EXPIRED", &[400]),
                ("ALLOW_PAYMENT_REQUIRED", &[403]),
                ("ALLOW_PAYMENT_REQUIRED_%d", &[403]),
            ]),
            [
                "FileReferenceNExpired",
                "FileReferenceExpired",
                "AllowPaymentRequired",
                "AllowPaymentRequiredN",
            ]
        );
    }

    #[test]
    fn spellings_that_differ_in_case_and_other() {
        assert_eq!(
            variants(&[
                ("TIMEOUT", &[500]),
                ("Timeout", &[-503]),
                ("OTHER", &[400]),
                ("A_B", &[400]),
                ("A__B", &[400]),
            ]),
            ["Timeout", "Timeout503", "Other2", "AB", "AB2"]
        );
    }

    #[test]
    fn method_errors_follow_aliases_once_each() {
        let mut metadata = Metadata::default();
        for (name, aliases) in [("FLOOD_WAIT_%d", vec!["FLOOD_WAIT_X"]), ("A", vec![])] {
            let mut e = error(name, &[420]);
            e.aliases = aliases.into_iter().map(String::from).collect();
            metadata.errors.insert(name.to_owned(), e);
        }
        let catalogue = ErrorCatalogue::new(&metadata).unwrap();
        let doc = |kind: &str| ErrorDoc {
            code: 420,
            kind: kind.to_owned(),
            description: None,
        };
        let documented = [
            doc("FLOOD_WAIT_X"),
            doc("A"),
            doc("FLOOD_WAIT_%d"),
            doc("B"),
        ];
        let (entries, unknown) = catalogue.method_errors(&documented);
        let names: Vec<&str> = entries
            .iter()
            .map(|&i| catalogue.entries[i].error.name.as_str())
            .collect();
        assert_eq!(names, ["FLOOD_WAIT_%d", "A"]);
        assert_eq!(unknown, ["B"]);
        assert_eq!(
            catalogue.entries[catalogue.lookup("FLOOD_WAIT_%d").unwrap()].number,
            Some(("FLOOD_WAIT_", ""))
        );
        assert!(ErrorCatalogue::new(&Metadata::default()).is_none());
    }
}
