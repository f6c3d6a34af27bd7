//! A crate's generated source as a tree of files (the part crates of
//! [`Config::generate_split`](crate::Config::generate_split)): a file per module, so that no
//! file is too large to review, render or browse (`types/auth.rs` holds `types::auth`).
//!
//! The layout, below the root file `<crate>.rs` (`mod` declarations resolve as rustc's
//! non-`mod.rs` rule has it, so the tree is laid out under a directory named after the root):
//!
//! - every module is a file, `types.rs`, `types/auth.rs`, declared `pub mod auth;` in its
//!   parent;
//! - a module whose own items exceed [`FILE_LIMIT`] keeps its imports and submodules and
//!   `include!`s its items from files grouped by the first letter of the item's Rust name,
//!   `types/items-u.rs` (`types::User`, `types::UpdateNewMessage`, …), or by more letters
//!   where one letter's items still exceed it (`functions/messages/items-ge.rs`). The `-` keeps
//!   these names apart from modules', which are identifiers. Grouping by name rather than by
//!   size keeps an item in its file when others are added around it, so that a layer update's
//!   diff is the update's, not a reshuffle.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::Error;
use crate::emit::ModuleCode;

/// The size of a module's items above which they move to files of their own, grouped by
/// name; also the size above which such a group is divided by one more letter. Half of what
/// a generated file may reach (512 KiB, issue 23) so that layers can grow in between.
pub const FILE_LIMIT: usize = 256 * 1024;

/// A crate's source as files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceTree {
    /// The root module's file (`<crate>.rs`).
    pub root: String,
    /// The other files: path relative to the directory named after the root file (`/`
    /// separated: `types.rs`, `types/auth.rs`, `types/items-u.rs`), and text; in the order
    /// written, each module before the files below it.
    pub files: Vec<(String, String)>,
}

impl SourceTree {
    /// Lays `root` (its items written already) out as files, writing the imports and module
    /// declarations with `write` (formatted or not) after `header` (the `@generated` comment)
    /// at the top of every file. `groups` holds the file prefixes of the modules whose items
    /// are in files by name ([`Plan::files`]): read
    /// (such a module keeps its files, new items going to the longest prefix of their name,
    /// else to their first letter's), and completed with the modules grouped afresh.
    ///
    /// [`Plan::files`]: crate::split::Plan::files
    pub(crate) fn lay_out(
        root: ModuleCode<String>,
        header: &str,
        write: &impl Fn(TokenStream, &mut String) -> Result<(), Error>,
        groups: &mut BTreeMap<String, Vec<String>>,
    ) -> Result<SourceTree, Error> {
        let mut files = Vec::new();
        let mut layout = Layout {
            header,
            write,
            planned: std::mem::take(groups),
            groups,
        };
        let root = layout.module_file(root, "", &mut files)?;
        Ok(SourceTree { root, files })
    }

    /// Every file, root first, with its path relative to the directory the root file is in:
    /// `stem` names the root (`api` gives `api.rs`, `api/types.rs`, …).
    pub fn paths<'t>(&'t self, stem: &str) -> Vec<(String, &'t str)> {
        let mut all = vec![(format!("{stem}.rs"), self.root.as_str())];
        all.extend(
            self.files
                .iter()
                .map(|(path, code)| (format!("{stem}/{path}"), code.as_str())),
        );
        all
    }
}

struct Layout<'a, W> {
    header: &'a str,
    write: &'a W,
    planned: BTreeMap<String, Vec<String>>,
    groups: &'a mut BTreeMap<String, Vec<String>>,
}

impl<W: Fn(TokenStream, &mut String) -> Result<(), Error>> Layout<'_, W> {
    /// The text of the file of `module`, whose directory (for its submodules and item files)
    /// is `dir` (`""` for the root, `types/auth` for `types::auth`); its other files go to
    /// `files`.
    fn module_file(
        &mut self,
        module: ModuleCode<String>,
        dir: &str,
        files: &mut Vec<(String, String)>,
    ) -> Result<String, Error> {
        let ModuleCode {
            attributes: _,
            imports,
            items,
            children,
        } = module;
        let write = self.write;
        let mut code = self.header.to_owned();
        write(imports, &mut code)?;
        let written: Vec<(String, String)> = items
            .into_iter()
            .map(|(name, text)| (name.to_lowercase(), text))
            .collect();
        let size: usize = written.iter().map(|(_, text)| text.len()).sum();
        let grouped = match self.planned.get(dir) {
            Some(prefixes) => Some(planned_groups(&written, prefixes)),
            None if size > FILE_LIMIT => Some(groups(&written, 1)),
            None => None,
        };
        match grouped {
            None => written.iter().for_each(|(_, text)| code.push_str(text)),
            Some(grouped) => {
                // `include!` paths are relative to the including file, `types/auth.rs` for
                // the items of `types::auth`, whose files are in `types/auth/`.
                let stem = dir.rsplit('/').next().unwrap_or(dir);
                let mut includes = TokenStream::new();
                for (prefix, group) in &grouped {
                    let name = format!("items-{prefix}.rs");
                    let mut text = self.header.to_owned();
                    group.iter().for_each(|&k| text.push_str(&written[k].1));
                    files.push((format!("{dir}/{name}"), text));
                    let path = format!("{stem}/{name}");
                    includes.extend(quote!(include!(#path);));
                }
                write(includes, &mut code)?;
                let prefixes = grouped.into_iter().map(|(prefix, _)| prefix).collect();
                self.groups.insert(dir.to_owned(), prefixes);
            }
        }
        let mut below = Vec::new();
        for (name, mut child) in children {
            let attributes = std::mem::take(&mut child.attributes);
            let ident = proc_macro2::Ident::new(&name, proc_macro2::Span::call_site());
            write(quote!(#attributes pub mod #ident;), &mut code)?;
            let child_dir = if dir.is_empty() {
                name
            } else {
                format!("{dir}/{name}")
            };
            let mut child_files = Vec::new();
            let text = self.module_file(child, &child_dir, &mut child_files)?;
            below.push((format!("{child_dir}.rs"), text));
            below.extend(child_files);
        }
        files.extend(below);
        Ok(code)
    }
}

/// The items of `written` in the files of `prefixes` (a module's files in the plan): each in
/// the longest prefix its name starts with, else in its first letter's (a new file). Files
/// left empty are dropped.
fn planned_groups(written: &[(String, String)], prefixes: &[String]) -> Vec<(String, Vec<usize>)> {
    let mut by_prefix: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (k, (name, _)) in written.iter().enumerate() {
        let prefix = prefixes
            .iter()
            .filter(|prefix| name.starts_with(prefix.as_str()))
            .max_by_key(|prefix| prefix.len())
            .cloned()
            .unwrap_or_else(|| name.chars().take(1).collect());
        by_prefix.entry(prefix).or_default().push(k);
    }
    by_prefix.into_iter().collect()
}

/// The items of `written` (lower-case name, text) grouped by the first `letters` letters of
/// their names, by prefix; a group over [`FILE_LIMIT`] is divided by one more letter where
/// that divides it. Item order is kept within a group.
fn groups(written: &[(String, String)], letters: usize) -> Vec<(String, Vec<usize>)> {
    groups_of(written, (0..written.len()).collect(), letters)
}

fn groups_of(
    written: &[(String, String)],
    members: Vec<usize>,
    letters: usize,
) -> Vec<(String, Vec<usize>)> {
    let mut by_prefix: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for k in members {
        let prefix: String = written[k].0.chars().take(letters).collect();
        by_prefix.entry(prefix).or_default().push(k);
    }
    let mut out = Vec::new();
    for (prefix, group) in by_prefix {
        let size: usize = group.iter().map(|&k| written[k].1.len()).sum();
        let longer = group
            .iter()
            .any(|&k| written[k].0.chars().count() > letters);
        if size > FILE_LIMIT && group.len() > 1 && longer {
            out.extend(groups_of(written, group, letters + 1));
        } else {
            out.push((prefix, group));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(name: &str, size: usize) -> (String, String) {
        (name.to_owned(), "x".repeat(size))
    }

    #[test]
    fn groups_divide_by_more_letters_only_where_a_group_is_too_large() {
        let big = FILE_LIMIT / 2 + 1;
        let written = vec![
            item("getdialogs", big),
            item("sendmessage", 10),
            item("getmessages", big),
            item("getfile", 10),
            item("ab", 10),
        ];
        let groups = groups(&written, 1);
        let prefixes: Vec<(&str, &[usize])> = groups
            .iter()
            .map(|(p, g)| (p.as_str(), g.as_slice()))
            .collect();
        // "g" is over the limit, "ge" too (all three start so), "get" too: divided at the
        // fourth letter; order inside a group is the items' order.
        assert_eq!(
            prefixes,
            [
                ("a", &[4][..]),
                ("getd", &[0][..]),
                ("getf", &[3][..]),
                ("getm", &[2][..]),
                ("s", &[1][..]),
            ]
        );
    }

    #[test]
    fn planned_files_keep_their_items_and_take_new_ones_by_longest_prefix() {
        let written = vec![
            item("inputpeer", 1),
            item("inputmedia", 1),
            item("invoice", 1),
            item("zoo", 1),
        ];
        let prefixes = ["i", "inputm"].map(str::to_owned);
        assert_eq!(
            planned_groups(&written, &prefixes),
            [
                ("i".to_owned(), vec![0, 2]),
                ("inputm".to_owned(), vec![1]),
                ("z".to_owned(), vec![3]),
            ]
        );
    }

    #[test]
    fn one_item_over_the_limit_stays_one_group() {
        let written = vec![item("a", FILE_LIMIT * 2), item("ab", 1)];
        let groups = groups(&written, 1);
        // "a" cannot be divided further by name beyond its own length: "a" and "ab".
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0], ("a".to_owned(), vec![0]));
    }
}
