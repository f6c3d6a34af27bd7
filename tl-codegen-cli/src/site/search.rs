//! The site's search (issue 39): names first, then full text.
//!
//! mdBook's own search loads one index of every page's words before its first answer (27.8 MB
//! for Telegram's API and MTProto) and ranks `messages.sendMessage` below thirty
//! `sendMessage…Action` constructors. Pagefind (a static index in small fragments) loads far
//! less but ranks no better by name: measured on this site, its first result for
//! `sendMessage` and `sendMes` is the type `SendMessageAction`, for `InputPeer` the type
//! `InputPrivacyKey`, and `user` and `User` give the same list (it folds case). So the site
//! answers names itself, from [`NAMES_JS`] (every page's name, kind, page and first sentence),
//! exactly, case first, then by prefix, then anywhere; and Pagefind's index, when
//! `pagefind --site book` wrote one, gives the full-text results below them.
//! [`SEARCH_JS`] is the page script doing both, [`SEARCH_CSS`] its look in mdBook's themes.

use std::fmt::Write as _;

use super::Site;

/// Every page's `[name, kind, page, summary]`, as a script (`file://` pages may run scripts but
/// not fetch files), loaded on the first search.
pub const NAMES_JS: &str = "search/names.js";
/// The search box and its results (`assets/search.js`), in mdBook's `additional-js`.
pub const SEARCH_JS: &str = "search/search.js";
/// Their style, in mdBook's `additional-css`.
pub const SEARCH_CSS: &str = "search/search.css";

const SEARCH_JS_SOURCE: &str = include_str!("../../assets/search.js");
const SEARCH_CSS_SOURCE: &str = include_str!("../../assets/search.css");

/// Longest summary kept per name (characters): enough for a line of results.
const SUMMARY_CHARS: usize = 120;

/// The search files: path → content.
pub(super) fn files(sites: &[Site<'_>]) -> [(String, String); 3] {
    [
        (NAMES_JS.to_owned(), names_js(sites)),
        (SEARCH_JS.to_owned(), SEARCH_JS_SOURCE.to_owned()),
        (SEARCH_CSS.to_owned(), SEARCH_CSS_SOURCE.to_owned()),
    ]
}

/// `window.tlforgeSearchNames = [[name, kind, page, summary], …];`, kinds `m`ethod,
/// `c`onstructor, `t`ype, `e`rror, pages relative to the site's root.
fn names_js(sites: &[Site<'_>]) -> String {
    let mut out = String::from(
        "// Written by `tlforge docs`: every page's [name, kind (method, constructor, type, \
         error), page, summary].\nwindow.tlforgeSearchNames = [\n",
    );
    let mut entry = |name: &str, kind: &str, md_path: &str, summary: Option<String>| {
        let page = md_path.strip_suffix(".md").unwrap_or(md_path);
        let row = serde_json::json!([
            name,
            kind,
            format!("{page}.html"),
            summary.unwrap_or_default()
        ]);
        let _ = writeln!(out, "{row},");
    };
    for site in sites {
        for (name, def) in &site.methods {
            let summary = site.docs.description(def).map(plain_summary);
            entry(name, "m", &site.method_path(name), summary);
        }
        for name in site.types.keys() {
            let summary = site.docs.type_description(name).map(plain_summary);
            entry(name, "t", &site.type_path(name), summary);
        }
        for (name, def) in &site.constructors {
            let summary = site.docs.description(def).map(plain_summary);
            entry(name, "c", &site.constructor_path(name), summary);
        }
        if let Some(catalogue) = &site.catalogue {
            for error in catalogue.entries.iter().map(|e| e.error) {
                let codes: Vec<String> = error.codes.iter().map(i32::to_string).collect();
                let mut summary = codes.join(", ");
                if let Some(description) = &error.description {
                    summary = format!("{summary} · {}", plain_summary(description));
                }
                entry(
                    &error.name,
                    "e",
                    &site.error_path(&error.name),
                    Some(summary),
                );
            }
        }
    }
    out.push_str("];\n");
    out
}

/// The first sentence, at most [`SUMMARY_CHARS`] characters (then `…`).
fn plain_summary(text: &str) -> String {
    let sentence = text.find(". ").map_or(text, |i| &text[..=i]).trim();
    match sentence.char_indices().nth(SUMMARY_CHARS) {
        Some((cut, _)) => format!("{}…", sentence[..cut].trim_end()),
        None => sentence.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::plain_summary;

    #[test]
    fn summaries_are_the_first_sentence_cut_at_a_character() {
        assert_eq!(
            plain_summary("Sends a message. Then more."),
            "Sends a message."
        );
        assert_eq!(plain_summary("No full stop"), "No full stop");
        let long = "é".repeat(200);
        assert_eq!(plain_summary(&long), format!("{}…", "é".repeat(120)));
    }
}
