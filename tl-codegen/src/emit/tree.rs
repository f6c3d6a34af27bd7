//! The module tree of the generated code: which module each item goes in ([`emit`],
//! [`emit_split`] for the part crates), the skeleton written whole with a marker per item and
//! the items' texts spliced in ([`ModuleCode`], [`splice_items`]), the items written on every
//! core ([`render`]), and the unformatted writer ([`write_unformatted`]).

use super::*;

/// The whole schema as one module tree (valid as a crate root or an `include!`d file), its
/// items still to be written ([`render`]).
pub fn emit<'r>(context: &EmitContext<'r, '_>) -> ModuleCode<Job<'r>> {
    let rust = context.rust;
    let emitter = context.emitter();
    let mut root = ModuleCode::default();
    root.items.push((String::new(), Job::Header));
    ModuleTree::new(rust, |_| true).write_children(&emitter, &mut root, &[], &[], &quote!());
    if emitter.catalogue.is_some() {
        let gate = emitter.error_types.cfg();
        let mut errors = ModuleCode {
            attributes: quote! {
                /// Errors a server may answer a call with: the error catalogue of the documentation.
                #gate
            },
            ..ModuleCode::default()
        };
        errors.items.push(("errors".to_owned(), Job::Errors));
        root.children.push(("errors".to_owned(), errors));
    }
    root
}

/// The code of one module, item by item, so that it can be written inline (`mod m { … }`) or
/// as a tree of files (the part crates of a split schema, `Config::generate_split`). Items
/// are [`Job`]s until [`render`] has written them, then text.
pub struct ModuleCode<I> {
    /// Outer attributes of the module's declaration (its doc, lint allowances, cfg).
    pub attributes: TokenStream,
    /// What comes before the items: imports.
    pub imports: TokenStream,
    /// The items, each with its Rust name: a struct or enum with its impls.
    pub items: Vec<(String, I)>,
    /// The submodules, by name, in the order written.
    pub children: Vec<(String, ModuleCode<I>)>,
}

impl<I> Default for ModuleCode<I> {
    fn default() -> Self {
        ModuleCode {
            attributes: TokenStream::new(),
            imports: TokenStream::new(),
            items: Vec::new(),
            children: Vec::new(),
        }
    }
}

impl<I> ModuleCode<I> {
    /// Every item with the depth of its module (0 for the root's), in the order written:
    /// a module's items, then its submodules'.
    pub fn items_with_depth<'m>(&'m self, depth: usize, out: &mut Vec<(usize, &'m I)>) {
        out.extend(self.items.iter().map(|(_, item)| (depth, item)));
        for (_, child) in &self.children {
            child.items_with_depth(depth + 1, out);
        }
    }

    /// The same tree with each item replaced, in the order of [`ModuleCode::items_with_depth`].
    pub fn map<J>(self, next: &mut impl FnMut(I) -> J) -> ModuleCode<J> {
        ModuleCode {
            attributes: self.attributes,
            imports: self.imports,
            items: self
                .items
                .into_iter()
                .map(|(name, item)| (name, next(item)))
                .collect(),
            children: self
                .children
                .into_iter()
                .map(|(name, child)| (name, child.map(next)))
                .collect(),
        }
    }
}

/// Marks where an item's text goes in the module skeleton of [`ModuleCode::skeleton`].
pub(super) const ITEM_MARKER: &str = "__tl_codegen_item_";

impl ModuleCode<String> {
    /// The module's body as one token stream, its submodules inline, each item a one-line
    /// marker (`struct __tl_codegen_item_7;`) for [`splice_items`] to replace with its text
    /// once the skeleton is written: the skeleton is small, so writing it whole is cheap, and
    /// the items are written on all threads.
    pub fn skeleton(self, texts: &mut Vec<String>) -> TokenStream {
        let mut out = self.imports;
        for (_, text) in self.items {
            let marker = ident(&format!("{ITEM_MARKER}{}", texts.len()));
            texts.push(text);
            out.extend(quote!(struct #marker;));
        }
        for (name, mut child) in self.children {
            let name = ident(&name);
            let attributes = std::mem::take(&mut child.attributes);
            let body = child.skeleton(texts);
            out.extend(quote! {
                #attributes
                pub mod #name {
                    #body
                }
            });
        }
        out
    }
}

/// `skeleton` (the written [`ModuleCode::skeleton`]) with each marker replaced by its item's
/// text: formatted, the marker's whole line (the text is formatted at the marker's depth);
/// unformatted, the marker's tokens and the line break after them.
pub fn splice_items(skeleton: &str, texts: &[String], out: &mut String) {
    // The whole file at once: growing by doubling would copy megabytes several times.
    out.reserve(skeleton.len() + texts.iter().map(String::len).sum::<usize>());
    let mut rest = skeleton;
    while let Some(at) = rest.find(ITEM_MARKER) {
        let start = rest[..at].rfind(['\n', '{']).map_or(0, |k| k + 1);
        let (before, marker) = rest.split_at(at);
        // What precedes the marker on its line: indentation and `struct `.
        out.push_str(&before[..start]);
        let digits = marker[ITEM_MARKER.len()..]
            .find(|c: char| !c.is_ascii_digit())
            .map_or(marker.len(), |k| k + ITEM_MARKER.len());
        let number: usize = marker[ITEM_MARKER.len()..digits]
            .parse()
            .expect("markers are numbered");
        out.push_str(&texts[number]);
        let end = marker.find('\n').map_or(marker.len(), |k| k + 1);
        rest = &marker[end..];
    }
    out.push_str(rest);
}

/// Writes every job (with the depth of its module: formatted text is indented to it) with
/// `write`, on `threads` threads, each with its own [`Emitter`]; the texts are in job order
/// and the same whatever the number of threads. The jobs' doc comments are markers
/// ([`Emitter::doc`]): `write` is handed their texts, for [`expand_doc_markers`].
pub fn render<E: Send>(
    context: &EmitContext<'_, '_>,
    jobs: &[(usize, &Job<'_>)],
    threads: usize,
    write: &(impl Fn(TokenStream, &[String], usize) -> Result<String, E> + Sync),
) -> Result<Vec<String>, E> {
    // Large jobs first, then the rest in order, handed out a few at a time.
    let mut order: Vec<usize> = (0..jobs.len()).filter(|&k| jobs[k].1.is_large()).collect();
    order.extend((0..jobs.len()).filter(|&k| !jobs[k].1.is_large()));
    const CHUNK: usize = 8;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let work = || -> Result<Vec<(usize, String)>, E> {
        let mut emitter = context.emitter();
        emitter.doc_blocks = Some(Default::default());
        let mut done = Vec::new();
        loop {
            let start = next.fetch_add(CHUNK, std::sync::atomic::Ordering::Relaxed);
            if start >= order.len() {
                return Ok(done);
            }
            for &k in &order[start..(start + CHUNK).min(order.len())] {
                let (depth, job) = jobs[k];
                let tokens = emitter.job(job);
                let docs = emitter
                    .doc_blocks
                    .as_ref()
                    .map(|b| b.take())
                    .unwrap_or_default();
                done.push((k, write(tokens, &docs, depth)?));
            }
        }
    };
    let threads = threads.clamp(1, jobs.len().max(1));
    let parts: Vec<Result<Vec<(usize, String)>, E>> = if threads == 1 {
        vec![work()]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
            handles
                .into_iter()
                .map(|handle| {
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect()
        })
    };
    let mut texts = vec![String::new(); jobs.len()];
    for part in parts {
        for (k, text) in part? {
            texts[k] = text;
        }
    }
    Ok(texts)
}

/// The crates of a split schema ([`crate::split`]): their names as Rust paths see them.
pub struct SplitCrates {
    /// The [`crate::split::PARTS`] part crates, stage by stage (two per stage).
    pub parts: [String; crate::split::PARTS],
    /// The crate of `errors::Error`, which every part depends on; needed when the metadata
    /// has an error catalogue.
    pub errors: Option<String>,
    /// Where items were placed before ([`crate::split::Plan`]): kept, so that a layer update
    /// moves nothing that did not change. `None`: partition afresh.
    pub plan: Option<split::Plan>,
}

/// The source of each crate of a split schema.
pub struct SplitTokens<'r> {
    /// Each part crate's root module (no items of its own, only modules).
    pub parts: [ModuleCode<Job<'r>>; crate::split::PARTS],
    /// The facade: `LAYER`, `name_for_id`, and every module re-exporting the parts.
    pub facade: ModuleCode<Job<'r>>,
    /// The errors crate ([`SplitCrates::errors`]), when there is an error catalogue: its
    /// root, whose one item is [`Job::Errors`].
    pub errors: Option<ModuleCode<Job<'r>>>,
}

/// The order in which [`emit_split`] writes the structs of `partition`'s parts.
pub fn split_struct_order<'p>(
    rust: &'p RustSchema<'_>,
    partition: &'p Partition,
) -> impl Iterator<Item = usize> + 'p {
    (0..split::PARTS).flat_map(move |k| {
        rust.items
            .iter()
            .copied()
            .filter(move |&index| partition.part(index) == k)
    })
}

/// Writes the schema as the crates of `partition` (see [`crate::split`]); the context must
/// have been made with [`split_struct_order`].
pub fn emit_split<'r>(
    context: &EmitContext<'r, '_>,
    partition: &Partition,
    crates: &SplitCrates,
) -> SplitTokens<'r> {
    let rust = context.rust;
    let emitter = context.emitter();
    let trees: [ModuleTree<'_>; split::PARTS] =
        std::array::from_fn(|k| ModuleTree::new(rust, |node| partition.part(node) == k));
    let parts = std::array::from_fn(|k| {
        let dependencies: Vec<(&str, &ModuleTree<'_>)> = split::dependencies(k)
            .map(|d| (crates.parts[d].as_str(), &trees[d]))
            .collect();
        // A part sees its dependencies' items through glob imports in each module, so that
        // the same relative paths (`super::types::User`) resolve wherever the item lives;
        // it declares every module they have, as two crates' modules of one name would be
        // ambiguous as glob imports.
        let mut tree = trees[k].clone();
        for (_, dependency) in &dependencies {
            tree.add_modules_of(dependency);
        }
        let mut root = ModuleCode::default();
        // `pub(crate)`: the crate's other modules use the imports (`super::types::User`), but
        // each item is public at its own crate's path only, so that the facade's glob
        // re-exports reach it by one path (rustdoc lists it once).
        tree.write_children(&emitter, &mut root, &[], &dependencies, &quote!(pub(crate)));
        root
    });
    // The facade: no items, every module re-exporting each part that has items there.
    let mut facade = ModuleCode::default();
    facade.items.push((String::new(), Job::Header));
    let sources: Vec<(&str, &ModuleTree<'_>)> = crates
        .parts
        .iter()
        .map(String::as_str)
        .zip(&trees)
        .collect();
    let mut modules = ModuleTree::default();
    for (_, tree) in &sources {
        modules.add_modules_of(tree);
    }
    modules.write_children(&emitter, &mut facade, &[], &sources, &quote!(pub));
    let errors = match (&emitter.catalogue, &crates.errors) {
        (Some(_), Some(krate)) => {
            let krate = ident(krate);
            let gate = emitter.error_types.cfg();
            facade.children.push((
                "errors".to_owned(),
                ModuleCode {
                    attributes: quote! {
                        /// Errors a server may answer a call with: the error catalogue of the
                        /// documentation.
                        #gate
                    },
                    imports: quote!(pub use ::#krate::*;),
                    ..ModuleCode::default()
                },
            ));
            let mut errors = ModuleCode::default();
            errors.items.push(("errors".to_owned(), Job::Errors));
            Some(errors)
        }
        _ => None,
    };
    SplitTokens {
        parts,
        facade,
        errors,
    }
}

/// `LAYER` and `name_for_id`: what the crate root of a schema has besides its modules.
pub(super) fn header_items(rust: &RustSchema<'_>) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(layer) = rust.schema.layer {
        let layer = int(layer as i32);
        out.extend(quote! {
            /// The schema's layer (its `// LAYER` line).
            pub const LAYER: i32 = #layer;
        });
    }
    out.extend(emit_name_for_id(rust));
    out
}

/// Writes `tokens` as text without prettyplease (`Config::format(false)`): tokens separated by
/// spaces, and a line break after every `;`, every attribute, every `{` and `}`, and every `,`
/// directly inside braces (a field, a variant, a match arm). So each item, impl, field and arm
/// starts a line of its own and rustc's positions in generated code point at a short line. The
/// breaks matter beyond looks too: `} if` on one line is clippy's `possible_missing_else`, and
/// generated code must be clippy-clean wherever it is included.
pub fn write_unformatted(tokens: TokenStream, out: &mut String) {
    write_unformatted_in(tokens, proc_macro2::Delimiter::None, out);
}

/// [`write_unformatted`] inside a group delimited by `enclosing`.
pub(super) fn write_unformatted_in(
    tokens: TokenStream,
    enclosing: proc_macro2::Delimiter,
    out: &mut String,
) {
    use proc_macro2::{Delimiter, Spacing, TokenTree};
    use std::fmt::Write as _;
    // Whether the previous token was an attribute's `#`: its `[…]` ends the line.
    let mut attribute = false;
    for tree in tokens {
        let after_hash = std::mem::take(&mut attribute);
        match tree {
            TokenTree::Group(group) => {
                let delimiter = group.delimiter();
                let (open, close) = match delimiter {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{\n", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                // The group is dropped before its stream is walked: a stream that is not
                // shared is walked in place, a shared one would be copied token by token.
                let stream = group.stream();
                drop(group);
                out.push_str(open);
                write_unformatted_in(stream, delimiter, out);
                out.push_str(close);
                let line_ends = delimiter == Delimiter::Brace
                    || (after_hash && delimiter == Delimiter::Bracket);
                out.push(if line_ends { '\n' } else { ' ' });
            }
            TokenTree::Punct(punct) => {
                out.push(punct.as_char());
                match (punct.spacing(), punct.as_char()) {
                    (Spacing::Joint, _) => {}
                    (Spacing::Alone, ';') => out.push('\n'),
                    (Spacing::Alone, ',') if enclosing == Delimiter::Brace => out.push('\n'),
                    (Spacing::Alone, '#') => attribute = true,
                    (Spacing::Alone, _) => out.push(' '),
                }
            }
            // Writing into a String cannot fail.
            TokenTree::Ident(ident) => {
                let _ = write!(out, "{ident} ");
            }
            TokenTree::Literal(literal) => {
                let _ = write!(out, "{literal} ");
            }
        }
    }
}

/// The items of each module, in a deterministic order: modules by name; in a module, structs
/// in schema order, then enums by TL name.
#[derive(Default, Clone)]
pub(super) struct ModuleTree<'r> {
    /// Definition indexes.
    structs: Vec<usize>,
    /// (TL name, (path, constructor indexes)) as in [`RustSchema::enums`].
    enums: Vec<(&'r str, &'r (ItemPath, Vec<usize>))>,
    children: BTreeMap<&'r str, ModuleTree<'r>>,
}

impl<'r> ModuleTree<'r> {
    /// The items of `rust` whose node ([`RustSchema::item_graph`]) `keep` accepts.
    fn new(rust: &'r RustSchema<'_>, keep: impl Fn(usize) -> bool) -> ModuleTree<'r> {
        let mut tree = ModuleTree::default();
        for &index in rust.items.iter().filter(|&&i| keep(i)) {
            tree.at(&rust.paths[&index]).structs.push(index);
        }
        let defs = rust.schema.definitions.len();
        for (k, (tl_name, item)) in rust.enums.iter().enumerate() {
            if keep(defs + k) {
                tree.at(&item.0).enums.push((tl_name, item));
            }
        }
        tree
    }

    /// The module of the item at `path`.
    fn at(&mut self, path: &'r ItemPath) -> &mut ModuleTree<'r> {
        let modules = path.modules.iter().map(String::as_str);
        std::iter::once(path.root.module())
            .chain(modules)
            .fold(self, |tree, name| tree.children.entry(name).or_default())
    }

    fn has_items(&self) -> bool {
        !self.structs.is_empty() || !self.enums.is_empty()
    }

    /// Adds (empty) every module `other` has, so that paths into them resolve here too.
    fn add_modules_of(&mut self, other: &ModuleTree<'r>) {
        for (name, child) in &other.children {
            self.children.entry(name).or_default().add_modules_of(child);
        }
    }

    /// Writes the modules below this one (at `path`) as `out`'s children: attributes, the
    /// runtime import if the module has items, a glob import (with `visibility`) of the same
    /// module of each of `dependencies` (crate name and tree) that has items there, its items
    /// (as jobs), then its own submodules.
    fn write_children(
        &self,
        emitter: &Emitter<'_, '_>,
        out: &mut ModuleCode<Job<'r>>,
        path: &[&'r str],
        dependencies: &[(&str, &ModuleTree<'r>)],
        visibility: &TokenStream,
    ) {
        for (name, tree) in &self.children {
            let mut module = ModuleCode::default();
            if path.is_empty() {
                module.attributes = module_attributes(name, emitter.json);
            }
            let mut path = path.to_vec();
            path.push(name);
            let children: Vec<(&str, &ModuleTree<'r>)> = dependencies
                .iter()
                .filter_map(|(krate, tree)| Some((*krate, tree.children.get(name)?)))
                .collect();
            for (krate, _) in children.iter().filter(|(_, t)| t.has_items()) {
                let glob = crate_path(krate, &path);
                module.imports.extend(quote! {
                    #[allow(unused_imports)]
                    #visibility use #glob::*;
                });
            }
            if tree.has_items() {
                let runtime = &emitter.runtime;
                // `Serializable` in scope: fields are written as `self.x.serialize(out)` (the
                // binary codec; TDLib's JSON names its traits in full).
                let serializable = (!emitter.json).then(|| {
                    quote! {
                        #[allow(unused_imports)]
                        use __rt::Serializable as _;
                    }
                });
                module.imports.extend(quote! {
                    #[allow(unused_imports)]
                    use #runtime as __rt;
                    #serializable
                });
            }
            for &index in &tree.structs {
                let name = emitter.rust.paths[&index].name.clone();
                module.items.push((name, Job::Struct(index)));
            }
            for (tl_name, (item_path, _)) in &tree.enums {
                module
                    .items
                    .push((item_path.name.clone(), Job::Enum(tl_name)));
            }
            tree.write_children(emitter, &mut module, &path, &children, visibility);
            out.children.push(((*name).to_owned(), module));
        }
    }
}

/// `::krate::a::b`.
pub(super) fn crate_path(krate: &str, path: &[&str]) -> TokenStream {
    let segments = std::iter::once(krate)
        .chain(path.iter().copied())
        .map(ident);
    quote!(#(::#segments)*)
}

pub(super) fn module_attributes(name: &str, json: bool) -> TokenStream {
    let doc = doc_attributes(match (name, json) {
        ("types", false) => {
            "Constructors: one struct per TL constructor (bare form; `to_bytes` writes the boxed form)."
        }
        ("types", true) => {
            "Constructors: one struct per TL constructor, a JSON object `{\"@type\": name, fields…}`."
        }
        ("enums", false) => "Boxed types: one enum per TL type, one variant per constructor.",
        ("enums", true) => {
            "Boxed types: one enum per TL type, one variant per constructor and `Unknown` for the \
             others."
        }
        _ => "Functions: one request struct per TL function, with its `RemoteCall::Return` type.",
    });
    quote! {
        #doc
        #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
    }
}

pub(super) fn emit_name_for_id(rust: &RustSchema<'_>) -> TokenStream {
    let mut seen = HashSet::new();
    let arms = rust.items.iter().filter_map(|&index| {
        let def = rust.def(index);
        // A function may reuse a constructor's id (tdlib's pseudo-functions): first one wins.
        seen.insert(def.id).then(|| {
            let id = hex(def.id);
            let name = def.name.to_string();
            quote! { #id => #name, }
        })
    });
    quote! {
        /// The TL name of the constructor or function with this id, if the schema has one.
        pub fn name_for_id(id: u32) -> ::core::option::Option<&'static str> {
            ::core::option::Option::Some(match id {
                #(#arms)*
                _ => return ::core::option::Option::None,
            })
        }
    }
}
