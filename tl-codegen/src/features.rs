//! Cargo features per TL namespace (`Config::namespace_features`): which items each namespace
//! needs, so that a crate can compile only the namespaces it uses.
//!
//! Feature `messages` stands for the functions and types of the TL namespace `messages` and for
//! everything they reach (field types, enum variants, return types), whatever its namespace.
//! An item is compiled when any feature that reaches it is on, so dependencies between
//! namespaces need no feature-to-feature entries: `channels.getMessages` returns
//! `messages.Messages`, so `types::messages::Messages` is compiled with `channels` alone.
//! Items outside every namespace that no namespace reaches (and the root functions such as
//! `invokeWithLayer`, which every client needs) are always compiled, with what they reach.

use std::collections::{BTreeSet, HashMap};

use tlforge_parser::Category;

use crate::naming;
use crate::rust_model::{References, RustSchema};
use crate::split::{is_item, reachable};

/// The features of one schema and the features that need each item.
pub struct NamespaceFeatures {
    /// Every feature, sorted: one per TL namespace (its Rust module name).
    pub names: Vec<String>,
    /// Struct items (definition index) compiled only under some features; absent = always.
    structs: HashMap<usize, Vec<String>>,
    /// Enums (TL type name) compiled only under some features; absent = always.
    enums: HashMap<String, Vec<String>>,
    /// Number of items (structs and enums) compiled whatever the features.
    pub always: usize,
}

impl NamespaceFeatures {
    pub fn new(rust: &RustSchema<'_>) -> NamespaceFeatures {
        let defs = rust.schema.definitions.len();
        let edges = rust.item_graph(References::All);
        let nodes = edges.len();
        let mut owner: Vec<Option<String>> = vec![None; nodes];
        let mut root_functions = Vec::new();
        for &index in &rust.items {
            let def = rust.def(index);
            owner[index] = def.name.namespace.first().map(|ns| feature_name(ns));
            if owner[index].is_none() && def.category == Category::Function {
                root_functions.push(index);
            }
        }
        for (k, tl_name) in rust.enums.keys().enumerate() {
            owner[defs + k] = tl_name
                .split_once('.')
                .map(|(namespace, _)| feature_name(namespace));
        }

        let names: BTreeSet<String> = owner.iter().flatten().cloned().collect();
        let mut needed_by: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); nodes];
        for name in &names {
            let seeds = (0..nodes).filter(|&n| owner[n].as_deref() == Some(name.as_str()));
            for node in reachable(&edges, seeds) {
                needed_by[node].insert(name);
            }
        }
        // Always compiled: root functions, root items no namespace reaches, and their reach.
        let core_seeds = (0..nodes).filter(|&n| {
            root_functions.contains(&n)
                || (owner[n].is_none() && needed_by[n].is_empty() && is_item(rust, defs, n))
        });
        let always = reachable(&edges, core_seeds);

        let features_of = |node: usize| -> Option<Vec<String>> {
            (!always.contains(&node))
                .then(|| needed_by[node].iter().map(|s| s.to_string()).collect())
        };
        let structs = rust
            .items
            .iter()
            .filter_map(|&index| Some((index, features_of(index)?)))
            .collect();
        let enums = rust
            .enums
            .keys()
            .enumerate()
            .filter_map(|(k, name)| Some((name.clone(), features_of(defs + k)?)))
            .collect();
        NamespaceFeatures {
            names: names.into_iter().collect(),
            structs,
            enums,
            always: always.len(),
        }
    }

    /// Number of items compiled with `feature` as the only namespace feature on.
    pub fn items_with(&self, feature: &str) -> usize {
        let needed = |features: &Vec<String>| features.iter().any(|f| f == feature);
        self.always
            + self.structs.values().filter(|f| needed(f)).count()
            + self.enums.values().filter(|f| needed(f)).count()
    }

    /// Features that need the struct of definition `index`; `None` = always compiled.
    pub fn for_struct(&self, index: usize) -> Option<&[String]> {
        self.structs.get(&index).map(Vec::as_slice)
    }

    /// Features that need the enum of boxed type `tl_name`; `None` = always compiled.
    pub fn for_enum(&self, tl_name: &str) -> Option<&[String]> {
        self.enums.get(tl_name).map(Vec::as_slice)
    }
}

/// The cargo feature of a TL namespace: its Rust module name (`tlforge_types::functions::messages`
/// is feature `messages`).
fn feature_name(namespace: &str) -> String {
    naming::module_name(namespace)
}

#[cfg(test)]
mod tests {
    use tlforge_parser::{ParameterKind, SourceFile, parse_schema};

    use super::*;
    use crate::rust_model::{ItemPath, RustType};

    /// Features of `text`'s items by TL name (struct items) or boxed type name (enums);
    /// `None` = always compiled.
    fn features(text: &str) -> (Vec<String>, HashMap<String, Option<Vec<String>>>) {
        let parsed = parse_schema(&[SourceFile::new("test.tl", text)]).expect("valid schema");
        let rust = RustSchema::new(&parsed.schema).expect("supported schema");
        let features = NamespaceFeatures::new(&rust);
        let mut by_name = HashMap::new();
        for &index in &rust.items {
            let name = rust.def(index).name.to_string();
            by_name.insert(name, features.for_struct(index).map(<[String]>::to_vec));
        }
        for name in rust.enums.keys() {
            by_name.insert(
                name.clone(),
                features.for_enum(name).map(<[String]>::to_vec),
            );
        }
        (features.names.clone(), by_name)
    }

    fn list(names: &[&str]) -> Option<Vec<String>> {
        Some(names.iter().map(|n| n.to_string()).collect())
    }

    #[test]
    fn items_follow_the_namespaces_that_reach_them() {
        let (names, by_name) = features(
            "photo#1 id:long = Photo;\n\
             user#2 photo:Photo = User;\n\
             messages.messages#3 users:Vector<User> = messages.Messages;\n\
             storage.fileJpeg#4 = storage.FileType;\n\
             ---functions---\n\
             messages.getMessages#5 id:int = messages.Messages;\n\
             channels.getMessages#6 id:int = messages.Messages;\n\
             upload.getFile#7 = storage.FileType;\n",
        );
        assert_eq!(names, ["channels", "messages", "storage", "upload"]);
        // Reached from both namespaces' functions (through a vector and an enum variant).
        assert_eq!(by_name["photo"], list(&["channels", "messages"]));
        assert_eq!(by_name["User"], list(&["channels", "messages"]));
        assert_eq!(
            by_name["messages.Messages"],
            list(&["channels", "messages"])
        );
        assert_eq!(by_name["messages.getMessages"], list(&["messages"]));
        // A namespace with types only is a feature too, and its types follow their users.
        assert_eq!(by_name["storage.FileType"], list(&["storage", "upload"]));
    }

    #[test]
    fn root_functions_and_unreached_root_items_are_always_compiled() {
        let (_, by_name) = features(
            "jsonNull#1 = JSONValue;\n\
             config#2 value:JSONValue = Config;\n\
             standalone#3 = Standalone;\n\
             help.empty#4 = help.Empty;\n\
             ---functions---\n\
             initConnection#5 params:JSONValue = Bool;\n\
             help.getConfig#6 = Config;\n",
        );
        assert_eq!(by_name["initConnection"], None);
        // Reached by a root function: always, even though `help` reaches it too.
        assert_eq!(by_name["JSONValue"], None);
        assert_eq!(by_name["jsonNull"], None);
        // Reached by no namespace: kept rather than lost.
        assert_eq!(by_name["Standalone"], None);
        assert_eq!(by_name["Config"], list(&["help"]));
        assert_eq!(by_name["help.Empty"], list(&["help"]));
    }

    /// The property that makes any combination of features compile: whatever an item refers
    /// to is compiled under (at least) the same features.
    #[test]
    fn every_reference_is_compiled_whenever_its_user_is() {
        let text = include_str!("../../schema/api.tl");
        let parsed = parse_schema(&[SourceFile::new("api.tl", text)]).expect("valid schema");
        let rust = RustSchema::new(&parsed.schema).expect("supported schema");
        let features = NamespaceFeatures::new(&rust);
        assert!(features.names.len() > 20, "{:?}", features.names);
        let covers = |user: Option<&[String]>, used: Option<&[String]>| match (user, used) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some(user), Some(used)) => user.iter().all(|f| used.contains(f)),
        };
        let enum_features = |path: &ItemPath| {
            let (name, _) = rust
                .enums
                .iter()
                .find(|(_, (p, _))| p == path)
                .expect("enum path");
            features.for_enum(name)
        };
        let struct_features = |path: &ItemPath| {
            let index = rust.paths.iter().find(|(_, p)| *p == path).expect("path").0;
            features.for_struct(*index)
        };
        let mut checked = 0;
        for &index in &rust.items {
            let def = rust.def(index);
            let user = features.for_struct(index);
            let params = def.params.iter().filter_map(|param| match &param.kind {
                ParameterKind::Value { ty, .. } => Some(ty),
                _ => None,
            });
            let result = (def.category == Category::Function).then_some(&def.result);
            for ty in params.chain(result) {
                let mut ty = rust.rust_type(def, ty).expect("type");
                while let RustType::Vector { item, .. } = ty {
                    ty = *item;
                }
                let used = match &ty {
                    RustType::Enum(path) => enum_features(path),
                    RustType::Bare(path) => struct_features(path),
                    _ => continue,
                };
                assert!(covers(user, used), "{} uses {ty:?}", def.name);
                checked += 1;
            }
        }
        for (name, (_, ctors)) in &rust.enums {
            for &ctor in ctors {
                let (user, used) = (features.for_enum(name), features.for_struct(ctor));
                assert!(covers(user, used), "{name} has {}", rust.def(ctor).name);
            }
        }
        assert!(checked > 2000, "{checked}");
    }
}
