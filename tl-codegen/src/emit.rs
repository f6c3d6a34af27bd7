//! RustSchema → tokens. One function per kind of item; all decisions come from `rust_model`.

use std::collections::{BTreeMap, HashMap, HashSet};

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use tl_parser::{Category, Definition, ParameterKind};

use crate::docs::{Docs, doc_attrs, escape_markdown};
use crate::naming;
use crate::rust_model::{ItemPath, Primitive, RustSchema, RustType, is_object_length};

/// Emission settings (the subset of [`crate::Config`] the emitter reads).
pub struct EmitOptions {
    /// Path of the runtime crate (`::tl_runtime`).
    pub runtime_path: syn::Path,
    /// Emit `POSSIBLE_ERRORS` constants on functions (metadata was given).
    pub possible_errors: bool,
    /// Derive serde's `Serialize`/`Deserialize` (the crate then depends on serde and on
    /// tl-runtime's `serde` feature).
    pub serde: bool,
}

/// Generated items grouped by module path, in a deterministic order.
#[derive(Default)]
struct ModuleTree {
    items: Vec<TokenStream>,
    children: BTreeMap<String, ModuleTree>,
}

impl ModuleTree {
    fn at(&mut self, path: &[String]) -> &mut ModuleTree {
        path.iter().fold(self, |tree, segment| {
            tree.children.entry(segment.clone()).or_default()
        })
    }

    fn into_tokens(self, runtime: &syn::Path, depth: usize) -> TokenStream {
        let ModuleTree { items, children } = self;
        let children = children.into_iter().map(|(name, tree)| {
            let ident = naming::ident(&name);
            let attrs = module_attributes(depth, &name);
            let body = tree.into_tokens(runtime, depth + 1);
            quote! {
                #attrs
                pub mod #ident {
                    #body
                }
            }
        });
        let prelude = if depth > 0 && !items.is_empty() {
            quote! {
                #[allow(unused_imports)]
                use #runtime as __rt;
            }
        } else {
            TokenStream::new()
        };
        quote! {
            #prelude
            #(#items)*
            #(#children)*
        }
    }
}

fn module_attributes(depth: usize, name: &str) -> TokenStream {
    if depth != 0 {
        return TokenStream::new();
    }
    let doc = match name {
        "types" => {
            "Constructors: one struct per TL constructor (bare form; `to_bytes` writes the boxed form)."
        }
        "enums" => "Boxed types: one enum per TL type, one variant per constructor.",
        _ => "Functions: one request struct per TL function, with its `RemoteCall::Return` type.",
    };
    let doc = doc_attrs(doc);
    quote! {
        #doc
        #[allow(clippy::large_enum_variant, clippy::enum_variant_names)]
    }
}

/// Emits the whole schema as one token stream (valid as a crate root or an `include!`d file).
pub fn emit(rust: &RustSchema<'_>, options: &EmitOptions, docs: &Docs<'_>) -> TokenStream {
    let runtime = &options.runtime_path;
    let mut emitter = Emitter {
        rust,
        docs,
        possible_errors: options.possible_errors,
        serde: options.serde,
        taken: HashMap::new(),
    };
    for &index in &rust.items {
        let path = &rust.paths[&index];
        emitter
            .taken
            .entry(path.module_path())
            .or_default()
            .insert(path.name.clone());
    }
    let mut tree = ModuleTree::default();
    for &index in &rust.items {
        let path = rust.paths[&index].clone();
        let items = emitter.emit_struct(index, &path);
        tree.at(&path.module_path()).items.extend(items);
    }
    for (tl_name, (path, ctors)) in &rust.enums {
        let item = emitter.emit_enum(tl_name, path, ctors);
        tree.at(&path.module_path()).items.push(item);
    }
    let layer = rust.schema.layer.map(|layer| {
        let layer = Literal::i32_unsuffixed(layer as i32);
        quote! {
            /// The schema's layer (its `// LAYER` line).
            pub const LAYER: i32 = #layer;
        }
    });
    let name_for_id = emit_name_for_id(rust);
    let modules = tree.into_tokens(runtime, 0);
    quote! {
        #layer
        #name_for_id
        #modules
    }
}

fn emit_name_for_id(rust: &RustSchema<'_>) -> TokenStream {
    let mut seen = HashSet::new();
    let arms = rust.items.iter().filter_map(|&index| {
        let def = rust.def(index);
        // A function may reuse a constructor's id (tdlib's pseudo-functions): first one wins.
        seen.insert(def.id).then(|| {
            let id = hex_literal(def.id);
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

/// Flag masks in hex, so the bit is visible: bit 10 → `0x400`.
fn mask_literal(bit: u32) -> TokenStream {
    let literal = syn::LitInt::new(
        &format!("{:#x}", 1u32 << bit),
        proc_macro2::Span::call_site(),
    );
    quote! { #literal }
}

/// Ids are written in hex, as in the schema.
fn hex_literal(id: u32) -> TokenStream {
    let literal = syn::LitInt::new(&format!("0x{id:08x}"), proc_macro2::Span::call_site());
    quote! { #literal }
}

struct Emitter<'a, 's> {
    rust: &'a RustSchema<'s>,
    docs: &'a Docs<'a>,
    possible_errors: bool,
    serde: bool,
    /// Item names already used in each module, to name flag-group structs without clashes.
    taken: HashMap<Vec<String>, HashSet<String>>,
}

/// How one Rust field is stored.
enum FieldKind {
    /// A required value.
    Plain(RustType),
    /// `name:F.N?T`: `Option<T>`.
    Optional(RustType),
    /// `name:F.N?true`: the bit itself, `bool`.
    Bit,
    /// Several fields on one bit: `Option<Group>` so they cannot disagree; `true` members are
    /// implied by the group's presence. With no value members it is a `bool`.
    Group {
        ident: proc_macro2::Ident,
        members: Vec<(usize, RustType)>,
    },
}

struct Field {
    /// Index of the parameter that names the field.
    param: usize,
    ident: proc_macro2::Ident,
    kind: FieldKind,
    /// (flags parameter index, bit) for conditional fields.
    flag: Option<(usize, u32)>,
}

/// One step of the wire format, in declaration order.
enum Step {
    /// The flags word at parameter `usize`.
    Flags(usize),
    /// A whole field (index into fields).
    Field(usize),
    /// A member of a group field: (field index, parameter index, type).
    Member(usize, usize, RustType),
    /// An `int` giving the byte length of the `Object` field that follows (index into fields
    /// of that field), as in `message msg_id:long seqno:int bytes:int body:Object`. It is
    /// computed from the object, not stored.
    ObjectLength(usize),
}

impl Emitter<'_, '_> {
    /// Path to `target` from the module `from` (a `super::` chain, so the output can be
    /// `include!`d at any depth).
    fn path_from(&self, from: &[String], target: &ItemPath) -> TokenStream {
        let supers = from.iter().map(|_| quote! { super:: });
        let modules = target.module_path();
        let modules = modules.iter().map(|m| naming::ident(m));
        let name = naming::ident(&target.name);
        quote! { #(#supers)* #(#modules::)* #name }
    }

    fn type_tokens(&self, from: &[String], ty: &RustType) -> TokenStream {
        match ty {
            RustType::Primitive(p) => match p {
                Primitive::Int => quote! { i32 },
                Primitive::Long => quote! { i64 },
                Primitive::Double => quote! { f64 },
                Primitive::Nat => quote! { u32 },
                Primitive::String => quote! { ::std::string::String },
                Primitive::Bytes => quote! { ::std::vec::Vec<u8> },
                Primitive::Int128 => quote! { [u8; 16] },
                Primitive::Int256 => quote! { [u8; 32] },
                Primitive::Bool => quote! { bool },
            },
            RustType::Enum(path) | RustType::Bare(path) => self.path_from(from, path),
            RustType::Vector { item, .. } => {
                let item = self.type_tokens(from, item);
                quote! { ::std::vec::Vec<#item> }
            }
            RustType::Generic(name) => {
                let ident = naming::ident(name);
                quote! { #ident }
            }
            RustType::True => quote! { bool },
            RustType::Object => quote! { __rt::Object },
        }
    }

    fn fields(
        &mut self,
        def: &Definition,
        path: &ItemPath,
    ) -> (Vec<Field>, Vec<Step>, Vec<TokenStream>) {
        let mut groups: BTreeMap<(usize, u32), Vec<usize>> = BTreeMap::new();
        let mut flag_words = HashSet::new();
        for (index, param) in def.params.iter().enumerate() {
            if let ParameterKind::Value {
                flag: Some(flag), ..
            } = &param.kind
            {
                groups
                    .entry((flag.field_index, flag.bit))
                    .or_default()
                    .push(index);
                flag_words.insert(flag.field_index);
            }
        }
        let mut fields = Vec::new();
        let mut steps = Vec::new();
        let mut group_items = Vec::new();
        let mut group_field: HashMap<(usize, u32), usize> = HashMap::new();
        let module = path.module_path();
        let mut sized_object = false;
        for (index, param) in def.params.iter().enumerate() {
            if sized_object {
                // The `Object` after its length: read with the length, otherwise plain.
                sized_object = false;
                steps.push(Step::ObjectLength(fields.len()));
                fields.push(Field {
                    param: index,
                    ident: naming::ident(&naming::field_name(&param.name)),
                    kind: FieldKind::Plain(RustType::Object),
                    flag: None,
                });
                continue;
            }
            if is_object_length(def, index) {
                sized_object = true;
                continue;
            }
            match &param.kind {
                ParameterKind::Nat if flag_words.contains(&index) => steps.push(Step::Flags(index)),
                ParameterKind::Nat => {
                    steps.push(Step::Field(fields.len()));
                    fields.push(Field {
                        param: index,
                        ident: naming::ident(&naming::field_name(&param.name)),
                        kind: FieldKind::Plain(RustType::Primitive(Primitive::Nat)),
                        flag: None,
                    });
                }
                ParameterKind::Value { ty, flag } => {
                    let ty = self.rust.rust_type(def, ty).unwrap_or(RustType::True);
                    let Some(flag) = flag else {
                        steps.push(Step::Field(fields.len()));
                        fields.push(Field {
                            param: index,
                            ident: naming::ident(&naming::field_name(&param.name)),
                            kind: FieldKind::Plain(ty),
                            flag: None,
                        });
                        continue;
                    };
                    let key = (flag.field_index, flag.bit);
                    let members = &groups[&key];
                    if members.len() == 1 {
                        steps.push(Step::Field(fields.len()));
                        let kind = if ty == RustType::True {
                            FieldKind::Bit
                        } else {
                            FieldKind::Optional(ty)
                        };
                        fields.push(Field {
                            param: index,
                            ident: naming::ident(&naming::field_name(&param.name)),
                            kind,
                            flag: Some(key),
                        });
                        continue;
                    }
                    let field_index = match group_field.get(&key) {
                        Some(&existing) => existing,
                        None => {
                            let (field, item) = self.group(def, path, &module, members);
                            group_items.extend(item);
                            group_field.insert(key, fields.len());
                            steps.push(Step::Field(fields.len()));
                            fields.push(Field {
                                flag: Some(key),
                                ..field
                            });
                            fields.len() - 1
                        }
                    };
                    if ty != RustType::True {
                        steps.push(Step::Member(field_index, index, ty));
                    }
                }
                ParameterKind::Repeated { .. } => {}
            }
        }
        (fields, steps, group_items)
    }

    /// Builds the field (and struct, if it has values) for parameters sharing one flag bit.
    fn group(
        &mut self,
        def: &Definition,
        path: &ItemPath,
        module: &[String],
        members: &[usize],
    ) -> (Field, Option<TokenStream>) {
        let typed: Vec<(usize, RustType)> = members
            .iter()
            .map(|&i| {
                let ty = match &def.params[i].kind {
                    ParameterKind::Value { ty, .. } => {
                        self.rust.rust_type(def, ty).unwrap_or(RustType::True)
                    }
                    _ => RustType::True,
                };
                (i, ty)
            })
            .collect();
        // The field is named after the `true` member if there is one (it says what the
        // group means: `bot`, `restricted`), else after the first member.
        let naming_param = typed
            .iter()
            .find(|(_, ty)| *ty == RustType::True)
            .unwrap_or(&typed[0])
            .0;
        let field_name = naming::field_name(&def.params[naming_param].name);
        let values: Vec<(usize, RustType)> = typed
            .into_iter()
            .filter(|(_, ty)| *ty != RustType::True)
            .collect();
        let names: Vec<&str> = members
            .iter()
            .map(|&i| def.params[i].name.as_str())
            .collect();
        if values.is_empty() {
            let field = Field {
                param: naming_param,
                ident: naming::ident(&field_name),
                kind: FieldKind::Bit,
                flag: None,
            };
            return (field, None);
        }
        let taken = self.taken.entry(module.to_vec()).or_default();
        let mut struct_name = format!("{}{}", path.name, naming::type_name(&field_name));
        while !taken.insert(struct_name.clone()) {
            struct_name.push_str("Fields");
        }
        let struct_ident = naming::ident(&struct_name);
        let member_fields = values.iter().map(|(i, ty)| {
            let tl_name = &def.params[*i].name;
            let ident = naming::ident(&naming::field_name(tl_name));
            let ty_tokens = self.type_tokens(module, ty);
            let doc = self
                .docs
                .param(def, tl_name)
                .map(|d| doc_attrs(&escape_markdown(d)));
            let serde = self.serde_field(tl_name, &ident, Some(ty), false);
            quote! { #doc #serde pub #ident: #ty_tokens, }
        });
        let doc = format!(
            "Fields of [`{}`] that are present together (they share one flag bit): {}.",
            path.name,
            names.join(", ")
        );
        let doc = doc_attrs(&doc);
        let derives = self.derives();
        let item = quote! {
            #doc
            #derives
            pub struct #struct_ident {
                #(#member_fields)*
            }
        };
        let field = Field {
            param: naming_param,
            ident: naming::ident(&field_name),
            kind: FieldKind::Group {
                ident: struct_ident,
                members: values,
            },
            flag: None,
        };
        (field, Some(item))
    }

    fn emit_struct(&mut self, index: usize, path: &ItemPath) -> Vec<TokenStream> {
        let def = self.rust.def(index);
        let module = path.module_path();
        let ident = naming::ident(&path.name);
        let (fields, steps, mut items) = self.fields(def, path);
        let generics: Vec<proc_macro2::Ident> = def
            .type_params
            .iter()
            .map(|p| naming::ident(&p.name))
            .collect();
        let generic_params = if generics.is_empty() {
            TokenStream::new()
        } else {
            quote! { <#(#generics),*> }
        };

        let field_decls = fields.iter().map(|field| {
            let name = &field.ident;
            let ty = match &field.kind {
                FieldKind::Plain(ty) => self.type_tokens(&module, ty),
                FieldKind::Optional(ty) => {
                    let ty = self.type_tokens(&module, ty);
                    quote! { ::core::option::Option<#ty> }
                }
                FieldKind::Bit => quote! { bool },
                FieldKind::Group { ident, .. } => quote! { ::core::option::Option<#ident> },
            };
            let doc = self.field_doc(def, field, &module);
            let tl_name = &def.params[field.param].name;
            let serde = match &field.kind {
                FieldKind::Plain(ty) => self.serde_field(tl_name, name, Some(ty), false),
                FieldKind::Optional(ty) => self.serde_field(tl_name, name, Some(ty), true),
                FieldKind::Bit | FieldKind::Group { .. } => {
                    self.serde_field(tl_name, name, None, false)
                }
            };
            quote! { #doc #serde pub #name: #ty, }
        });
        let doc = self.item_doc(def, &module);
        let derives = self.derives();
        let tl_name = def.name.to_string();
        // Tagged like the JSON of `tl-codegen decode`: `{"_": "auth.sentCode", …}`.
        let serde_attrs = self
            .serde
            .then(|| quote! { #[serde(tag = "_", rename = #tl_name)] });
        // Braced even when empty, so that the serde tag works and `X {}` is always the syntax.
        items.insert(
            0,
            quote! {
                #doc
                #derives
                #serde_attrs
                pub struct #ident #generic_params { #(#field_decls)* }
            },
        );

        let id = hex_literal(def.id);
        let tl_name = def.name.to_string();
        items.push(quote! {
            impl #generic_params __rt::Identifiable for #ident #generic_params {
                const CONSTRUCTOR_ID: u32 = #id;
                const TL_NAME: &'static str = #tl_name;
            }
        });
        items.push(self.emit_serialize(def, &ident, &generics, &fields, &steps));
        items.push(self.emit_deserialize(def, &ident, &generics, &fields, &steps));
        if def.category == Category::Function {
            items.push(self.emit_remote_call(def, &module, &ident, &generics));
        }
        items
    }

    fn field_doc(&self, def: &Definition, field: &Field, module: &[String]) -> TokenStream {
        let param = &def.params[field.param];
        let mut lines: Vec<String> = self
            .docs
            .param(def, &param.name)
            .map(escape_markdown)
            .into_iter()
            .collect();
        if let ParameterKind::Value { ty, flag } = &param.kind {
            let written = match flag {
                Some(flag) => format!("`{}:{}.{}?{}`", param.name, flag.field, flag.bit, ty),
                None => format!("`{}:{}`", param.name, ty),
            };
            let link = match &field.kind {
                FieldKind::Plain(ty) | FieldKind::Optional(ty) => {
                    format!(" ({})", self.type_link(module, ty))
                }
                _ => String::new(),
            };
            lines.push(format!("TL: {written}{link}"));
        }
        if let FieldKind::Group { .. } = &field.kind {
            let shared: Vec<String> = def
                .params
                .iter()
                .filter(|p| {
                    matches!(&p.kind, ParameterKind::Value { flag: Some(f), .. }
                    if Some((f.field_index, f.bit)) == field.flag)
                })
                .map(|p| format!("`{}`", p.name))
                .collect();
            lines.push(format!(
                "Present iff the shared flag bit is set ({}).",
                shared.join(", ")
            ));
        }
        doc_attrs(&lines.join("\n\n"))
    }

    fn bound(generics: &[proc_macro2::Ident], bound: TokenStream) -> TokenStream {
        if generics.is_empty() {
            TokenStream::new()
        } else {
            quote! { <#(#generics: #bound),*> }
        }
    }

    fn emit_serialize(
        &self,
        def: &Definition,
        ident: &proc_macro2::Ident,
        generics: &[proc_macro2::Ident],
        fields: &[Field],
        steps: &[Step],
    ) -> TokenStream {
        let statements = steps.iter().map(|step| match step {
            Step::Flags(param) => {
                let sets = fields.iter().filter(|f| f.flag.map(|(p, _)| p) == Some(*param)).map(|f| {
                    let name = &f.ident;
                    let mask = mask_literal(f.flag.map_or(0, |(_, bit)| bit));
                    let present = match &f.kind {
                        FieldKind::Bit => quote! { self.#name },
                        _ => quote! { self.#name.is_some() },
                    };
                    quote! { if #present { flags |= #mask; } }
                });
                quote! {
                    let mut flags: u32 = 0;
                    #(#sets)*
                    __rt::Serializable::serialize(&flags, out);
                }
            }
            Step::Field(i) => {
                let field = &fields[*i];
                let name = &field.ident;
                match &field.kind {
                    FieldKind::Plain(ty) => write_value(ty, quote! { &self.#name }),
                    FieldKind::Optional(ty) => {
                        let write = write_value(ty, quote! { value });
                        quote! { if let ::core::option::Option::Some(value) = &self.#name { #write } }
                    }
                    FieldKind::Bit | FieldKind::Group { .. } => TokenStream::new(),
                }
            }
            Step::Member(i, param, ty) => {
                let name = &fields[*i].ident;
                let member = naming::ident(&naming::field_name(&def.params[*param].name));
                let write = write_value(ty, quote! { &group.#member });
                quote! { if let ::core::option::Option::Some(group) = &self.#name { #write } }
            }
            Step::ObjectLength(i) => {
                let name = &fields[*i].ident;
                quote! {
                    __rt::Serializable::serialize(&self.#name.len_prefix(), out);
                    __rt::Serializable::serialize(&self.#name, out);
                }
            }
        });
        let bounds = Self::bound(generics, quote! { __rt::Serializable });
        let generic_args = generic_args(generics);
        let out = if steps.is_empty() {
            quote! { _out }
        } else {
            quote! { out }
        };
        quote! {
            impl #bounds __rt::BareSerializable for #ident #generic_args {
                fn serialize_bare(&self, #out: &mut ::std::vec::Vec<u8>) {
                    #(#statements)*
                }
            }
        }
    }

    fn emit_deserialize(
        &self,
        def: &Definition,
        ident: &proc_macro2::Ident,
        generics: &[proc_macro2::Ident],
        fields: &[Field],
        steps: &[Step],
    ) -> TokenStream {
        let flag_local = |param: usize| format_ident!("flags_{}", param);
        let statements: Vec<TokenStream> = steps
            .iter()
            .map(|step| match step {
                Step::Flags(param) => {
                    let local = flag_local(*param);
                    quote! { let #local: u32 = __rt::Deserializable::deserialize(reader)?; }
                }
                Step::Field(i) => {
                    let field = &fields[*i];
                    let name = &field.ident;
                    let condition = field.flag.map(|(param, bit)| {
                        let local = flag_local(param);
                        let mask = mask_literal(bit);
                        quote! { (#local & #mask) != 0 }
                    });
                    match (&field.kind, condition) {
                        (FieldKind::Plain(ty), _) => {
                            let read = read_value(ty);
                            quote! { let #name = #read; }
                        }
                        (FieldKind::Optional(ty), Some(condition)) => {
                            let read = read_value(ty);
                            quote! {
                                let #name = if #condition {
                                    ::core::option::Option::Some(#read)
                                } else {
                                    ::core::option::Option::None
                                };
                            }
                        }
                        (FieldKind::Bit, Some(condition)) => quote! { let #name = #condition; },
                        _ => TokenStream::new(),
                    }
                }
                Step::ObjectLength(i) => {
                    let name = &fields[*i].ident;
                    quote! {
                        let len: i32 = __rt::Deserializable::deserialize(reader)?;
                        let #name = __rt::Object::deserialize_sized(reader, len)?;
                    }
                }
                Step::Member(i, param, ty) => {
                    let field = &fields[*i];
                    let (flags, bit) = field.flag.unwrap_or((0, 0));
                    let local = flag_local(flags);
                    let mask = mask_literal(bit);
                    let member = format_ident!("{}_{}", "member", *param);
                    let read = read_value(ty);
                    quote! {
                        let #member = if (#local & #mask) != 0 {
                            ::core::option::Option::Some(#read)
                        } else {
                            ::core::option::Option::None
                        };
                    }
                }
            })
            .collect();
        // Assemble groups: all members are read under the same bit, so they are all `Some`
        // or all `None`.
        let assemble = fields.iter().filter_map(|field| {
            let name = &field.ident;
            match &field.kind {
                FieldKind::Group { ident, members } => {
                    let locals: Vec<_> =
                        members.iter().map(|(p, _)| format_ident!("member_{}", *p)).collect();
                    let names: Vec<_> = members
                        .iter()
                        .map(|(p, _)| naming::ident(&naming::field_name(&def.params[*p].name)))
                        .collect();
                    let pattern = locals.iter().map(|l| quote! { ::core::option::Option::Some(#l) });
                    Some(quote! {
                        let #name = match (#(#locals,)*) {
                            (#(#pattern,)*) => ::core::option::Option::Some(#ident { #(#names: #locals),* }),
                            _ => ::core::option::Option::None,
                        };
                    })
                }
                _ => None,
            }
        });
        let assemble: Vec<TokenStream> = assemble.collect();
        let names = fields.iter().map(|f| &f.ident);
        let bounds = Self::bound(generics, quote! { __rt::Deserializable });
        let generic_args = generic_args(generics);
        let reader = if steps.is_empty() {
            quote! { _reader }
        } else {
            quote! { reader }
        };
        let construct = quote! { Self { #(#names),* } };
        quote! {
            impl #bounds __rt::BareDeserializable for #ident #generic_args {
                fn deserialize_bare(#reader: &mut __rt::Reader<'_>) -> __rt::Result<Self> {
                    #(#statements)*
                    #(#assemble)*
                    ::core::result::Result::Ok(#construct)
                }
            }
        }
    }

    fn emit_remote_call(
        &self,
        def: &Definition,
        module: &[String],
        ident: &proc_macro2::Ident,
        generics: &[proc_macro2::Ident],
    ) -> TokenStream {
        let result = self
            .rust
            .rust_type(def, &def.result)
            .unwrap_or(RustType::True);
        let ret = match &result {
            RustType::Generic(name) => {
                let ident = naming::ident(name);
                quote! { <#ident as __rt::RemoteCall>::Return }
            }
            other => self.type_tokens(module, other),
        };
        let bounds = Self::bound(generics, quote! { __rt::RemoteCall });
        let generic_args = generic_args(generics);
        let errors = self.possible_errors.then(|| {
            let entries = self.docs.errors(def).iter().map(|e| {
                let code = Literal::i32_unsuffixed(e.code);
                let name = &e.kind;
                quote! { (#code, #name), }
            });
            let generic_params = generic_args.clone();
            quote! {
                impl #generic_params #ident #generic_args {
                    /// Errors this method may return, as (code, type) pairs, from the metadata
                    /// (empty when none are documented).
                    pub const POSSIBLE_ERRORS: &'static [(i32, &'static str)] = &[#(#entries)*];
                }
            }
        });
        quote! {
            impl #bounds __rt::RemoteCall for #ident #generic_args {
                type Return = #ret;
            }
            #errors
        }
    }

    fn derives(&self) -> TokenStream {
        if self.serde {
            quote! { #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)] }
        } else {
            quote! { #[derive(Debug, Clone, PartialEq)] }
        }
    }

    /// serde attributes of one field: the TL name where the Rust one differs, and the runtime's
    /// representation for `long`, `bytes`, `int128`, `int256` (see `tl_runtime::serde_repr`).
    fn serde_field(
        &self,
        tl_name: &str,
        ident: &proc_macro2::Ident,
        ty: Option<&RustType>,
        optional: bool,
    ) -> TokenStream {
        if !self.serde {
            return TokenStream::new();
        }
        let rust_name = ident.to_string();
        let rename = (rust_name.trim_start_matches("r#") != tl_name)
            .then(|| quote! { #[serde(rename = #tl_name)] });
        let repr = ty.filter(|ty| needs_serde_repr(ty)).map(|_| {
            let default = optional.then(|| quote! { default, });
            quote! {
                #[serde(
                    #default
                    serialize_with = "__rt::serde_repr::serialize",
                    deserialize_with = "__rt::serde_repr::deserialize"
                )]
            }
        });
        quote! { #rename #repr }
    }

    /// `super::super::enums::User` as text, for intra-doc links.
    fn path_text(&self, from: &[String], target: &ItemPath) -> String {
        let mut segments: Vec<String> = from.iter().map(|_| "super".to_owned()).collect();
        segments.extend(
            target
                .module_path()
                .iter()
                .map(|m| naming::ident(m).to_string()),
        );
        segments.push(naming::ident(&target.name).to_string());
        segments.join("::")
    }

    /// Markdown naming a type, linked to its item where there is one.
    fn type_link(&self, from: &[String], ty: &RustType) -> String {
        match ty {
            // In the same module the name alone resolves (an explicit target is "redundant").
            RustType::Enum(path) | RustType::Bare(path) if path.module_path() == from => {
                format!("[`{}`]", path.name)
            }
            RustType::Enum(path) | RustType::Bare(path) => {
                format!("[`{}`]({})", path.name, self.path_text(from, path))
            }
            RustType::Vector { item, .. } => format!("a vector of {}", self.type_link(from, item)),
            RustType::Generic(name) => format!("`{name}`, any function call"),
            RustType::Object => "[`Object`](__rt::Object)".to_owned(),
            other => format!("`{}`", self.type_tokens(from, other)),
        }
    }

    fn item_doc(&self, def: &Definition, module: &[String]) -> TokenStream {
        let mut text = String::new();
        if let Some(description) = self.docs.description(def) {
            text.push_str(&escape_markdown(description));
            text.push_str("\n\n");
        }
        if def.category == Category::Function {
            match self.rust.rust_type(def, &def.result) {
                Ok(RustType::Generic(name)) => text.push_str(&format!(
                    "Returns what the inner query returns (`{name}::Return`).\n\n"
                )),
                Ok(result) => {
                    text.push_str(&format!("Returns {}.\n\n", self.type_link(module, &result)))
                }
                Err(_) => {}
            }
            let errors = self.docs.errors(def);
            if !errors.is_empty() {
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
            if let Some(bots) = self.docs.bots(def) {
                let answer = if bots { "yes" } else { "no" };
                text.push_str(&format!("Bots can use this method: {answer}.\n\n"));
            }
        }
        let what = match def.category {
            Category::Type => "Constructor",
            Category::Function => "Function",
        };
        text.push_str(&format!(
            "{what} `{}` (id `{:#010x}`):\n\n```text\n{};\n```",
            def.name, def.id, def.text
        ));
        doc_attrs(&text)
    }

    fn enum_doc(&self, tl_name: &str, module: &[String], ctors: &[usize]) -> TokenStream {
        let mut text = String::new();
        if let Some(description) = self.docs.type_description(tl_name) {
            text.push_str(&escape_markdown(description));
            text.push_str("\n\n");
        }
        let links: Vec<String> = ctors
            .iter()
            .map(|&i| {
                let path = &self.rust.paths[&i];
                format!(
                    "[`{}`]({})",
                    self.rust.def(i).name,
                    self.path_text(module, path)
                )
            })
            .collect();
        text.push_str(&format!(
            "Boxed type `{tl_name}`; its constructors: {}.",
            links.join(", ")
        ));
        doc_attrs(&text)
    }

    fn emit_enum(&self, tl_name: &str, path: &ItemPath, ctors: &[usize]) -> TokenStream {
        let module = path.module_path();
        let ident = naming::ident(&path.name);
        let mut used = HashSet::new();
        let variants: Vec<(proc_macro2::Ident, TokenStream, usize, bool)> = ctors
            .iter()
            .map(|&index| {
                let struct_path = &self.rust.paths[&index];
                let def = self.rust.def(index);
                let mut name = struct_path.name.clone();
                if !used.insert(name.clone()) {
                    // Same constructor name in two namespaces: qualify the later one.
                    name = def
                        .name
                        .namespace
                        .iter()
                        .map(|ns| naming::type_name(ns))
                        .chain([name])
                        .collect();
                    used.insert(name.clone());
                }
                let boxed = self.rust.boxed_variants.contains(&index);
                (
                    naming::ident(&name),
                    self.path_from(&module, struct_path),
                    index,
                    boxed,
                )
            })
            .collect();
        let decls = variants.iter().map(|(name, ty, index, boxed)| {
            let tl = self.rust.def(*index).name.to_string();
            let doc = doc_attrs(&format!("`{tl}`"));
            let rename = self.serde.then(|| quote! { #[serde(rename = #tl)] });
            if *boxed {
                quote! { #doc #rename #name(::std::boxed::Box<#ty>), }
            } else {
                quote! { #doc #rename #name(#ty), }
            }
        });
        let serialize_arms = variants.iter().map(|(name, _, _, boxed)| {
            let value = if *boxed {
                quote! { &**value }
            } else {
                quote! { value }
            };
            quote! { Self::#name(value) => __rt::Serializable::serialize(#value, out), }
        });
        let deserialize_arms = variants.iter().map(|(name, _, index, boxed)| {
            let id = hex_literal(self.rust.def(*index).id);
            let read = quote! { __rt::BareDeserializable::deserialize_bare(reader)? };
            let read = if *boxed {
                quote! { ::std::boxed::Box::new(#read) }
            } else {
                read
            };
            quote! { #id => Self::#name(#read), }
        });
        let from_impls = variants.iter().map(|(name, ty, _, boxed)| {
            let wrap = if *boxed {
                quote! { ::std::boxed::Box::new(value) }
            } else {
                quote! { value }
            };
            quote! {
                impl ::core::convert::From<#ty> for #ident {
                    fn from(value: #ty) -> Self {
                        Self::#name(#wrap)
                    }
                }
            }
        });
        let doc = self.enum_doc(tl_name, &module, ctors);
        // serde: reading dispatches on the `"_"` tag (serde's internal tagging); writing
        // delegates to the variant's struct, which writes the tag itself (deriving both
        // directions would write it twice).
        let (derives, serde_attrs, serialize_impl) = if self.serde {
            let arms = variants.iter().map(|(name, ..)| {
                quote! { Self::#name(value) => ::serde::Serialize::serialize(value, serializer), }
            });
            (
                quote! { #[derive(Debug, Clone, PartialEq, ::serde::Deserialize)] },
                quote! { #[serde(tag = "_")] },
                quote! {
                    impl ::serde::Serialize for #ident {
                        fn serialize<S: ::serde::Serializer>(
                            &self,
                            serializer: S,
                        ) -> ::core::result::Result<S::Ok, S::Error> {
                            match self {
                                #(#arms)*
                            }
                        }
                    }
                },
            )
        } else {
            (self.derives(), TokenStream::new(), TokenStream::new())
        };
        quote! {
            #doc
            #derives
            #serde_attrs
            pub enum #ident {
                #(#decls)*
            }
            #serialize_impl
            impl __rt::Serializable for #ident {
                fn serialize(&self, out: &mut ::std::vec::Vec<u8>) {
                    match self {
                        #(#serialize_arms)*
                    }
                }
            }
            impl __rt::Deserializable for #ident {
                fn deserialize(reader: &mut __rt::Reader<'_>) -> __rt::Result<Self> {
                    reader.nested(|reader| {
                        let id = reader.read_u32()?;
                        ::core::result::Result::Ok(match id {
                            #(#deserialize_arms)*
                            _ => return __rt::unknown_constructor(reader, id, #tl_name),
                        })
                    })
                }
            }
            #(#from_impls)*
        }
    }
}

fn generic_args(generics: &[proc_macro2::Ident]) -> TokenStream {
    if generics.is_empty() {
        TokenStream::new()
    } else {
        quote! { <#(#generics),*> }
    }
}

/// Types whose serde form comes from `tl_runtime::serde_repr` rather than their own impls.
fn needs_serde_repr(ty: &RustType) -> bool {
    match ty {
        RustType::Primitive(p) => matches!(
            p,
            Primitive::Long | Primitive::Bytes | Primitive::Int128 | Primitive::Int256
        ),
        RustType::Vector { item, .. } => needs_serde_repr(item),
        _ => false,
    }
}

/// Statement writing `value` (an expression of type `&T`) to `out`.
fn write_value(ty: &RustType, value: TokenStream) -> TokenStream {
    match ty {
        RustType::Vector { boxed, item } if !ty.has_trait_impl() => {
            let helper = vector_helper(*boxed, "serialize");
            let item = write_fn(item);
            quote! { #helper(#value, out, #item); }
        }
        _ => {
            let write = write_fn(ty);
            quote! { #write(#value, out); }
        }
    }
}

/// `__rt::serialize_vector` / `__rt::deserialize_bare_vector` and so on.
fn vector_helper(boxed: bool, direction: &str) -> TokenStream {
    let name = if boxed {
        format_ident!("{direction}_vector")
    } else {
        format_ident!("{direction}_bare_vector")
    };
    quote! { __rt::#name }
}

/// A callable `Fn(&T, &mut Vec<u8>)` writing a `T`: a trait method path where one exists (no
/// closure for clippy to call redundant), a closure over a vector helper otherwise.
fn write_fn(ty: &RustType) -> TokenStream {
    match ty {
        _ if ty.has_trait_impl() => quote! { __rt::Serializable::serialize },
        RustType::Vector { boxed, item } => {
            let helper = vector_helper(*boxed, "serialize");
            let item = write_fn(item);
            quote! { |items: &::std::vec::Vec<_>, out: &mut ::std::vec::Vec<u8>| #helper(items, out, #item) }
        }
        _ => quote! { __rt::BareSerializable::serialize_bare },
    }
}

/// Expression reading a `T` from `reader` (propagating errors with `?`).
fn read_value(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Vector { boxed, item } if !ty.has_trait_impl() => {
            let helper = vector_helper(*boxed, "deserialize");
            let item = read_fn(item);
            quote! { #helper(reader, #item)? }
        }
        _ => {
            let read = read_fn(ty);
            quote! { #read(reader)? }
        }
    }
}

/// A callable `FnMut(&mut Reader) -> Result<T>` reading a `T` (see [`write_fn`]).
fn read_fn(ty: &RustType) -> TokenStream {
    match ty {
        _ if ty.has_trait_impl() => quote! { __rt::Deserializable::deserialize },
        RustType::Vector { boxed, item } => {
            let helper = vector_helper(*boxed, "deserialize");
            let item = read_fn(item);
            quote! { |reader: &mut __rt::Reader<'_>| #helper(reader, #item) }
        }
        _ => quote! { __rt::BareDeserializable::deserialize_bare },
    }
}
