//! RustSchema → Rust tokens. One function per kind of item. Every decision (names, types, field
//! plans, features, documentation text) comes from `rust_model`, `naming`, `features` and
//! `docs`; this module only turns them into `quote!` token streams. Layout is prettyplease's
//! (`Config::format`).

use std::collections::{BTreeMap, HashMap, HashSet};

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{ToTokens, quote};
use tlforge_parser::{Category, Definition, Parameter, ParameterKind};

mod errors;
mod json;

pub(crate) use json::unsupported as json_unsupported;

use errors::FunctionErrors;

use crate::Json;
use crate::features::NamespaceFeatures;
use crate::naming;
use crate::rpc_errors::ErrorCatalogue;
use crate::rust_model::{
    ANY_OBJECT, Field, FieldKind, FieldPlan, ItemPath, Primitive, RustSchema, RustType, Step,
    UnknownBits,
};
use crate::rustdoc::{Docs, Reference, doc_lines, escape_markdown, rewrite_links};
use crate::split::{self, Partition};

/// Emission settings (the subset of [`crate::Config`] the emitter reads).
pub struct EmitOptions {
    /// Path of the runtime crate (`::tlforge_runtime`), checked to be a plain Rust path
    /// (token streams are not `Sync`: each thread makes its own, [`EmitOptions::runtime_tokens`]).
    pub runtime_path: String,
    /// Emit `POSSIBLE_ERRORS` constants on functions (metadata was given).
    pub possible_errors: bool,
    /// serde's `Serialize`/`Deserialize` (the crate then depends on serde and on tlforge-runtime's
    /// `serde` feature).
    pub serde: Gate,
    /// `PartialEq` on every type (already including what [`EmitOptions::eq_hash`] implies).
    pub partial_eq: Gate,
    /// `Eq` and `Hash` on every type that holds no `f64`.
    pub eq_hash: Gate,
    /// `BareDeserializable` for functions (what a server or a proxy reads; a client only writes
    /// requests).
    pub function_decoders: Gate,
    /// The error types of an error catalogue (`errors::Error`, `<Name>Error`).
    pub error_types: Gate,
    /// `#[non_exhaustive]` on every struct and enum.
    pub non_exhaustive: bool,
    /// Where the schema's reference pages are (`https://core.telegram.org`): every item's
    /// rustdoc ends with a link to `URL/method/NAME`, `/constructor/NAME` or `/type/NAME`.
    pub reference_url: Option<String>,
    /// Put items behind the cargo features of the namespaces that use them.
    pub namespace_features: Option<NamespaceFeatures>,
    /// The wire: TL binary, or TDLib's JSON instead ([`Json::Tdlib`]).
    pub json: Json,
}

impl EmitOptions {
    /// [`EmitOptions::runtime_path`] as tokens.
    pub fn runtime_tokens(&self) -> TokenStream {
        self.runtime_path
            .parse()
            .expect("Config checks the runtime path before emission (plain_path)")
    }
}

/// Whether a part of the generated code exists: never, always, or behind a cargo feature of
/// the generated crate (serde's derives, `PartialEq`, the decoders of functions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Not generated.
    Off,
    /// Always generated.
    On,
    /// Generated under `#[cfg(feature = "…")]` / `#[cfg_attr(feature = "…", …)]`: one source
    /// for both feature sets.
    Feature(String),
}

impl From<bool> for Gate {
    fn from(on: bool) -> Gate {
        if on { Gate::On } else { Gate::Off }
    }
}

impl Gate {
    /// `#[cfg(feature = "…")]` on an item that exists only with the feature; nothing when the
    /// gate is on (and the item is not emitted at all when it is off).
    fn cfg(&self) -> TokenStream {
        match self {
            Gate::Feature(feature) => quote!(#[cfg(feature = #feature)]),
            Gate::Off | Gate::On => TokenStream::new(),
        }
    }

    /// `derive(…)` arguments that are always there, and `#[cfg_attr(…, derive(…))]` for
    /// those behind a feature.
    fn split_derives(&self, derives: TokenStream, always: &mut Vec<TokenStream>) -> TokenStream {
        match self {
            Gate::Off => TokenStream::new(),
            Gate::On => {
                always.push(derives);
                TokenStream::new()
            }
            Gate::Feature(feature) => quote!(#[cfg_attr(feature = #feature, derive(#derives))]),
        }
    }
}

/// A piece of generated code that is written on its own, on whichever thread takes it: an
/// item with its impls, or one of the few large pieces of a crate root.
#[derive(Debug, Clone, Copy)]
pub enum Job<'r> {
    /// `LAYER` and `name_for_id` ([`header_items`]).
    Header,
    /// The struct of a constructor or function (definition index), with its impls.
    Struct(usize),
    /// The enum of a boxed type (TL name), with its impls.
    Enum(&'r str),
    /// The items of the module `errors` (the errors crate of a split schema).
    Errors,
}

impl Job<'_> {
    /// Jobs much larger than an item: taken first, so that no thread is left with one at
    /// the end while the others idle.
    fn is_large(&self) -> bool {
        matches!(self, Job::Header | Job::Errors)
    }
}

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
const ITEM_MARKER: &str = "__tl_codegen_item_";

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
fn header_items(rust: &RustSchema<'_>) -> TokenStream {
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
fn write_unformatted_in(tokens: TokenStream, enclosing: proc_macro2::Delimiter, out: &mut String) {
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
struct ModuleTree<'r> {
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
                module.attributes = module_attributes(name);
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
                // `Serializable` in scope: fields are written as `self.x.serialize(out)`.
                module.imports.extend(quote! {
                    #[allow(unused_imports)]
                    use #runtime as __rt;
                    #[allow(unused_imports)]
                    use __rt::Serializable as _;
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
fn crate_path(krate: &str, path: &[&str]) -> TokenStream {
    let segments = std::iter::once(krate)
        .chain(path.iter().copied())
        .map(ident);
    quote!(#(::#segments)*)
}

fn module_attributes(name: &str) -> TokenStream {
    let doc = doc_attributes(match name {
        "types" => {
            "Constructors: one struct per TL constructor (bare form; `to_bytes` writes the boxed form)."
        }
        "enums" => "Boxed types: one enum per TL type, one variant per constructor.",
        _ => "Functions: one request struct per TL function, with its `RemoteCall::Return` type.",
    });
    quote! {
        #doc
        #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
    }
}

fn emit_name_for_id(rust: &RustSchema<'_>) -> TokenStream {
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

/// The `#[cfg(...)]` attribute compiling an item only under `features`.
fn cfg_attribute(features: &[String]) -> TokenStream {
    match features {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// `#[doc = "…"]` attributes, one per line of `text` (prettyplease prints them as `///`).
/// Items use [`Emitter::doc`], which may write a marker instead.
fn doc_attributes(text: &str) -> TokenStream {
    let mut out = TokenStream::new();
    for line in doc_lines(text) {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        out.extend(quote!(#[doc = #line]));
    }
    out
}

/// An identifier from [`naming::ident`]'s text (`r#type` becomes a raw identifier).
fn ident(text: &str) -> Ident {
    // Most names: no escape, no raw identifier, no intermediate String.
    if !text.starts_with("r#") && naming::is_plain_ident(text) {
        return Ident::new(text, Span::call_site());
    }
    let text = naming::ident(text);
    match text.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&text, Span::call_site()),
    }
}

/// A `u32` in hex, as ids are written in schemas: `0x0949d9dc`.
fn hex(value: u32) -> Literal {
    hex_literal(format!("0x{value:08x}"), value)
}

/// The mask of a flag bit in hex, so the bit is visible: bit 10 → `0x400`.
/// MTProto's `rpc_error#2144ca19 error_code:int error_message:string = RpcError;`
/// (core.telegram.org/api/errors): it converts into the runtime's `RpcError`.
fn is_rpc_error(def: &Definition, plan: &FieldPlan) -> bool {
    let field = |i: usize, name: &str, ty: RustType| {
        plan.fields
            .get(i)
            .is_some_and(|f| f.ident == name && matches!(&f.kind, FieldKind::Plain(t) if *t == ty))
    };
    def.category == Category::Constructor
        && def.name.namespace.is_empty()
        && def.name.name == "rpc_error"
        && plan.fields.len() == 2
        && field(0, "error_code", RustType::Primitive(Primitive::Int))
        && field(1, "error_message", RustType::Primitive(Primitive::String))
}

/// clippy's default `too_many_arguments` threshold: a `new` with more parameters allows it.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// The rustdoc of a generated `new`.
fn constructor_doc(required: usize, optional: &[String]) -> String {
    let mut doc = match required {
        0 => "Creates the value; it has no required field.".to_owned(),
        _ => "Creates the value from its required fields (those behind no flag), in schema order."
            .to_owned(),
    };
    if !optional.is_empty() {
        doc.push_str(&format!(
            "\n\nThe optional fields start unset (`None`, `false`); set them by assignment: {}.",
            optional.join(", ")
        ));
    }
    doc
}

/// The complement of `known`, the bits of a flags word no field names, as a hex literal.
fn unknown_mask(known: u32) -> Literal {
    let mask = !known;
    hex_literal(format!("{mask:#x}"), mask)
}

fn mask(bit: u32) -> Literal {
    let mask = 1u32 << bit;
    hex_literal(format!("{mask:#x}"), mask)
}

/// `text` (`value` in hex) as a literal token; proc-macro2 has no hex constructor.
fn hex_literal(text: String, value: u32) -> Literal {
    // `0x` and hex digits always parse; decimal is the same number should it not.
    text.parse()
        .unwrap_or_else(|_| Literal::u32_unsuffixed(value))
}

/// An `i32` as tokens: a negative one is `-` and its magnitude, as written in source.
fn int(value: i32) -> TokenStream {
    let magnitude = Literal::u32_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#magnitude)
    } else {
        magnitude.into_token_stream()
    }
}

/// The path of `target` as written in the module `from`: a `super::` chain up to the root, so
/// the output can be `include!`d at any depth.
fn path_tokens(from: &[String], target: &ItemPath) -> TokenStream {
    let supers = from.iter().map(|_| quote!(super::));
    let root = ident(target.root.module());
    let modules = target.modules.iter().map(|m| ident(m));
    let name = ident(&target.name);
    quote!(#(#supers)* #root :: #(#modules ::)* #name)
}

/// Markdown naming `text` in code, linked to `target` (as written in the module `from`) where
/// rustdoc can resolve the link: its intra-doc links cannot go through a raw identifier
/// (TON's module `r#pub`), so such a target gets no link.
fn doc_link(text: &str, from: &[String], target: &ItemPath) -> String {
    let path = path_text(from, target);
    if path.contains("r#") {
        format!("`{text}`")
    } else {
        format!("[`{text}`]({path})")
    }
}

/// The path of `target` as written in the module `from`, as text (for intra-doc links).
fn path_text(from: &[String], target: &ItemPath) -> String {
    let mut text = "super::".repeat(from.len());
    text.push_str(&naming::ident(target.root.module()));
    for module in &target.modules {
        text.push_str("::");
        text.push_str(&naming::ident(module));
    }
    text.push_str("::");
    text.push_str(&naming::ident(&target.name));
    text
}

/// A Rust type as written in the module `from`.
fn type_tokens(from: &[String], ty: &RustType) -> TokenStream {
    match ty {
        RustType::Primitive(p) => primitive_tokens(*p),
        RustType::Enum(target) | RustType::Bare(target) => path_tokens(from, target),
        RustType::Vector { item, .. } => {
            let item = type_tokens(from, item);
            quote!(::std::vec::Vec<#item>)
        }
        RustType::Generic(name) => ident(name).into_token_stream(),
        RustType::True => quote!(bool),
        RustType::Object => quote!(__rt::Object),
    }
}

/// The tokens of [`Primitive::rust_type`], the one spelling of primitives (the docs site
/// writes the same text).
fn primitive_tokens(primitive: Primitive) -> TokenStream {
    primitive
        .rust_type()
        .parse()
        .expect("Primitive::rust_type is a Rust type")
}

/// `(a, b)`, with the comma a tuple of one needs: `(a,)`.
fn tuple(items: &[TokenStream]) -> TokenStream {
    match items {
        [one] => quote!((#one,)),
        many => quote!((#(#many),*)),
    }
}

struct Emitter<'a, 's> {
    rust: &'a RustSchema<'s>,
    docs: &'a Docs<'a>,
    possible_errors: bool,
    serde: &'a Gate,
    partial_eq: &'a Gate,
    eq_hash: &'a Gate,
    /// The items that cannot derive `Eq` and `Hash` ([`RustSchema::items_holding_floats`]).
    floats: &'a HashSet<ItemPath>,
    function_decoders: &'a Gate,
    non_exhaustive: bool,
    namespace_features: Option<&'a NamespaceFeatures>,
    /// The names of each struct's flag-group structs ([`EmitContext::group_names`]).
    group_names: &'a HashMap<usize, Vec<Option<String>>>,
    /// The runtime crate's path.
    runtime: TokenStream,
    /// The metadata's error catalogue, if it has one and error types are generated.
    catalogue: Option<&'a ErrorCatalogue<'a>>,
    /// Whether the error types exist, or under which feature.
    error_types: &'a Gate,
    /// The crate of `errors::Error` in a split schema.
    errors_crate: Option<&'a str>,
    /// The error enum of each function (by definition index) that documents errors.
    function_errors: &'a HashMap<usize, FunctionErrors>,
    /// The crates of a split schema: a description links to an item of another part only if
    /// that part is a dependency.
    partition: Option<&'a Partition>,
    /// The node ([`RustSchema::item_graph`]) of the item being written, for its links.
    current: std::cell::Cell<usize>,
    /// Nodes of the items a reference page stands for: functions, constructors, types.
    references: &'a HashMap<(ReferenceKind, String), (usize, &'a ItemPath)>,
    reference_url: Option<&'a str>,
    /// Whether doc comments are written as markers ([`Emitter::doc`]), and the texts behind
    /// the markers of the job being written.
    doc_blocks: Option<std::cell::RefCell<Vec<String>>>,
    /// TDLib's JSON codec instead of TL's binary one.
    json: bool,
}

/// What the emitters of all threads share: the schema, the options, and the tables computed
/// once before any item is written. Token streams are not `Send`, so each thread builds its
/// own [`Emitter`] from this ([`EmitContext::emitter`]) and turns items into text itself.
pub struct EmitContext<'a, 's> {
    rust: &'a RustSchema<'s>,
    options: &'a EmitOptions,
    docs: &'a Docs<'a>,
    errors_crate: Option<String>,
    partition: Option<&'a Partition>,
    catalogue: Option<ErrorCatalogue<'a>>,
    function_errors: HashMap<usize, FunctionErrors>,
    references: HashMap<(ReferenceKind, String), (usize, &'a ItemPath)>,
    /// The name of each group field's struct, by struct (definition index): `{Item}{Field}`,
    /// suffixed with `Fields` until no item of the module has it. Named here, in the order
    /// the items are written, so that the names do not depend on which thread writes what.
    group_names: HashMap<usize, Vec<Option<String>>>,
    /// [`RustSchema::items_holding_floats`], when `Eq` and `Hash` are derived.
    floats: HashSet<ItemPath>,
}

/// What a link to Telegram's reference names ([`Reference`]), as a map key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ReferenceKind {
    Method,
    Constructor,
    Type,
}

impl<'a, 's> EmitContext<'a, 's> {
    /// The context of writing `rust`; `struct_order` is the order in which its structs are
    /// written (it decides which of two clashing flag-group names gets the `Fields` suffix).
    pub fn new(
        rust: &'a RustSchema<'s>,
        options: &'a EmitOptions,
        docs: &'a Docs<'a>,
        errors_crate: Option<String>,
        partition: Option<&'a Partition>,
        struct_order: impl IntoIterator<Item = usize>,
    ) -> Self {
        let mut taken: HashMap<Vec<String>, HashSet<String>> = HashMap::new();
        for &index in &rust.items {
            let path = &rust.paths[&index];
            taken
                .entry(path.module_path())
                .or_default()
                .insert(path.name.clone());
        }
        let catalogue = docs
            .metadata
            .and_then(ErrorCatalogue::new)
            .filter(|_| options.error_types != Gate::Off);
        let mut function_errors = HashMap::new();
        if let Some(catalogue) = &catalogue {
            // Named before any flag-group struct, so that the names do not depend on the order
            // of emission.
            for &index in &rust.items {
                let def = rust.def(index);
                if def.category != Category::Function {
                    continue;
                }
                let documented = docs.errors(def);
                let (entries, _) = catalogue.method_errors(documented);
                if entries.is_empty() {
                    continue;
                }
                let path = &rust.paths[&index];
                let taken = taken.entry(path.module_path()).or_default();
                let mut name = format!("{}Error", path.name);
                while !taken.insert(name.clone()) {
                    name.push_str("Error");
                }
                let entries = entries
                    .into_iter()
                    .map(|entry| {
                        let mine = documented
                            .iter()
                            .filter(|d| catalogue.lookup(&d.kind) == Some(entry));
                        let mut codes: Vec<i32> = mine.clone().map(|d| d.code).collect();
                        codes.sort_unstable();
                        codes.dedup();
                        let description = mine.filter_map(|d| d.description.clone()).next();
                        (entry, codes, description)
                    })
                    .collect();
                function_errors.insert(index, FunctionErrors { name, entries });
            }
        }
        let mut group_names = HashMap::new();
        for index in struct_order {
            let def = rust.def(index);
            let path = &rust.paths[&index];
            let taken = taken.entry(path.module_path()).or_default();
            let names = rust
                .field_plan(def)
                .fields
                .iter()
                .map(|field| {
                    let FieldKind::Group { .. } = field.kind else {
                        return None;
                    };
                    let field_name = naming::field_name(&def.params[field.param].name);
                    let mut name = format!("{}{}", path.name, naming::type_name(&field_name));
                    while !taken.insert(name.clone()) {
                        name.push_str("Fields");
                    }
                    Some(name)
                })
                .collect();
            group_names.insert(index, names);
        }
        let mut references = HashMap::new();
        let defs = rust.schema.definitions.len();
        for &index in &rust.items {
            let def = rust.def(index);
            let kind = match def.category {
                Category::Function => ReferenceKind::Method,
                Category::Constructor => ReferenceKind::Constructor,
            };
            references.insert((kind, def.name.to_string()), (index, &rust.paths[&index]));
        }
        for (k, (tl_name, (path, _))) in rust.enums.iter().enumerate() {
            references.insert((ReferenceKind::Type, tl_name.clone()), (defs + k, path));
        }
        let floats = if options.eq_hash == Gate::Off {
            HashSet::new()
        } else {
            rust.items_holding_floats()
        };
        EmitContext {
            rust,
            options,
            docs,
            errors_crate,
            partition,
            catalogue,
            function_errors,
            references,
            group_names,
            floats,
        }
    }

    /// An emitter for the calling thread.
    fn emitter(&self) -> Emitter<'_, 's> {
        let options = self.options;
        Emitter {
            partition: self.partition,
            current: std::cell::Cell::new(0),
            references: &self.references,
            reference_url: options.reference_url.as_deref(),
            catalogue: self.catalogue.as_ref(),
            error_types: &options.error_types,
            errors_crate: self.errors_crate.as_deref(),
            function_errors: &self.function_errors,
            rust: self.rust,
            docs: self.docs,
            possible_errors: options.possible_errors,
            serde: &options.serde,
            partial_eq: &options.partial_eq,
            eq_hash: &options.eq_hash,
            floats: &self.floats,
            function_decoders: &options.function_decoders,
            non_exhaustive: options.non_exhaustive,
            namespace_features: options.namespace_features.as_ref(),
            group_names: &self.group_names,
            runtime: options.runtime_tokens(),
            doc_blocks: None,
            json: options.json == Json::Tdlib,
        }
    }
}

/// The generic parameters of an item: `<X>` and, with a bound, `<X: bound>`.
struct Generics(Vec<Ident>);

impl Generics {
    fn of(def: &Definition) -> Generics {
        Generics(def.type_params.iter().map(|p| ident(&p.name)).collect())
    }

    /// `<X, Y>`, or nothing.
    fn args(&self) -> TokenStream {
        if self.0.is_empty() {
            return TokenStream::new();
        }
        let names = &self.0;
        quote!(<#(#names),*>)
    }

    /// `<X: bound, Y: bound>`, or nothing.
    fn bounded(&self, bound: TokenStream) -> TokenStream {
        if self.0.is_empty() {
            return TokenStream::new();
        }
        let names = &self.0;
        quote!(<#(#names: #bound),*>)
    }
}

/// A token stream that `quote!` interpolates by moving its tokens. `#stream` of a borrowed
/// stream copies each of its identifiers and literals, and outside a proc macro each copy is
/// an allocation: moving the parts of an item into it instead saves a copy per nesting level.
/// Interpolate each once (the second time it is empty).
struct Moved(std::cell::Cell<Option<TokenStream>>);

fn moved(tokens: TokenStream) -> Moved {
    Moved(std::cell::Cell::new(Some(tokens)))
}

impl ToTokens for Moved {
    fn to_tokens(&self, out: &mut TokenStream) {
        out.extend(self.0.take());
    }
}

/// Starts a doc marker: a doc comment's text, `\u{1}` and the number of its block. Written doc
/// lines never start so: [`doc_attributes`] starts each with a space, or writes it empty.
const DOC_MARKER: &str = "\u{1}";

/// `text` (written items, some of whose doc comments are [`DOC_MARKER`]s) with each marker
/// replaced by the doc comment of its block in `blocks`, as writing [`doc_attributes`]`(block)`
/// would have: formatted, the `///` lines prettyplease prints, at the marker's indentation;
/// unformatted, the attributes [`write_unformatted`] writes, with proc-macro2's escapes.
pub fn expand_doc_markers(text: &str, blocks: &[String], formatted: bool, out: &mut String) {
    let marker = if formatted {
        format!("///{DOC_MARKER}")
    } else {
        format!("#[doc = {}", proc_macro2::Literal::string(DOC_MARKER))
            .trim_end_matches('"')
            .to_owned()
    };
    let mut rest = text;
    while let Some(at) = rest.find(&marker) {
        let line_start = if formatted {
            rest[..at].rfind('\n').map_or(0, |k| k + 1)
        } else {
            at
        };
        let indent = &rest[line_start..at];
        out.push_str(&rest[..line_start]);
        let after = &rest[at + marker.len()..];
        let digits = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        let block = after[..digits]
            .parse::<usize>()
            .ok()
            .and_then(|k| blocks.get(k))
            .expect("a doc marker numbers a block of its job");
        // What ends the marker: its line; unformatted, also the literal's closing quote and
        // the attribute's bracket, as `write_unformatted` writes them.
        let end = if formatted { "" } else { "\" ]" };
        let after = after[digits..]
            .strip_prefix(end)
            .unwrap_or(&after[digits..]);
        for line in doc_lines(block) {
            if formatted {
                out.push_str(indent);
                out.push_str("///");
                if !line.is_empty() {
                    out.push(' ');
                    out.push_str(line);
                }
            } else {
                out.push_str("#[doc = \"");
                if !line.is_empty() {
                    out.push(' ');
                    escape_like_proc_macro2(line, out);
                }
                out.push_str("\" ]");
            }
            out.push('\n');
        }
        rest = after.strip_prefix('\n').unwrap_or(after);
    }
    out.push_str(rest);
}

/// `text` escaped as proc-macro2's `Literal::string` escapes it (`char::escape_debug`, except
/// `'` kept and NUL as `\0`, or `\x00` before an octal digit), without its per-character
/// iterator for the printable ASCII that docs are made of.
fn escape_like_proc_macro2(text: &str, out: &mut String) {
    for (at, c) in text.char_indices() {
        match c {
            ' '..='~' if c != '"' && c != '\\' => out.push(c),
            '\'' => out.push(c),
            '\0' if text[at + 1..].starts_with(|next| ('0'..='7').contains(&next)) => {
                out.push_str("\\x00")
            }
            '\0' => out.push_str("\\0"),
            _ => out.extend(c.escape_debug()),
        }
    }
}

impl Emitter<'_, '_> {
    /// The doc comment `text` on an item, field or variant: [`doc_attributes`], or, in the
    /// jobs of [`render`], one attribute holding a numbered marker for [`expand_doc_markers`].
    /// Docs never change prettyplease's layout (each `///` line ends in a hard break), so the
    /// writer is handed the marker and the text is written in its place afterwards: the doc
    /// text is not escaped char by char into a literal, parsed and unescaped twice by syn,
    /// laid out by prettyplease, nor one attribute's tokens per line.
    fn doc(&self, text: &str) -> TokenStream {
        let Some(blocks) = &self.doc_blocks else {
            return doc_attributes(text);
        };
        if doc_lines(text).next().is_none() {
            return TokenStream::new();
        }
        let mut blocks = blocks.borrow_mut();
        let marker = format!("{DOC_MARKER}{}", blocks.len());
        blocks.push(text.to_owned());
        quote!(#[doc = #marker])
    }

    /// The tokens of `job`.
    fn job(&self, job: &Job<'_>) -> TokenStream {
        let features = self.namespace_features;
        match *job {
            Job::Header => header_items(self.rust),
            Job::Struct(index) => {
                let cfg = features
                    .and_then(|f| f.for_struct(index))
                    .map(cfg_attribute);
                let mut item = TokenStream::new();
                self.emit_struct(index, cfg.as_ref(), &mut item);
                item
            }
            Job::Enum(tl_name) => {
                let (item_path, ctors) = &self.rust.enums[tl_name];
                let cfg = features
                    .and_then(|f| f.for_enum(tl_name))
                    .map(cfg_attribute);
                self.emit_enum(tl_name, item_path, ctors, cfg.as_ref())
            }
            Job::Errors => match self.catalogue {
                Some(catalogue) => self.errors_module(catalogue),
                None => TokenStream::new(),
            },
        }
    }

    /// The name of each group field's struct (`None` for other fields), as
    /// [`EmitContext::group_names`] has them.
    fn group_structs(&self, index: usize) -> Vec<Option<Ident>> {
        self.group_names[&index]
            .iter()
            .map(|name| name.as_deref().map(ident))
            .collect()
    }

    fn emit_struct(&self, index: usize, cfg: Option<&TokenStream>, out: &mut TokenStream) {
        self.current.set(index);
        let def = self.rust.def(index);
        let path = &self.rust.paths[&index];
        let module = path.module_path();
        let name = ident(&path.name);
        let plan = self.rust.field_plan(def);
        let group_structs = self.group_structs(index);
        let generics = Generics::of(def);
        let args = generics.args();
        let tl_name = def.name.to_string();

        let doc = self.doc(&self.item_doc(def, &module, self.function_errors.get(&index)));
        let holds = Holds {
            float: self.floats.contains(path),
            fixed_bytes: plan
                .fields
                .iter()
                .any(|field| field.kind.holds_fixed_bytes()),
        };
        let attributes = self.type_attributes(holds);
        // Tagged like the JSON of `tlforge decode`: `{"_": "auth.sentCode", …}`.
        let tag = self.serde_attribute(quote!(tag = "_", rename = #tl_name));
        let fields = plan
            .fields
            .iter()
            .zip(&group_structs)
            .map(|(field, group)| moved(self.field(def, field, group.as_ref(), &module)));
        let unknown_bits = plan
            .unknown_bits
            .iter()
            .map(|bits| moved(self.unknown_bits_field(def, bits)));
        // Braced even when empty, so that the serde tag works and `X {}` is always the syntax.
        out.extend(quote! {
            #doc
            #attributes
            #tag
            #cfg
            pub struct #name #args {
                #(#fields)*
                #(#unknown_bits)*
            }
        });
        if holds.fixed_bytes {
            let fields = plan
                .fields
                .iter()
                .map(|field| (field.ident.as_str(), field.kind.holds_fixed_bytes()));
            let unknown_bits = plan.unknown_bits.iter().map(|b| (b.ident.as_str(), false));
            out.extend(hex_debug(&name, &generics, fields.chain(unknown_bits), cfg));
        }
        out.extend(self.constructor(path, &generics, &plan, cfg));
        for (field, group) in plan.fields.iter().zip(&group_structs) {
            if let (FieldKind::Group { members }, Some(group)) = (&field.kind, group) {
                out.extend(self.group_struct(def, path, field.flag, group, members, cfg));
            }
        }
        let id = hex(def.id);
        out.extend(quote! {
            #cfg
            impl #args __rt::Identifiable for #name #args {
                const CONSTRUCTOR_ID: u32 = #id;
                const TL_NAME: &'static str = #tl_name;
            }
        });
        if self.json {
            out.extend(self.json_struct(def, &name, &module, &plan, cfg));
            if def.category == Category::Function {
                out.extend(self.json_remote_call(def, &module, &name, &generics, cfg));
            }
            return;
        }
        out.extend(self.serialize(def, &name, &generics, &plan, cfg));
        if let Some(cfg) = self.decoder_cfg(def.category == Category::Function, cfg) {
            out.extend(self.deserialize(def, &name, &generics, &plan, &group_structs, Some(&cfg)));
        }
        if def.category == Category::Function {
            let typed = match self.function_errors.get(&index) {
                Some(errors) => {
                    out.extend(self.function_error_enum(&module, &name, errors, cfg));
                    Some(ident(&errors.name).into_token_stream())
                }
                None if self.catalogue.is_some() => Some(self.catalogue_error_path(&module)),
                None => None,
            };
            let error = match (typed, self.error_types) {
                (None, _) | (_, Gate::Off) => quote!(
                    type Error = __rt::RpcError;
                ),
                (Some(typed), Gate::On) => quote!(type Error = #typed;),
                (Some(typed), Gate::Feature(feature)) => quote! {
                    #[cfg(feature = #feature)]
                    type Error = #typed;
                    #[cfg(not(feature = #feature))]
                    type Error = __rt::RpcError;
                },
            };
            out.extend(self.remote_call(def, &module, &name, &generics, &error, cfg));
        }
        if is_rpc_error(def, &plan) {
            out.extend(quote! {
                #cfg
                impl ::core::convert::From<#name> for __rt::RpcError {
                    fn from(error: #name) -> Self {
                        __rt::RpcError::new(error.error_code, error.error_message)
                    }
                }
            });
        }
    }

    /// One field of the struct; `group` names the struct of a group field.
    fn field(
        &self,
        def: &Definition,
        field: &Field,
        group: Option<&Ident>,
        module: &[String],
    ) -> TokenStream {
        let doc = self.doc(&self.field_doc(def, field, module));
        let tl_name = &def.params[field.param].name;
        let name = ident(&field.ident);
        let (serde, ty) = match &field.kind {
            FieldKind::Plain(ty) => (
                self.serde_field(tl_name, &field.ident, Some(ty), false),
                type_tokens(module, ty),
            ),
            FieldKind::Optional(ty) => {
                let inner = type_tokens(module, ty);
                (
                    self.serde_field(tl_name, &field.ident, Some(ty), true),
                    quote!(::core::option::Option<#inner>),
                )
            }
            FieldKind::Bit => (
                self.serde_field(tl_name, &field.ident, None, false),
                quote!(bool),
            ),
            FieldKind::Group { .. } => (
                self.serde_field(tl_name, &field.ident, None, false),
                quote!(::core::option::Option<#group>),
            ),
        };
        let ty = moved(ty);
        quote! {
            #doc
            #serde
            pub #name: #ty,
        }
    }

    /// `new` taking the required fields (those not behind a flag) in schema order, every
    /// optional one unset, and `Default` where nothing is required: code that builds values
    /// this way compiles unchanged when a layer adds optional fields (issue 21). `#[inline]`,
    /// like every generated method, so that a debug build of the defining crate does not
    /// generate machine code for thousands of constructors nobody may call (BENCHMARKS.md).
    fn constructor(
        &self,
        path: &ItemPath,
        generics: &Generics,
        plan: &FieldPlan,
        cfg: Option<&TokenStream>,
    ) -> TokenStream {
        let module = path.module_path();
        let name = ident(&path.name);
        let args = generics.args();
        let mut params = Vec::new();
        let mut optional = Vec::new();
        let values = plan.fields.iter().map(|field| {
            let field_name = ident(&field.ident);
            match &field.kind {
                FieldKind::Plain(ty) => {
                    let ty = type_tokens(&module, ty);
                    params.push(quote!(#field_name: #ty));
                    quote!(#field_name)
                }
                FieldKind::Optional(_) | FieldKind::Group { .. } => {
                    optional.push(format!("`{}`", field.ident.trim_start_matches("r#")));
                    quote!(#field_name: None)
                }
                FieldKind::Bit => {
                    optional.push(format!("`{}`", field.ident.trim_start_matches("r#")));
                    quote!(#field_name: false)
                }
            }
        });
        let values: Vec<TokenStream> = values.collect();
        let unknown = plan.unknown_bits.iter().map(|bits| {
            let field_name = ident(&bits.ident);
            quote!(#field_name: 0)
        });
        let doc = self.doc(&constructor_doc(params.len(), &optional));
        let many = (params.len() > CLIPPY_MAX_ARGUMENTS)
            .then(|| quote!(#[allow(clippy::too_many_arguments)]));
        let default = params.is_empty().then(|| {
            quote! {
                #cfg
                impl #args ::core::default::Default for #name #args {
                    #[inline]
                    fn default() -> Self {
                        Self::new()
                    }
                }
            }
        });
        quote! {
            #cfg
            impl #args #name #args {
                #doc
                #many
                #[inline]
                pub fn new(#(#params),*) -> Self {
                    Self {
                        #(#values,)*
                        #(#unknown,)*
                    }
                }
            }
            #default
        }
    }

    /// The field keeping a flags word's bits that no parameter names.
    fn unknown_bits_field(&self, def: &Definition, bits: &UnknownBits) -> TokenStream {
        let word = &def.params[bits.param].name;
        let doc = self.doc(&format!(
            "Bits of the `{word}` word that no field of this definition names (set by a newer \
             layer or by the server), kept so that a decoded value re-encodes to the bytes it \
             was read from; 0 in a value built from scratch. When serializing, the bits that \
             fields name are taken from the fields, never from here."
        ));
        let serde = self.serde_attribute(quote! {
            default,
            skip_serializing_if = "__rt::serde_repr::is_zero"
        });
        let name = ident(&bits.ident);
        quote! {
            #doc
            #serde
            pub #name: u32,
        }
    }

    /// The struct of a group field: its value members.
    fn group_struct(
        &self,
        def: &Definition,
        path: &ItemPath,
        flag: Option<(usize, u32)>,
        name: &Ident,
        members: &[(usize, RustType)],
        cfg: Option<&TokenStream>,
    ) -> TokenStream {
        let module = path.module_path();
        let names: Vec<&str> = params_on_flag(def, flag).map(|p| p.name.as_str()).collect();
        let doc = self.doc(&format!(
            "Fields of [`{}`] that are present together (they share one flag bit): {}.",
            path.name,
            names.join(", ")
        ));
        let holds = Holds {
            float: members.iter().any(|(_, ty)| ty.holds_float(self.floats)),
            fixed_bytes: members.iter().any(|(_, ty)| ty.holds_fixed_bytes()),
        };
        let attributes = self.type_attributes(holds);
        let field_names: Vec<String> = members
            .iter()
            .map(|(param, _)| naming::ident(&naming::field_name(&def.params[*param].name)))
            .collect();
        let debug = holds.fixed_bytes.then(|| {
            let fields = members
                .iter()
                .zip(&field_names)
                .map(|((_, ty), name)| (name.as_str(), ty.holds_fixed_bytes()));
            hex_debug(name, &Generics(Vec::new()), fields, cfg)
        });
        let fields = members.iter().map(|(param, ty)| {
            let tl_name = &def.params[*param].name;
            let field_name = naming::field_name(tl_name);
            let doc = self
                .docs
                .param_markdown(def, tl_name)
                .map(|doc| self.doc(&self.doc_markdown(&doc, &module)));
            let serde = self.serde_field(tl_name, &naming::ident(&field_name), Some(ty), false);
            let name = ident(&field_name);
            let ty = type_tokens(&module, ty);
            quote! {
                #doc
                #serde
                pub #name: #ty,
            }
        });
        let params = members.iter().map(|(param, ty)| {
            let name = ident(&naming::field_name(&def.params[*param].name));
            let ty = type_tokens(&module, ty);
            quote!(#name: #ty)
        });
        let values = members
            .iter()
            .map(|(param, _)| ident(&naming::field_name(&def.params[*param].name)));
        let constructor_doc = self.doc(&constructor_doc(members.len(), &[]));
        let many = (members.len() > CLIPPY_MAX_ARGUMENTS)
            .then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            #doc
            #attributes
            #cfg
            pub struct #name {
                #(#fields)*
            }
            #debug
            #cfg
            impl #name {
                #constructor_doc
                #many
                #[inline]
                pub fn new(#(#params),*) -> Self {
                    Self { #(#values),* }
                }
            }
        }
    }

    fn serialize(
        &self,
        def: &Definition,
        name: &Ident,
        generics: &Generics,
        plan: &FieldPlan,
        cfg: Option<&TokenStream>,
    ) -> TokenStream {
        let FieldPlan {
            fields,
            steps,
            unknown_bits,
        } = plan;
        let bounds = generics.bounded(quote!(__rt::Serializable));
        let args = generics.args();
        let out = if steps.is_empty() {
            quote!(_out)
        } else {
            quote!(out)
        };
        let steps = steps
            .iter()
            .map(|step| match step {
                Step::Flags(param) => {
                    let bits = fields.iter().filter_map(|field| {
                        let (flags, bit) = field.flag?;
                        if flags != *param {
                            return None;
                        }
                        let name = ident(&field.ident);
                        let mask = mask(bit);
                        let set = match field.kind {
                            FieldKind::Bit => quote!(self.#name),
                            _ => quote!(self.#name.is_some()),
                        };
                        Some(quote! {
                            if #set {
                                flags |= #mask;
                            }
                        })
                    });
                    let unknown = unknown_bits
                        .iter()
                        .find(|bits| bits.param == *param)
                        .filter(|bits| bits.known_mask != u32::MAX)
                        .map_or_else(
                            || quote!(0),
                            |bits| {
                                let name = ident(&bits.ident);
                                let unknown = unknown_mask(bits.known_mask);
                                quote!(self.#name & #unknown)
                            },
                        );
                    quote! {
                        let mut flags: u32 = #unknown;
                        #(#bits)*
                        flags.serialize(out);
                    }
                }
                Step::Field(i) => {
                    let field = &fields[*i];
                    let name = ident(&field.ident);
                    match &field.kind {
                        FieldKind::Plain(ty) => {
                            let write = write_value(ty, &quote!(self.#name), &quote!(&self.#name));
                            quote!(#write;)
                        }
                        FieldKind::Optional(ty) => {
                            let write = write_value(ty, &quote!(value), &quote!(value));
                            quote! {
                                if let Some(value) = &self.#name {
                                    #write;
                                }
                            }
                        }
                        FieldKind::Bit | FieldKind::Group { .. } => TokenStream::new(),
                    }
                }
                Step::Member(i, param, ty) => {
                    let member = ident(&naming::field_name(&def.params[*param].name));
                    let name = ident(&fields[*i].ident);
                    let write = write_value(ty, &quote!(group.#member), &quote!(&group.#member));
                    quote! {
                        if let Some(group) = &self.#name {
                            #write;
                        }
                    }
                }
                Step::ObjectLength(i) => {
                    let name = ident(&fields[*i].ident);
                    quote! {
                        self.#name.len_prefix().serialize(out);
                        self.#name.serialize(out);
                    }
                }
            })
            .map(moved);
        quote! {
            #cfg
            impl #bounds __rt::BareSerializable for #name #args {
                #[inline]
                fn serialize_bare(&self, #out: &mut ::std::vec::Vec<u8>) {
                    #(#steps)*
                }
            }
        }
    }

    fn deserialize(
        &self,
        def: &Definition,
        name: &Ident,
        generics: &Generics,
        plan: &FieldPlan,
        group_structs: &[Option<Ident>],
        cfg: Option<&TokenStream>,
    ) -> TokenStream {
        let FieldPlan {
            fields,
            steps,
            unknown_bits,
        } = plan;
        let bounds = generics.bounded(quote!(__rt::Deserializable));
        let args = generics.args();
        let reader = if steps.is_empty() {
            quote!(_reader)
        } else {
            quote!(reader)
        };
        let steps = steps
            .iter()
            .map(|step| match step {
                Step::Flags(param) => {
                    let flags = flags_local(*param);
                    let unknown =
                        unknown_bits
                            .iter()
                            .find(|bits| bits.param == *param)
                            .map(|bits| {
                                let name = ident(&bits.ident);
                                if bits.known_mask == u32::MAX {
                                    quote!(let #name = 0;)
                                } else {
                                    let unknown = unknown_mask(bits.known_mask);
                                    quote!(let #name = #flags & #unknown;)
                                }
                            });
                    quote! {
                        let #flags = reader.read_u32()?;
                        #unknown
                    }
                }
                Step::Field(i) => {
                    let field = &fields[*i];
                    let name = ident(&field.ident);
                    match (&field.kind, field.flag) {
                        (FieldKind::Plain(ty), _) => {
                            let read = read_value(ty);
                            quote!(let #name = #read;)
                        }
                        (FieldKind::Optional(ty), Some((flags, bit))) => {
                            read_optional(&name, flags, bit, ty)
                        }
                        (FieldKind::Bit, Some((flags, bit))) => {
                            let flags = flags_local(flags);
                            let mask = mask(bit);
                            quote!(let #name = (#flags & #mask) != 0;)
                        }
                        _ => TokenStream::new(),
                    }
                }
                Step::ObjectLength(i) => {
                    let name = ident(&fields[*i].ident);
                    quote! {
                        let len = reader.read_i32()?;
                        let #name = __rt::Object::deserialize_sized(reader, len)?;
                    }
                }
                Step::Member(i, param, ty) => {
                    let (flags, bit) = fields[*i].flag.unwrap_or((0, 0));
                    read_optional(&member_local(*param), flags, bit, ty)
                }
            })
            .map(moved);
        // Assemble groups: all members are read under the same bit, so they are all `Some`
        // or all `None`.
        let groups = fields
            .iter()
            .zip(group_structs)
            .filter_map(|(field, group)| {
                let (FieldKind::Group { members }, Some(group)) = (&field.kind, group) else {
                    return None;
                };
                let locals: Vec<Ident> = members.iter().map(|(p, _)| member_local(*p)).collect();
                let scrutinee: Vec<TokenStream> = locals.iter().map(|l| quote!(#l)).collect();
                let pattern: Vec<TokenStream> = locals.iter().map(|l| quote!(Some(#l))).collect();
                let (scrutinee, pattern) = (tuple(&scrutinee), tuple(&pattern));
                let values = members.iter().zip(&locals).map(|((param, _), local)| {
                    let name = ident(&naming::field_name(&def.params[*param].name));
                    quote!(#name: #local)
                });
                let name = ident(&field.ident);
                Some(moved(quote! {
                    let #name = match #scrutinee {
                        #pattern => {
                            Some(#group { #(#values),* })
                        }
                        _ => None,
                    };
                }))
            });
        let names = fields
            .iter()
            .map(|f| ident(&f.ident))
            .chain(unknown_bits.iter().map(|bits| ident(&bits.ident)));
        quote! {
            #cfg
            impl #bounds __rt::BareDeserializable for #name #args {
                #[inline]
                fn deserialize_bare(#reader: &mut __rt::Reader<'_>) -> __rt::Result<Self> {
                    #(#steps)*
                    #(#groups)*
                    Ok(Self { #(#names),* })
                }
            }
        }
    }

    fn remote_call(
        &self,
        def: &Definition,
        module: &[String],
        name: &Ident,
        generics: &Generics,
        error: &TokenStream,
        cfg: Option<&TokenStream>,
    ) -> TokenStream {
        let result = self
            .rust
            .rust_type(def, &def.result)
            .unwrap_or(RustType::True);
        let bounds = generics.bounded(quote!(__rt::RemoteCall));
        let args = generics.args();
        let result = match &result {
            RustType::Generic(inner) => {
                let inner = ident(inner);
                quote!(<#inner as __rt::RemoteCall>::Return)
            }
            other => type_tokens(module, other),
        };
        let mut out = quote! {
            #cfg
            impl #bounds __rt::RemoteCall for #name #args {
                type Return = #result;
                #error
            }
        };
        // What the documentation says bots may call; a generic call (`invokeWithLayer`) only
        // around a query that bots may call.
        if self.docs.bots(def) == Some(true) {
            let bot_bounds = generics.bounded(quote!(__rt::BotCallable));
            out.extend(quote! {
                #cfg
                impl #bot_bounds __rt::BotCallable for #name #args {}
            });
        }
        if self.possible_errors {
            let entries = self.docs.errors(def).iter().map(|e| {
                let code = int(e.code);
                let kind = &e.kind;
                quote!((#code, #kind))
            });
            out.extend(quote! {
                #cfg
                impl #args #name #args {
                    /// Errors this method may return, as (code, type) pairs, from the metadata
                    /// (empty when none are documented).
                    pub const POSSIBLE_ERRORS: &'static [(i32, &'static str)] = &[#(#entries),*];
                }
            });
        }
        out
    }

    /// The attributes of a decoder: its item's `cfg`, and for one that reads functions the
    /// function-decoder gate's; `None` when functions get no decoders.
    fn decoder_cfg(&self, reads_functions: bool, cfg: Option<&TokenStream>) -> Option<TokenStream> {
        if !reads_functions {
            return Some(quote!(#cfg));
        }
        if *self.function_decoders == Gate::Off {
            return None;
        }
        let gate = self.function_decoders.cfg();
        Some(quote!(#cfg #gate))
    }

    /// The derives and attributes of every generated type: `Debug` (unless it is written in
    /// hex, [`hex_debug`]), `Clone`, then `PartialEq`, `Eq` + `Hash` (not for a type holding
    /// an `f64`) and serde's as their gates say, and `#[non_exhaustive]` if asked for.
    fn type_attributes(&self, holds: Holds) -> TokenStream {
        self.type_attributes_with(quote!(::serde::Serialize, ::serde::Deserialize), holds)
    }

    /// [`Self::type_attributes`] with `serde` as serde's derives.
    fn type_attributes_with(&self, serde: TokenStream, holds: Holds) -> TokenStream {
        let mut always = Vec::new();
        if !holds.fixed_bytes {
            always.push(quote!(Debug));
        }
        always.push(quote!(Clone));
        let partial_eq = self
            .partial_eq
            .split_derives(quote!(PartialEq), &mut always);
        let eq_hash = if holds.float {
            TokenStream::new()
        } else {
            self.eq_hash.split_derives(quote!(Eq, Hash), &mut always)
        };
        let serde = self.serde.split_derives(serde, &mut always);
        let non_exhaustive = self.non_exhaustive.then(|| quote!(#[non_exhaustive]));
        quote! {
            #[derive(#(#always),*)]
            #partial_eq
            #eq_hash
            #serde
            #non_exhaustive
        }
    }

    /// `#[serde(inner)]`, under the serde feature if there is one; nothing without serde.
    fn serde_attribute(&self, inner: TokenStream) -> TokenStream {
        match self.serde {
            Gate::Off => TokenStream::new(),
            Gate::On => quote!(#[serde(#inner)]),
            Gate::Feature(feature) => quote!(#[cfg_attr(feature = #feature, serde(#inner))]),
        }
    }

    /// serde attributes of one field: the TL name where the Rust one differs, and the runtime's
    /// representation for `long`, `bytes`, `int128`, `int256` (see `tlforge_runtime::serde_repr`).
    fn serde_field(
        &self,
        tl_name: &str,
        // As written in Rust: `r#type`.
        rust_name: &str,
        ty: Option<&RustType>,
        optional: bool,
    ) -> TokenStream {
        if *self.serde == Gate::Off {
            return TokenStream::new();
        }
        let mut out = TokenStream::new();
        if rust_name.trim_start_matches("r#") != tl_name {
            out.extend(self.serde_attribute(quote!(rename = #tl_name)));
        }
        if ty.is_some_and(needs_serde_repr) {
            let default = optional.then(|| quote!(default,));
            out.extend(self.serde_attribute(quote! {
                #default
                serialize_with = "__rt::serde_repr::serialize",
                deserialize_with = "__rt::serde_repr::deserialize"
            }));
        }
        out
    }

    /// Writes Markdown naming a type, linked to its item where there is one.
    fn type_link(&self, out: &mut String, from: &[String], ty: &RustType) {
        match ty {
            // In the same module the name alone resolves (an explicit target is "redundant").
            RustType::Enum(path) | RustType::Bare(path) if is_in_module(path, from) => {
                out.push_str(&format!("[`{}`]", path.name));
            }
            RustType::Enum(path) | RustType::Bare(path) => {
                out.push_str(&doc_link(&path.name, from, path));
            }
            RustType::Vector { item, .. } => {
                out.push_str("a vector of ");
                self.type_link(out, from, item);
            }
            RustType::Generic(name) => out.push_str(&format!("`{name}`, any function call")),
            RustType::Object => out.push_str("[`Object`](__rt::Object)"),
            RustType::Primitive(p) => out.push_str(&format!("`{}`", p.rust_type())),
            RustType::True => out.push_str("`bool`"),
        }
    }

    fn field_doc(&self, def: &Definition, field: &Field, module: &[String]) -> String {
        let param = &def.params[field.param];
        let mut paragraphs: Vec<String> = self
            .docs
            .param_markdown(def, &param.name)
            .map(|text| self.doc_markdown(&text, module))
            .into_iter()
            .collect();
        if let ParameterKind::Value { ty, flag } = &param.kind {
            let mut line = match flag {
                Some(flag) => format!("TL: `{}:{}.{}?{}`", param.name, flag.field, flag.bit, ty),
                None => format!("TL: `{}:{}`", param.name, ty),
            };
            if let FieldKind::Plain(ty) | FieldKind::Optional(ty) = &field.kind {
                line.push_str(" (");
                self.type_link(&mut line, module, ty);
                line.push(')');
            }
            paragraphs.push(line);
        }
        if let FieldKind::Group { .. } = &field.kind {
            let shared: Vec<String> = params_on_flag(def, field.flag)
                .map(|p| format!("`{}`", p.name))
                .collect();
            paragraphs.push(format!(
                "Present iff the shared flag bit is set ({}).",
                shared.join(", ")
            ));
        }
        paragraphs.join("\n\n")
    }

    /// A documentation text as rustdoc Markdown, written in the module `module`: a link to the
    /// reference page of an item this schema generates becomes an intra-doc link to the item,
    /// when the item being written can see it (in a split schema: its own part or one it
    /// depends on); every other link stays as it is.
    fn doc_markdown(&self, text: &str, module: &[String]) -> String {
        rewrite_links(text, |url| {
            let (kind, name) = match Reference::of_url(url)? {
                Reference::Method(name) => (ReferenceKind::Method, name),
                Reference::Constructor(name) => (ReferenceKind::Constructor, name),
                Reference::Type(name) => (ReferenceKind::Type, name),
            };
            let &(node, path) = self.references.get(&(kind, name.to_owned()))?;
            if let Some(partition) = self.partition {
                let (from, to) = (partition.part(self.current.get()), partition.part(node));
                if from != to && !split::dependencies(from).any(|d| d == to) {
                    return None;
                }
            }
            let target = path_text(module, path);
            // rustdoc cannot link through a raw identifier (see `doc_link`).
            (!target.contains("r#")).then_some(target)
        })
    }

    /// The closing line of an item's rustdoc: its page in the schema's reference.
    fn reference_line(&self, kind: &str, tl_name: &str) -> String {
        match self.reference_url {
            Some(url) => format!("\n\nReference page: <{url}/{kind}/{tl_name}>"),
            None => String::new(),
        }
    }

    fn item_doc(
        &self,
        def: &Definition,
        module: &[String],
        error_enum: Option<&FunctionErrors>,
    ) -> String {
        let mut text = String::new();
        if let Some(description) = self.docs.description_markdown(def) {
            text.push_str(&self.doc_markdown(&description, module));
            text.push_str("\n\n");
        }
        if def.category == Category::Function {
            match self.rust.rust_type(def, &def.result) {
                Ok(RustType::Generic(name)) => text.push_str(&format!(
                    "Returns what the inner query returns (`{name}::Return`).\n\n"
                )),
                Ok(result) => {
                    text.push_str("Returns ");
                    self.type_link(&mut text, module, &result);
                    text.push_str(".\n\n");
                }
                Err(_) => {}
            }
            let errors = self.docs.errors(def);
            if let (false, Some(enum_)) = (errors.is_empty(), error_enum) {
                // The function's error enum documents each error (codes, description) as a
                // variant: linked, not inlined, so that the struct's page shows its fields
                // before dozens of table rows.
                text.push_str(&format!(
                    "# Possible errors\n\nThe documentation lists {}: the variants of \
                     [`{}`], each with its codes and description. An error answer converts \
                     into it (its `RemoteCall::Error`).",
                    match errors.len() {
                        1 => "1 error".to_owned(),
                        n => format!("{n} errors"),
                    },
                    enum_.name
                ));
                let uncatalogued: Vec<String> = errors
                    .iter()
                    .filter(|e| self.catalogue.is_none_or(|c| c.lookup(&e.kind).is_none()))
                    .map(|e| format!("`{}` ({})", e.kind, e.code))
                    .collect();
                if !uncatalogued.is_empty() {
                    text.push_str(&format!(
                        " Not in the error catalogue, so without a variant (they arrive as \
                         `Other`): {}.",
                        uncatalogued.join(", ")
                    ));
                }
                text.push_str("\n\n");
            } else if !errors.is_empty() {
                text.push_str(
                    "# Possible errors\n\n| Code | Type | Description |\n|---|---|---|\n",
                );
                for error in errors {
                    let description = error.description.as_deref().map(escape_markdown);
                    text.push_str(&format!(
                        "| {} | `{}` | {} |\n",
                        error.code,
                        error.kind,
                        description.unwrap_or_default()
                    ));
                }
                text.push('\n');
            }
            match (error_enum, &self.catalogue) {
                // Said with the list of errors above.
                (Some(_), _) if !errors.is_empty() => {}
                (Some(errors), _) => text.push_str(&format!(
                    "An error answer converts into [`{}`] (its `RemoteCall::Error`).\n\n",
                    errors.name
                )),
                (None, Some(_)) => text.push_str(&format!(
                    "It documents no errors: an error answer converts into \
                     [`errors::Error`]({}) (its `RemoteCall::Error`).\n\n",
                    self.catalogue_error_link(module)
                )),
                (None, None) => {}
            }
            text.push_str(match self.docs.bots(def) {
                Some(true) => {
                    "Bots can use this method: yes (it implements \
                     [`BotCallable`](__rt::BotCallable)).\n\n"
                }
                Some(false) => {
                    "Bots can use this method: no (it does not implement \
                     [`BotCallable`](__rt::BotCallable)).\n\n"
                }
                // Said only where there is documentation to say it.
                None if self.docs.metadata.is_some() => {
                    "Bots can use this method: not documented (it does not implement \
                     [`BotCallable`](__rt::BotCallable)).\n\n"
                }
                None => "",
            });
        }
        let what = match def.category {
            Category::Constructor => "Constructor",
            Category::Function => "Function",
        };
        text.push_str(&format!(
            "{what} `{}` (id `{:#010x}`):\n\n```text\n{};\n```",
            def.name, def.id, def.text
        ));
        let kind = match def.category {
            Category::Constructor => "constructor",
            Category::Function => "method",
        };
        text.push_str(&self.reference_line(kind, &def.name.to_string()));
        text
    }

    fn enum_doc(&self, tl_name: &str, module: &[String], ctors: &[usize]) -> String {
        let mut text = String::new();
        if let Some(description) = self.docs.type_description_markdown(tl_name) {
            text.push_str(&self.doc_markdown(&description, module));
            text.push_str("\n\n");
        }
        if self.rust.is_any_type(tl_name) {
            let (what, line) = if tl_name == ANY_OBJECT {
                ("constructor", "object ? = Object;")
            } else {
                ("function", "function ? = Function;")
            };
            text.push_str(&format!(
                "Any {what} of the schema (`{line}`): one variant per {what} ({} in all), \
                 written and read with its id.",
                ctors.len()
            ));
            return text;
        }
        let links: Vec<String> = ctors
            .iter()
            .map(|&i| {
                let path = &self.rust.paths[&i];
                doc_link(&self.rust.def(i).name.to_string(), module, path)
            })
            .collect();
        text.push_str(&format!(
            "Boxed type `{tl_name}`; its constructors: {}.",
            links.join(", ")
        ));
        text.push_str(&self.reference_line("type", tl_name));
        text
    }

    fn emit_enum(
        &self,
        tl_name: &str,
        path: &ItemPath,
        ctors: &[usize],
        cfg: Option<&TokenStream>,
    ) -> TokenStream {
        if let Some(&(node, _)) = self
            .references
            .get(&(ReferenceKind::Type, tl_name.to_owned()))
        {
            self.current.set(node);
        }
        let module = path.module_path();
        let name = ident(&path.name);
        let names = self.rust.variant_names(ctors);
        let variants: Vec<Variant> = ctors
            .iter()
            .zip(&names)
            .map(|(&index, variant)| {
                let struct_path = &self.rust.paths[&index];
                let def = self.rust.def(index);
                Variant {
                    name: ident(variant),
                    ty: path_tokens(&module, struct_path),
                    def,
                    boxed: self.rust.boxed_variants.contains(&index),
                }
            })
            .collect();

        let doc = self.doc(&self.enum_doc(tl_name, &module, ctors));
        // serde: reading dispatches on the `"_"` tag (serde's internal tagging); writing
        // delegates to the variant's struct, which writes the tag itself (deriving both
        // directions would write it twice).
        let holds = Holds {
            float: self.floats.contains(path),
            fixed_bytes: false,
        };
        let attributes = self.type_attributes_with(quote!(::serde::Deserialize), holds);
        let tag = self.serde_attribute(quote!(tag = "_"));
        let declarations = variants.iter().map(|v| {
            let tl = v.def.name.to_string();
            let doc = self.doc(&format!("`{tl}`"));
            let rename = self.serde_attribute(quote!(rename = #tl));
            let (name, ty) = (&v.name, &v.ty);
            let ty = if v.boxed {
                quote!(::std::boxed::Box<#ty>)
            } else {
                quote!(#ty)
            };
            moved(quote! {
                #doc
                #rename
                #name(#ty),
            })
        });
        let unknown = self.json.then(|| json::unknown_variant(&variants));
        let unknown_declaration = unknown.as_ref().map(|unknown| {
            let doc = self.doc(
                "An object of this type whose `@type` no constructor of the schema has (a TDLib \
                 newer than the schema): its name and JSON. Only lenient reading makes one; \
                 written back as that JSON.",
            );
            quote! {
                #doc
                #unknown(__rt::json::Unknown),
            }
        });
        let mut out = quote! {
            #doc
            #attributes
            #tag
            #cfg
            pub enum #name {
                #(#declarations)*
                #unknown_declaration
            }
        };
        if let Some(unknown) = &unknown {
            out.extend(self.json_enum(tl_name, &name, &variants, unknown, cfg));
            out.extend(self.variant_conversions(&name, &variants, cfg));
            return out;
        }

        if *self.serde != Gate::Off {
            let serde_cfg = self.serde.cfg();
            let arms = variants.iter().map(|Variant { name, .. }| {
                quote!(Self::#name(value) => ::serde::Serialize::serialize(value, serializer),)
            });
            out.extend(quote! {
                #serde_cfg
                #cfg
                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(
                        &self,
                        serializer: S,
                    ) -> ::core::result::Result<S::Ok, S::Error> {
                        match self {
                            #(#arms)*
                        }
                    }
                }
            });
        }

        // A boxed variant's struct is reached by auto-deref (`Box` has no impl of its own).
        let writes = variants
            .iter()
            .map(|Variant { name, .. }| moved(quote!(Self::#name(value) => value.serialize(out),)));
        // A function may reuse another's id (tdlib's pseudo-functions): the first one is read.
        let mut ids = HashSet::new();
        let reads = variants.iter().filter(|v| ids.insert(v.def.id)).map(|v| {
            let id = hex(v.def.id);
            let name = &v.name;
            // A call per arm, its result the decoder's (see `tlforge_runtime::read_variant`).
            // Boxed variants charge their box to the reader's memory budget.
            let read = if v.boxed {
                quote!(__rt::read_boxed_variant)
            } else {
                quote!(__rt::read_variant)
            };
            moved(quote!(#id => #read(reader, Self::#name),))
        });
        out.extend(quote! {
            #cfg
            impl __rt::Serializable for #name {
                #[inline]
                fn serialize(&self, out: &mut ::std::vec::Vec<u8>) {
                    match self {
                        #(#writes)*
                    }
                }
            }
        });
        // An enum of functions (`Function`) decodes only where functions do.
        let reads_functions = variants
            .iter()
            .any(|v| v.def.category == Category::Function);
        if let Some(decoder_cfg) = self.decoder_cfg(reads_functions, cfg) {
            out.extend(quote! {
                #decoder_cfg
                impl __rt::Deserializable for #name {
                    #[inline]
                    fn deserialize(reader: &mut __rt::Reader<'_>) -> __rt::Result<Self> {
                        reader.nested(|reader| {
                            let id = reader.read_u32()?;
                            match id {
                                #(#reads)*
                                _ => __rt::unknown_constructor(reader, id, #tl_name),
                            }
                        })
                    }
                }
            });
        }

        out.extend(self.variant_conversions(&name, &variants, cfg));
        out
    }

    /// `From` each variant's struct into the enum.
    fn variant_conversions(
        &self,
        name: &Ident,
        variants: &[Variant<'_>],
        cfg: Option<&TokenStream>,
    ) -> TokenStream {
        let mut out = TokenStream::new();
        for Variant {
            name: variant,
            ty,
            boxed,
            ..
        } in variants
        {
            let value = if *boxed {
                quote!(::std::boxed::Box::new(value))
            } else {
                quote!(value)
            };
            out.extend(quote! {
                #cfg
                impl ::core::convert::From<#ty> for #name {
                    #[inline]
                    fn from(value: #ty) -> Self {
                        Self::#variant(#value)
                    }
                }
            });
        }
        out
    }
}

/// One variant of a boxed type's enum.
/// What a type holds that changes its derives.
#[derive(Debug, Clone, Copy)]
struct Holds {
    /// An `f64`, somewhere inside: no `Eq`, no `Hash`.
    float: bool,
    /// A fixed-size byte array in a field of its own: `Debug` in hex ([`hex_debug`]).
    fixed_bytes: bool,
}

/// `Debug` of a struct as `derive(Debug)` writes it, except that the fields marked `true`
/// (those holding `int128`, `int256`, …) show in hex through `tlforge_runtime::Hex` (issue 27).
/// `fields` are (Rust name, hex) in declaration order.
fn hex_debug<'f>(
    name: &Ident,
    generics: &Generics,
    fields: impl Iterator<Item = (&'f str, bool)>,
    cfg: Option<&TokenStream>,
) -> TokenStream {
    let bounds = generics.bounded(quote!(::core::fmt::Debug));
    let args = generics.args();
    let label = name.to_string();
    let entries = fields.map(|(field, hex)| {
        let label = field.trim_start_matches("r#");
        let field = ident(field);
        if hex {
            quote!(.field(#label, &__rt::Hex(&self.#field)))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    quote! {
        #cfg
        impl #bounds ::core::fmt::Debug for #name #args {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#label)#(#entries)*.finish()
            }
        }
    }
}

struct Variant<'s> {
    name: Ident,
    /// The constructor's struct, as written in the enum's module.
    ty: TokenStream,
    def: &'s Definition,
    /// Whether the variant holds a `Box` of the struct.
    boxed: bool,
}

/// Whether the item at `path` is in `module` (`path.module_path() == module` without building
/// the path).
fn is_in_module(path: &ItemPath, module: &[String]) -> bool {
    match module.split_first() {
        Some((root, modules)) => root == path.root.module() && modules == path.modules.as_slice(),
        None => false,
    }
}

/// The parameters of `def` on the flag bit `flag` (flags parameter index, bit).
fn params_on_flag(
    def: &Definition,
    flag: Option<(usize, u32)>,
) -> impl Iterator<Item = &Parameter> {
    def.params.iter().filter(move |p| {
        matches!(&p.kind, ParameterKind::Value { flag: Some(f), .. }
            if Some((f.field_index, f.bit)) == flag)
    })
}

/// Types whose serde form comes from `tlforge_runtime::serde_repr` rather than their own impls.
fn needs_serde_repr(ty: &RustType) -> bool {
    match ty {
        RustType::Primitive(p) => {
            matches!(p, Primitive::Long | Primitive::Bytes | Primitive::Fixed(_))
        }
        RustType::Vector { item, .. } => needs_serde_repr(item),
        _ => false,
    }
}

/// `flags_N`: the flags word read from parameter N.
fn flags_local(param: usize) -> Ident {
    Ident::new(&format!("flags_{param}"), Span::call_site())
}

/// `member_N`: a group member read from parameter N.
fn member_local(param: usize) -> Ident {
    Ident::new(&format!("member_{param}"), Span::call_site())
}

/// `let name = reader.read_if((flags_N & mask) != 0)?;`, or an `if` where the type has no
/// `Deserializable` impl of its own.
fn read_optional(name: &Ident, flags: usize, bit: u32, ty: &RustType) -> TokenStream {
    let flags = flags_local(flags);
    let mask = mask(bit);
    if read_by_reader(ty) {
        return quote!(let #name = reader.read_if((#flags & #mask) != 0)?;);
    }
    let read = read_value(ty);
    quote! {
        let #name = if (#flags & #mask) != 0 {
            Some(#read)
        } else {
            None
        };
    }
}

/// `__rt::serialize_vector` or `__rt::serialize_bare_vector`.
fn serialize_vector(boxed: bool) -> TokenStream {
    if boxed {
        quote!(__rt::serialize_vector)
    } else {
        quote!(__rt::serialize_bare_vector)
    }
}

/// `__rt::deserialize_vector` or `__rt::deserialize_bare_vector`.
fn deserialize_vector(boxed: bool) -> TokenStream {
    if boxed {
        quote!(__rt::deserialize_vector)
    } else {
        quote!(__rt::deserialize_bare_vector)
    }
}

/// The trait method writing a `T` that needs no helper.
fn write_method(ty: &RustType) -> TokenStream {
    if ty.has_trait_impl() {
        quote!(__rt::Serializable::serialize)
    } else {
        quote!(__rt::BareSerializable::serialize_bare)
    }
}

/// Whether `reader.read()` (`Reader::read`, `Deserializable`) reads a `T`: it has the trait
/// and is not an `Object` without a length field (the rest of its enclosing value).
fn read_by_reader(ty: &RustType) -> bool {
    ty.has_trait_impl() && *ty != RustType::Object
}

/// The trait method reading a `T` that needs no helper.
fn read_method(ty: &RustType) -> TokenStream {
    if *ty == RustType::Object {
        // An `Object` not sized by a length field is the rest of its enclosing value.
        quote!(__rt::Object::deserialize_rest)
    } else if ty.has_trait_impl() {
        quote!(__rt::Deserializable::deserialize)
    } else {
        quote!(__rt::BareDeserializable::deserialize_bare)
    }
}

/// Call writing a value to `out`: `receiver.serialize(out)` where `Serializable` has the wire
/// form (the modules import it; `receiver` is a place or a reference), a helper or trait
/// function of `reference` (an expression of type `&T`) otherwise.
fn write_value(ty: &RustType, receiver: &TokenStream, reference: &TokenStream) -> TokenStream {
    match ty {
        RustType::Vector { boxed, item } if !ty.has_trait_impl() => {
            let helper = serialize_vector(*boxed);
            let write = write_fn(item);
            quote!(#helper(#reference, out, #write))
        }
        _ if ty.has_trait_impl() => quote!(#receiver.serialize(out)),
        _ => {
            let method = write_method(ty);
            quote!(#method(#reference, out))
        }
    }
}

/// A callable `Fn(&T, &mut Vec<u8>)` writing a `T`: a trait method path where one exists (no
/// closure for clippy to call redundant), a closure over a vector helper otherwise.
fn write_fn(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Vector { boxed, item } if !ty.has_trait_impl() => {
            let helper = serialize_vector(*boxed);
            let write = write_fn(item);
            quote! {
                |items: &::std::vec::Vec<_>, out: &mut ::std::vec::Vec<u8>| #helper(items, out, #write)
            }
        }
        _ => write_method(ty),
    }
}

/// Expression reading a `T` from `reader` (propagating errors with `?`).
fn read_value(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Vector { boxed, item } if !ty.has_trait_impl() => {
            let helper = deserialize_vector(*boxed);
            let read = read_fn(item);
            quote!(#helper(reader, #read)?)
        }
        _ if read_by_reader(ty) => quote!(reader.read()?),
        _ => {
            let method = read_method(ty);
            quote!(#method(reader)?)
        }
    }
}

/// A callable `FnMut(&mut Reader) -> Result<T>` reading a `T` (see [`write_fn`]).
fn read_fn(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Vector { boxed, item } if !ty.has_trait_impl() => {
            let helper = deserialize_vector(*boxed);
            let read = read_fn(item);
            quote!(|reader: &mut __rt::Reader<'_>| #helper(reader, #read))
        }
        _ => read_method(ty),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Doc texts with what escaping treats specially: quotes, backslashes, NUL before an
    /// octal digit or not, controls, combining marks (escaped alone), non-printing and
    /// wide characters.
    const AWKWARD_DOCS: &[&str] = &[
        "plain text, with 'quotes' and \"double quotes\"",
        "a \\ backslash, a tab\there, a bell \u{7} and a DEL \u{7f}",
        "NUL\0, NUL before digits \u{0}7 and \u{0}8, \0",
        "\u{301} a combining mark alone, e\u{301} after a letter",
        "zero width \u{200b}, BOM \u{feff}, line separator \u{2028}, emoji 🦀, 漢字",
        "\u{1} a marker's own character inside a doc",
        "",
    ];

    #[test]
    fn doc_escapes_match_proc_macro2() {
        let mut texts: Vec<String> = AWKWARD_DOCS.iter().map(|s| s.to_string()).collect();
        texts.extend(
            (0..0x3100u32)
                .filter_map(char::from_u32)
                .map(|c| format!("{c}0{c}")),
        );
        for text in texts {
            let mut ours = String::new();
            escape_like_proc_macro2(&text, &mut ours);
            let theirs = Literal::string(&text).to_string();
            assert_eq!(format!("\"{ours}\""), theirs, "{text:?}");
        }
    }

    /// Two structs, docs on each and on a field, in a module: with `doc` writing each block.
    fn documented(doc: &mut dyn FnMut(&str) -> TokenStream) -> TokenStream {
        let mut items = TokenStream::new();
        for (k, text) in AWKWARD_DOCS.iter().enumerate() {
            let name = ident(&format!("Item{k}"));
            let item_doc = doc(&format!("{text}\n\nSecond paragraph\r\nand a last line   "));
            let field_doc = doc(text);
            items.extend(quote! {
                #item_doc
                #[derive(Debug)]
                pub struct #name {
                    #field_doc
                    pub field: ::core::option::Option<u8>,
                }
            });
        }
        items
    }

    #[test]
    fn doc_markers_expand_to_what_the_attributes_give() {
        let mut blocks = Vec::new();
        let marked = documented(&mut |text| {
            if doc_lines(text).next().is_none() {
                return TokenStream::new();
            }
            let marker = format!("{DOC_MARKER}{}", blocks.len());
            blocks.push(text.to_owned());
            quote!(#[doc = #marker])
        });
        let plain = documented(&mut doc_attributes);

        let mut expected = String::new();
        write_unformatted(plain.clone(), &mut expected);
        let mut written = String::new();
        write_unformatted(marked.clone(), &mut written);
        let mut expanded = String::new();
        expand_doc_markers(&written, &blocks, false, &mut expanded);
        assert_eq!(expanded, expected);

        #[cfg(feature = "format")]
        for depth in [0, 2] {
            let mut expected = String::new();
            crate::format_at_depth(plain.clone(), depth, &mut expected).unwrap();
            let mut written = String::new();
            crate::format_at_depth(marked.clone(), depth, &mut written).unwrap();
            let mut expanded = String::new();
            expand_doc_markers(&written, &blocks, true, &mut expanded);
            assert_eq!(expanded, expected);
            assert!(expected.contains("/// Second paragraph\n"), "{expected}");
        }
    }
}
