//! RustSchema → Rust tokens. One function per kind of item. Every decision (names, types, field
//! plans, features, documentation text) comes from `rust_model`, `naming`, `features` and
//! `docs`; this module only turns them into `quote!` token streams. Layout is prettyplease's
//! (`Config::format`).

use std::collections::{BTreeMap, HashMap, HashSet};

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{ToTokens, quote};
use tlforge_parser::{Category, Definition, Parameter, ParameterKind};

mod binary;
mod conversions;
mod docs;
mod errors;
mod init;
mod json;
mod tree;

pub use docs::expand_doc_markers;
use docs::{constructor_doc, doc_attributes};
use tree::header_items;
pub use tree::{
    ModuleCode, SplitCrates, emit, emit_split, render, splice_items, split_struct_order,
    write_unformatted,
};

pub(crate) use json::unsupported as json_unsupported;

use errors::FunctionErrors;

use crate::Json;
use crate::features::NamespaceFeatures;
use crate::naming;
use crate::rpc_errors::ErrorCatalogue;
use crate::rust_model::{
    Field, FieldKind, FieldPlan, ItemPath, Primitive, RustSchema, RustType, UnknownBits,
};
use crate::rustdoc::Docs;
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
    /// The exhaustive `<Name>Init` of each non-exhaustive struct with required fields.
    pub init_structs: Gate,
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

/// The `#[cfg(...)]` attribute compiling an item only under `features`.
fn cfg_attribute(features: &[String]) -> TokenStream {
    match features {
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
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
    /// The name of each struct's `Init` ([`EmitContext::init_names`]), and their gate.
    init_names: &'a HashMap<usize, String>,
    init_gate: &'a Gate,
    /// The input conversions and where each is written ([`conversions::Conversions`]).
    conversions: &'a conversions::Conversions,
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
    /// The name of the exhaustive `{Item}Init` of each struct with required fields, in a
    /// non-exhaustive schema (emit/init.rs), suffixed with `Init` until no item of the module
    /// has it; named after the group structs, in the order of the items.
    init_names: HashMap<usize, String>,
    /// [`RustSchema::items_holding_floats`], when `Eq` and `Hash` are derived.
    floats: HashSet<ItemPath>,
    /// The input conversions (binary mode), placed before any thread starts.
    conversions: conversions::Conversions,
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
        let mut init_names = HashMap::new();
        if options.non_exhaustive && options.init_structs != Gate::Off {
            for &index in &rust.items {
                if !init::has_required_fields(&rust.field_plan(rust.def(index))) {
                    continue;
                }
                let path = &rust.paths[&index];
                let taken = taken.entry(path.module_path()).or_default();
                let mut name = format!("{}Init", path.name);
                while !taken.insert(name.clone()) {
                    name.push_str("Init");
                }
                init_names.insert(index, name);
            }
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
        let conversions = match options.json {
            Json::Tdlib => conversions::Conversions::default(),
            _ => conversions::Conversions::new(rust, partition),
        };
        EmitContext {
            conversions,
            rust,
            options,
            docs,
            errors_crate,
            partition,
            catalogue,
            function_errors,
            references,
            group_names,
            init_names,
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
            conversions: &self.conversions,
            init_names: &self.init_names,
            init_gate: &options.init_structs,
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

impl Emitter<'_, '_> {
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
        out.extend(self.init_struct(index, path, &generics, &plan, cfg));
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
        out.extend(self.object_conversions(index, &module));
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
        let doc = self.doc(&constructor_doc(params.len(), &optional, self.json));
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
        let constructor_doc = self.doc(&constructor_doc(members.len(), &[], self.json));
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
        if let Some(decoder_cfg) = self.decoder_cfg(reads_functions(&variants), cfg) {
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
        out.extend(self.enum_conversions(tl_name, &module, &name, &variants, cfg));
        // MTProto's `RpcError` type, like its one constructor, converts into the runtime's.
        if let [only] = variants.as_slice() {
            if is_rpc_error(only.def, &self.rust.field_plan(only.def)) {
                let variant = &only.name;
                let error = if only.boxed {
                    quote!(*error)
                } else {
                    quote!(error)
                };
                out.extend(quote! {
                    #cfg
                    impl ::core::convert::From<#name> for __rt::RpcError {
                        #[inline]
                        fn from(error: #name) -> Self {
                            let #name::#variant(error) = error;
                            __rt::RpcError::from(#error)
                        }
                    }
                });
            }
        }
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

/// Whether an enum's variants are functions (`Function`): it decodes only where functions do.
fn reads_functions(variants: &[Variant<'_>]) -> bool {
    variants
        .iter()
        .any(|v| v.def.category == Category::Function)
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
