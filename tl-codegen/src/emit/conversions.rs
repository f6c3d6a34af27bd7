//! The conversions every user of a TL API writes by hand otherwise (issue 38), in the binary
//! mode (TDLib's JSON mode has its own `Unknown` variants and none of these):
//!
//! - `TryFrom<enums::X> for types::Y` for each constructor `Y` of a boxed type `X`, the value
//!   handed back in `tlforge_runtime::WrongConstructor` when it is another constructor;
//! - input constructors made from the object they refer to (`inputPeerUser` from a `user`),
//!   by the rule of [`input_source`];
//! - on each enum of two or more constructors, an accessor for each field that all of them
//!   have with one type (`enums::Message::id`).
//!
//! All are `#[inline]`: a generated crate is large and its cold build is watched, and an
//! inline function is compiled by the crates that call it, not by the one that defines it.

use std::collections::HashMap;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use tlforge_parser::{Category, Definition};

use super::{Emitter, Variant, cfg_attribute, ident, is_in_module, path_tokens, type_tokens};
use crate::naming;
use crate::rust_model::{FieldKind, FieldPlan, Primitive, RustSchema, RustType};
use crate::split::{self, Partition};

/// How the generated docs state the rule of [`input_source`]; the README repeats it.
const INPUT_RULE: &str = "Generated for each input constructor whose fields are exactly the \
    `id` and, if it has one, the `access_hash` of the constructor it is named after (`inputUser` \
    and `inputPeerUser … = InputPeer` after `user`), with the same types; its id field is `id` \
    or `{word}_id`, `{word}` the last word of that name (`user_id`). `TryFrom` where the \
    object's `access_hash` is behind a flag.";

/// The input constructors made from objects ([`input_source`]), each written where both its
/// types are visible: with the input type's enum, or, in a split schema where the object's
/// struct is in a later crate, with the object's struct. Where the two are in the two crates
/// of one stage, neither sees the other and no third crate may implement a foreign trait for
/// two foreign types: the conversion is not generated (`phoneCall` → `InputPhoneCall` in
/// tlforge-types' partition).
#[derive(Default)]
pub(super) struct Conversions {
    /// By the TL name of the input type (its enum's job writes them).
    by_enum: HashMap<String, Vec<InputConversion>>,
    /// By the object's definition index (its struct's job writes them).
    by_object: HashMap<usize, Vec<InputConversion>>,
}

/// `From<&types::Object> for enums::Input` (or `TryFrom`) through one input constructor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct InputConversion {
    /// The input constructor (definition index): `inputPeerUser`.
    input: usize,
    /// Its boxed type (TL name): `InputPeer`.
    target: String,
    /// The object it is made from (definition index): `user`.
    object: usize,
    /// For each field of the input constructor, in order, the object's field it is copied
    /// from (Rust name) and whether that is an `Option` (at most one is: `access_hash`).
    fields: Vec<(String, bool)>,
    /// Whether the values are `Copy` (numbers, in every schema there is); else cloned.
    copy: bool,
}

impl InputConversion {
    /// Whether the object may lack what the input constructor needs (`TryFrom`).
    fn fallible(&self) -> bool {
        self.fields.iter().any(|(_, optional)| *optional)
    }
}

impl Conversions {
    /// The input conversions of `rust` ([`input_source`]), placed for `partition` if the
    /// schema is split. One input type with two constructors made from one object would be two
    /// impls of one trait: neither is generated.
    pub(super) fn new(rust: &RustSchema<'_>, partition: Option<&Partition>) -> Conversions {
        let mut found: Vec<InputConversion> = rust
            .items
            .iter()
            .filter_map(|&index| input_source(rust, index))
            .collect();
        let mut count: HashMap<(String, usize), usize> = HashMap::new();
        for conversion in &found {
            *count
                .entry((conversion.target.clone(), conversion.object))
                .or_default() += 1;
        }
        found.retain(|c| count[&(c.target.clone(), c.object)] == 1);
        let enum_node: HashMap<&str, usize> = rust
            .enums
            .keys()
            .enumerate()
            .map(|(k, name)| (name.as_str(), rust.schema.definitions.len() + k))
            .collect();
        let mut conversions = Conversions::default();
        for conversion in found {
            let Some(partition) = partition else {
                conversions.add_to_enum(conversion);
                continue;
            };
            let target = partition.part(enum_node[conversion.target.as_str()]);
            let object = partition.part(conversion.object);
            // A part sees its own items and those of the earlier stages.
            let sees = |from: usize, to: usize| from == to || split::stage(to) < split::stage(from);
            if sees(target, object) {
                conversions.add_to_enum(conversion);
            } else if sees(object, target) {
                conversions
                    .by_object
                    .entry(conversion.object)
                    .or_default()
                    .push(conversion);
            }
        }
        conversions
    }

    fn add_to_enum(&mut self, conversion: InputConversion) {
        self.by_enum
            .entry(conversion.target.clone())
            .or_default()
            .push(conversion);
    }
}

/// The object the input constructor `input` is made from, by this rule (stated in
/// [`INPUT_RULE`]): the constructor `input` is named after, in its namespace, either what
/// follows `input` (`inputUser` → `user`, `inputEncryptedChat` → `encryptedChat`) or what
/// follows its own type's name (`inputPeerUser … = InputPeer` → `user`); and `input`'s
/// fields, none behind a flag, are exactly an id and optionally `access_hash`, where the id is
/// named `id` or `{word}_id` (`{word}` the last word of the object's name: `user_id`,
/// `chat_id` for `encryptedChat`) and has the type of the object's `id` field, and
/// `access_hash` that of the object's, which may be behind a flag (then the conversion fails
/// without it). An object whose `access_hash` shares its flag bit with other fields (a group)
/// does not count.
fn input_source(rust: &RustSchema<'_>, input: usize) -> Option<InputConversion> {
    let def = rust.def(input);
    if def.category != Category::Constructor || !def.type_params.is_empty() {
        return None;
    }
    let rest = def.name.name.strip_prefix("input")?;
    let target = def.result.name.to_string();
    if rust.is_any_type(&target) || !rust.enums.contains_key(&target) {
        return None;
    }
    let plan = rust.field_plan(def);
    let plain: Vec<(&str, &RustType)> = plan
        .fields
        .iter()
        .map(|field| match &field.kind {
            FieldKind::Plain(ty) => Some((def.params[field.param].name.as_str(), ty)),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if !plan.unknown_bits.is_empty() || !(1..=2).contains(&plain.len()) {
        return None;
    }
    let own_type = lower_first(&def.result.name.name);
    let names = [
        Some(rest),
        def.name
            .name
            .strip_prefix(own_type.as_str())
            .filter(|_| def.result.name.namespace == def.name.namespace),
    ];
    let mut objects = names
        .into_iter()
        .flatten()
        .filter(|name| !name.is_empty())
        .filter_map(|name| {
            let mut object = def.name.namespace.join(".");
            if !object.is_empty() {
                object.push('.');
            }
            object.push_str(&lower_first(name));
            let object = rust.constructor(&object)?;
            (object != input).then_some(object)
        });
    objects.find_map(|object| made_from(rust, input, &target, &plain, object))
}

/// [`input_source`]'s check of the fields of `input` (TL name, type) against those of
/// `object`.
fn made_from(
    rust: &RustSchema<'_>,
    input: usize,
    target: &str,
    fields: &[(&str, &RustType)],
    object: usize,
) -> Option<InputConversion> {
    let object_def = rust.def(object);
    if !object_def.type_params.is_empty() {
        return None;
    }
    let object_plan = rust.field_plan(object_def);
    let snake = naming::field_name(&object_def.name.name);
    let word = snake.rsplit('_').next().unwrap_or(&snake);
    let id_names = ["id".to_owned(), format!("{word}_id")];
    let mut copy = true;
    let mut from = Vec::new();
    let mut id = false;
    for &(tl_name, ty) in fields {
        let source = if id_names.iter().any(|n| n == tl_name) && !id {
            id = true;
            "id"
        } else if tl_name == "access_hash" {
            "access_hash"
        } else {
            return None;
        };
        let (field, optional) = object_field(object_def, &object_plan, source, ty)?;
        if source == "id" && optional {
            return None;
        }
        copy &= is_copy(ty);
        from.push((field, optional));
    }
    id.then(|| InputConversion {
        input,
        target: target.to_owned(),
        object,
        fields: from,
        copy,
    })
}

/// The Rust name of `object`'s field of TL name `tl_name` if it has type `ty`, and whether it
/// is an `Option` of it (behind a flag bit of its own).
fn object_field(
    def: &Definition,
    plan: &FieldPlan,
    tl_name: &str,
    ty: &RustType,
) -> Option<(String, bool)> {
    let field = plan
        .fields
        .iter()
        .find(|field| def.params[field.param].name == tl_name)?;
    match &field.kind {
        FieldKind::Plain(t) if t == ty => Some((field.ident.clone(), false)),
        FieldKind::Optional(t) if t == ty => Some((field.ident.clone(), true)),
        _ => None,
    }
}

/// `InputPeer` → `inputPeer`.
fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether values of `ty` are `Copy`: returned by value by accessors, copied (not cloned) by
/// conversions.
fn is_copy(ty: &RustType) -> bool {
    matches!(
        ty,
        RustType::True
            | RustType::Primitive(
                Primitive::Int
                    | Primitive::Long
                    | Primitive::Double
                    | Primitive::Nat
                    | Primitive::Bool
            )
    )
}

/// Accessor names that would shadow a method of a trait the enums implement (`x.clone()`,
/// `X::from(y)`, `value.serialize(out)` in generated code) or that clippy reads as a trait's
/// or a collection's method (`should_implement_trait`, `len_without_is_empty`), and the
/// enum's own `tl_name`: no accessor has them.
const RESERVED_METHODS: &[&str] = &[
    "as_ref",
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "clone_into",
    "deref",
    "deserialize",
    "eq",
    "fmt",
    "from",
    "from_bytes",
    "hash",
    "into",
    "is_empty",
    "len",
    "ne",
    "new",
    "serialize",
    "tl_name",
    "to_bytes",
    "to_owned",
    "to_string",
    "try_from",
    "try_into",
    "type_id",
];

/// A field that every constructor of an enum has, with one type: its accessor.
struct Common<'p> {
    /// The Rust name (`id`, `r#type`).
    ident: &'p str,
    kind: &'p FieldKind,
}

impl Emitter<'_, '_> {
    /// What the enum `name` (boxed type `tl_name`) gets in the binary mode: `TryFrom` into
    /// each constructor, its accessors, and the input conversions written with it.
    pub(super) fn enum_conversions(
        &self,
        tl_name: &str,
        module: &[String],
        name: &Ident,
        variants: &[Variant<'_>],
        cfg: Option<&TokenStream>,
    ) -> TokenStream {
        // Generic constructors are not variants; an enum that had one would not compile.
        if variants.iter().any(|v| !v.def.type_params.is_empty()) {
            return TokenStream::new();
        }
        let mut out = TokenStream::new();
        let several = variants.len() > 1;
        for Variant {
            name: variant,
            ty,
            def,
            boxed,
        } in variants
        {
            let unbox = boxed.then(|| quote!(*));
            // One constructor: the pattern is irrefutable (the enum is in this crate, so
            // `#[non_exhaustive]` does not apply), and the error never made.
            let body = if several {
                let expected = def.name.to_string();
                quote! {
                    match value {
                        #name::#variant(value) => ::core::result::Result::Ok(#unbox value),
                        value => ::core::result::Result::Err(
                            __rt::WrongConstructor::new(#expected, value.tl_name(), value)
                        ),
                    }
                }
            } else {
                quote! {
                    let #name::#variant(value) = value;
                    ::core::result::Result::Ok(#unbox value)
                }
            };
            out.extend(quote! {
                #cfg
                impl ::core::convert::TryFrom<#name> for #ty {
                    type Error = __rt::WrongConstructor<#name>;
                    #[inline]
                    fn try_from(value: #name) -> ::core::result::Result<Self, Self::Error> {
                        #body
                    }
                }
            });
        }
        if several {
            let accessors = self.accessors(tl_name, module, variants);
            let names = variants.iter().map(
                |Variant {
                     name: variant, def, ..
                 }| {
                    let tl = def.name.to_string();
                    quote!(Self::#variant(_) => #tl,)
                },
            );
            out.extend(quote! {
                #cfg
                impl #name {
                    #accessors
                    /// The TL name of the value's constructor, for `WrongConstructor`.
                    #[inline]
                    fn tl_name(&self) -> &'static str {
                        match self {
                            #(#names)*
                        }
                    }
                }
            });
        }
        for conversion in self.conversions.by_enum.get(tl_name).into_iter().flatten() {
            out.extend(self.input_conversion(conversion, module));
        }
        out
    }

    /// The input conversions written with the object's struct (definition `index`): where the
    /// input type's enum is in an earlier crate than the object.
    pub(super) fn object_conversions(&self, index: usize, module: &[String]) -> TokenStream {
        let mut out = TokenStream::new();
        for conversion in self.conversions.by_object.get(&index).into_iter().flatten() {
            out.extend(self.input_conversion(conversion, module));
        }
        out
    }

    /// `From<&Object> for Input` (or `TryFrom`), written in `module`, compiled where both the
    /// input type's enum and the object's struct are.
    fn input_conversion(&self, conversion: &InputConversion, module: &[String]) -> TokenStream {
        let rust = self.rust;
        let (target_path, ctors) = &rust.enums[&conversion.target];
        let target = if is_in_module(target_path, module) {
            let name = ident(&target_path.name);
            quote!(#name)
        } else {
            path_tokens(module, target_path)
        };
        let object = path_tokens(module, &rust.paths[&conversion.object]);
        let input = path_tokens(module, &rust.paths[&conversion.input]);
        let position = ctors.iter().position(|&c| c == conversion.input);
        let variant = ident(&rust.variant_names(ctors)[position.unwrap_or_default()]);
        let mut cfgs = Vec::new();
        if let Some(features) = self.namespace_features {
            cfgs.extend(features.for_enum(&conversion.target).map(cfg_attribute));
            let object_cfg = features
                .for_struct(conversion.object)
                .map(cfg_attribute)
                .filter(|cfg| !cfgs.iter().any(|c| c.to_string() == cfg.to_string()));
            cfgs.extend(object_cfg);
        }
        let mut optional = None;
        let args = conversion.fields.iter().map(|(field, is_option)| {
            let field = ident(field);
            let value = if *is_option {
                optional = Some(field.clone());
                quote!(#field)
            } else {
                quote!(value.#field)
            };
            if conversion.copy {
                value
            } else {
                quote!(#value.clone())
            }
        });
        let args: Vec<TokenStream> = args.collect();
        let boxed = rust.boxed_variants.contains(&conversion.input);
        let mut made = quote!(#input::new(#(#args),*));
        if boxed {
            made = quote!(::std::boxed::Box::new(#made));
        }
        let made = quote!(#target::#variant(#made));
        let input_name = rust.def(conversion.input).name.to_string();
        let object_name = rust.def(conversion.object).name.to_string();
        let fields = conversion
            .fields
            .iter()
            .map(|(field, _)| format!("`{}`", field.trim_start_matches("r#")))
            .collect::<Vec<_>>()
            .join(" and ");
        let Some(hash) = optional.filter(|_| conversion.fallible()) else {
            let doc = self.doc(&format!(
                "`{input_name}` from a `{object_name}`'s {fields}.\n\n{INPUT_RULE}"
            ));
            return quote! {
                #doc
                #(#cfgs)*
                impl ::core::convert::From<&#object> for #target {
                    #[inline]
                    fn from(value: &#object) -> Self {
                        #made
                    }
                }
            };
        };
        let doc = self.doc(&format!(
            "`{input_name}` from a `{object_name}`'s {fields}; [`MissingField`](__rt::MissingField) \
             when it has no `{hash}`.\n\n{INPUT_RULE}"
        ));
        let hash_name = hash.to_string();
        let hash_name = hash_name.trim_start_matches("r#");
        // `match &value.f` binds a reference: cloned like the other fields.
        let scrutinee = if conversion.copy {
            quote!(value.#hash)
        } else {
            quote!(&value.#hash)
        };
        quote! {
            #doc
            #(#cfgs)*
            impl ::core::convert::TryFrom<&#object> for #target {
                type Error = __rt::MissingField;
                #[inline]
                fn try_from(value: &#object) -> ::core::result::Result<Self, Self::Error> {
                    match #scrutinee {
                        ::core::option::Option::Some(#hash) => ::core::result::Result::Ok(#made),
                        ::core::option::Option::None => ::core::result::Result::Err(
                            __rt::MissingField::new(#object_name, #hash_name)
                        ),
                    }
                }
            }
        }
    }

    /// The accessors of the fields every variant has with one type, in the first variant's
    /// order.
    fn accessors(&self, tl_name: &str, module: &[String], variants: &[Variant<'_>]) -> TokenStream {
        let plans: Vec<FieldPlan> = variants
            .iter()
            .map(|v| self.rust.field_plan(v.def))
            .collect();
        let Some((first, rest)) = plans.split_first() else {
            return TokenStream::new();
        };
        let common = first.fields.iter().filter_map(|field| {
            let shared = |plan: &FieldPlan| {
                plan.fields
                    .iter()
                    .any(|f| f.ident == field.ident && same_kind(&f.kind, &field.kind))
            };
            let plain = matches!(
                field.kind,
                FieldKind::Plain(_) | FieldKind::Optional(_) | FieldKind::Bit
            );
            let name = field.ident.trim_start_matches("r#");
            (plain && !RESERVED_METHODS.contains(&name) && rest.iter().all(shared)).then_some(
                Common {
                    ident: &field.ident,
                    kind: &field.kind,
                },
            )
        });
        let mut out = TokenStream::new();
        for Common { ident: field, kind } in common {
            let Some((ty, access)) = accessor_type(module, kind) else {
                continue;
            };
            let method = ident(field);
            let field_ident = ident(field);
            let arms = variants.iter().map(|Variant { name: variant, .. }| {
                let value = match access {
                    Access::Copy => quote!(value.#field_ident),
                    Access::Ref => quote!(&value.#field_ident),
                    Access::Slice => quote!(value.#field_ident.as_slice()),
                    Access::Str => quote!(value.#field_ident.as_str()),
                    Access::OptionRef => quote!(value.#field_ident.as_ref()),
                    Access::OptionDeref => quote!(value.#field_ident.as_deref()),
                };
                quote!(Self::#variant(value) => #value,)
            });
            let doc = self.doc(&format!(
                "`{}` of every constructor of `{tl_name}`.",
                field.trim_start_matches("r#")
            ));
            // `from_x(&self)` and `into_x(&self)` break clippy's naming conventions, which
            // speak of constructors and conversions, not of a field's name.
            let name = field.trim_start_matches("r#");
            let allow = (name.starts_with("from_") || name.starts_with("into_"))
                .then(|| quote!(#[allow(clippy::wrong_self_convention)]));
            out.extend(quote! {
                #doc
                #allow
                #[inline]
                pub fn #method(&self) -> #ty {
                    match self {
                        #(#arms)*
                    }
                }
            });
        }
        out
    }
}

/// How an accessor reads its field from each variant's struct (`value`).
#[derive(Clone, Copy)]
enum Access {
    /// `value.f`: a `Copy` value, or an `Option` of one.
    Copy,
    /// `&value.f`.
    Ref,
    /// `value.f.as_slice()`: `Vec<T>` as `&[T]`.
    Slice,
    /// `value.f.as_str()`: `String` as `&str`.
    Str,
    /// `value.f.as_ref()`: `Option<&T>`.
    OptionRef,
    /// `value.f.as_deref()`: `Option<&str>`, `Option<&[T]>`.
    OptionDeref,
}

/// The type an accessor of a field of kind `kind` returns, and how it reads the field; `None`
/// for fields it does not read (a generic parameter's, a group's).
fn accessor_type(module: &[String], kind: &FieldKind) -> Option<(TokenStream, Access)> {
    Some(match kind {
        FieldKind::Bit => (quote!(bool), Access::Copy),
        FieldKind::Plain(RustType::Generic(_)) | FieldKind::Optional(RustType::Generic(_)) => {
            return None;
        }
        FieldKind::Plain(ty) if is_copy(ty) => (type_tokens(module, ty), Access::Copy),
        FieldKind::Plain(ty) => match borrowed(module, ty) {
            Some((borrowed, access)) => (quote!(&#borrowed), access),
            None => {
                let ty = type_tokens(module, ty);
                (quote!(&#ty), Access::Ref)
            }
        },
        FieldKind::Optional(ty) if is_copy(ty) => {
            let ty = type_tokens(module, ty);
            (quote!(::core::option::Option<#ty>), Access::Copy)
        }
        FieldKind::Optional(ty) => match borrowed(module, ty) {
            Some((borrowed, _)) => (
                quote!(::core::option::Option<&#borrowed>),
                Access::OptionDeref,
            ),
            None => {
                let ty = type_tokens(module, ty);
                (quote!(::core::option::Option<&#ty>), Access::OptionRef)
            }
        },
        FieldKind::Group { .. } => return None,
    })
}

/// The unsized type a `String` or `Vec` field is lent as (`str`, `[T]`).
fn borrowed(module: &[String], ty: &RustType) -> Option<(TokenStream, Access)> {
    match ty {
        RustType::Primitive(Primitive::String) => Some((quote!(str), Access::Str)),
        RustType::Primitive(Primitive::Bytes) => Some((quote!([u8]), Access::Slice)),
        RustType::Vector { item, .. } => {
            let item = type_tokens(module, item);
            Some((quote!([#item]), Access::Slice))
        }
        _ => None,
    }
}

/// Whether two fields of one name are one type to an accessor.
fn same_kind(a: &FieldKind, b: &FieldKind) -> bool {
    match (a, b) {
        (FieldKind::Plain(a), FieldKind::Plain(b))
        | (FieldKind::Optional(a), FieldKind::Optional(b)) => a == b,
        (FieldKind::Bit, FieldKind::Bit) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use tlforge_parser::{SourceFile, parse_schema};

    use super::*;
    use crate::{Config, Json};

    /// The input conversions of `text` as `TryFrom<&object> for Type (input)`, and how many
    /// were placed with the object rather than the enum (split schemas only).
    fn input_conversions(text: &str) -> BTreeSet<String> {
        let parsed = parse_schema(&[SourceFile::new("test.tl", text)]).expect("valid schema");
        let rust = RustSchema::new(&parsed.schema).expect("supported schema");
        let conversions = Conversions::new(&rust, None);
        assert!(
            conversions.by_object.is_empty(),
            "unsplit: all with the enum"
        );
        conversions
            .by_enum
            .values()
            .flatten()
            .map(|c| describe(&rust, c))
            .collect()
    }

    fn describe(rust: &RustSchema<'_>, c: &InputConversion) -> String {
        let kind = if c.fallible() { "TryFrom" } else { "From" };
        let object = rust.def(c.object).name.to_string();
        let input = rust.def(c.input).name.to_string();
        format!("{kind}<&{object}> for {} ({input})", c.target)
    }

    fn set(lines: &[&str]) -> BTreeSet<String> {
        lines.iter().map(|line| line.to_string()).collect()
    }

    fn generate(config: &mut Config, text: &str) -> String {
        config
            .header(false)
            .generate(&[SourceFile::new("test.tl", text)])
            .expect("generates")
    }

    /// `text` with its whitespace runs collapsed: prettyplease's line breaks depend on the
    /// module's depth.
    fn flat(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The rule of `input_source`, on the shapes of Telegram's API and on near misses.
    #[test]
    fn input_constructors_convert_from_the_object_they_are_named_after() {
        let text = "\
            userEmpty#d3bc4b7a id:long = User;\n\
            user#b1b8cc83 flags:# id:long access_hash:flags.0?long = User;\n\
            chat#41cbf256 id:long title:string = Chat;\n\
            channel#d49f34c6 flags:# id:long access_hash:flags.13?long = Chat;\n\
            encryptedChat#61f0d4c7 id:int access_hash:long = EncryptedChat;\n\
            inputPeerEmpty#7f3b18ea = InputPeer;\n\
            inputPeerChat#35a95cb9 chat_id:long = InputPeer;\n\
            inputPeerUser#dde8a54c user_id:long access_hash:long = InputPeer;\n\
            inputPeerChannel#27bcbbfc channel_id:long access_hash:long = InputPeer;\n\
            inputPeerUserFromMessage#a87b0a1c peer:InputPeer user_id:long = InputPeer;\n\
            inputUser#f21158c6 user_id:long access_hash:long = InputUser;\n\
            inputChannel#f35aec28 channel_id:long access_hash:long = InputChannel;\n\
            inputEncryptedChat#f141b5e1 chat_id:int access_hash:long = InputEncryptedChat;\n\
            photo#fb197a65 id:long access_hash:long file_reference:bytes = Photo;\n\
            inputPhoto#3bb3b94a id:long access_hash:long file_reference:bytes = InputPhoto;\n\
            wallPaper#a437c3ed id:long access_hash:long = WallPaper;\n\
            inputWallPaper#e630b979 flags:# id:long access_hash:long = InputWallPaper;\n\
            folder#ff544e65 id:int = Folder;\n\
            inputFolder#fbd2c296 folder_id:long = InputFolder;\n\
            doc#11111111 id:long access_hash:long = Doc;\n\
            inputDoc#22222222 parent_id:long = InputDoc;\n\
            inputDocHash#33333333 id:long hash:long = InputDoc;\n\
            hashed#44444444 flags:# id:long access_hash:flags.0?long = Hashed;\n\
            stickers.set#55555555 id:long access_hash:long = stickers.Set;\n\
            stickers.inputSet#66666666 set_id:long access_hash:long = stickers.InputSet;\n\
            grouped#77777777 flags:# id:long access_hash:flags.0?long date:flags.0?int = Grouped;\n\
            inputGrouped#88888888 id:long access_hash:long = InputGrouped;\n";
        // Not made: `inputPeerUserFromMessage` (another field), `inputPhoto`
        // (`file_reference`), `inputWallPaper` (a flags word), `inputFolder` (`long` id, an
        // `int` object id), `inputDoc` (`parent_id` is not `doc`'s id), `inputDocHash`
        // (`hash` is not `access_hash`), `inputGrouped` (the object's `access_hash` shares its
        // flag bit: a group).
        assert_eq!(
            input_conversions(text),
            set(&[
                "From<&chat> for InputPeer (inputPeerChat)",
                "From<&encryptedChat> for InputEncryptedChat (inputEncryptedChat)",
                "From<&stickers.set> for stickers.InputSet (stickers.inputSet)",
                "TryFrom<&channel> for InputChannel (inputChannel)",
                "TryFrom<&channel> for InputPeer (inputPeerChannel)",
                "TryFrom<&user> for InputPeer (inputPeerUser)",
                "TryFrom<&user> for InputUser (inputUser)",
            ])
        );
    }

    /// Two input constructors of one type made from one object would be two impls of one
    /// trait: neither is made.
    #[test]
    fn ambiguous_input_constructors_are_left_out() {
        let text = "\
            user#11111111 id:long access_hash:long = User;\n\
            inputPeerUser#22222222 user_id:long access_hash:long = InputPeer;\n\
            inputUser#44444444 user_id:long access_hash:long = InputUser;\n\
            inputPeerUserHash#55555555 id:long = InputPeer;\n\
            userHash#66666666 id:long = UserHash;\n";
        assert_eq!(
            input_conversions(text),
            set(&[
                "From<&user> for InputPeer (inputPeerUser)",
                "From<&user> for InputUser (inputUser)",
                "From<&userHash> for InputPeer (inputPeerUserHash)",
            ])
        );
        let text = "\
            user#11111111 id:long access_hash:long = User;\n\
            inputPeerUser#22222222 user_id:long access_hash:long = InputPeer;\n\
            inputPeerUser2#33333333 user_id:long = InputPeerUser2;\n\
            inputUser#44444444 id:long = InputPeer;\n";
        // `inputUser` and `inputPeerUser` are both `InputPeer`s made from `user`.
        assert_eq!(input_conversions(text), set(&[]));
    }

    /// What the bundled API gets (the README's list), and that the other real schemas get
    /// nothing else.
    #[test]
    fn input_conversions_of_the_real_schemas() {
        let api = set(&[
            "From<&chat> for InputPeer (inputPeerChat)",
            "From<&dialogFilter> for InputChatlist (inputChatlistDialogFilter)",
            "From<&encryptedChat> for InputEncryptedChat (inputEncryptedChat)",
            "From<&encryptedFile> for InputEncryptedFile (inputEncryptedFile)",
            "From<&ephemeralMessage> for InputReplyTo (inputReplyToEphemeralMessage)",
            "From<&folder> for InputDialogPeer (inputDialogPeerFolder)",
            "From<&groupCall> for InputGroupCall (inputGroupCall)",
            "From<&phoneCall> for InputPhoneCall (inputPhoneCall)",
            "From<&secureFile> for InputSecureFile (inputSecureFile)",
            "From<&theme> for InputTheme (inputTheme)",
            "From<&wallPaper> for InputWallPaper (inputWallPaper)",
            "From<&wallPaperNoFile> for InputWallPaper (inputWallPaperNoFile)",
            "TryFrom<&channel> for InputChannel (inputChannel)",
            "TryFrom<&channel> for InputPeer (inputPeerChannel)",
            "TryFrom<&user> for InputPeer (inputPeerUser)",
            "TryFrom<&user> for InputUser (inputUser)",
        ]);
        assert_eq!(
            input_conversions(include_str!("../../../schema/api.tl")),
            api
        );
        assert_eq!(
            input_conversions(include_str!("../../../schema/mtproto.tl")),
            set(&[])
        );
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/corpus");
        let mut read = 0;
        for entry in std::fs::read_dir(corpus).expect("the corpus") {
            let path = entry.expect("a corpus file").path();
            if path.extension().is_none_or(|ext| ext != "tl") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("readable");
            let found = input_conversions(&text);
            // Older layers of the API: a part of the list; other schemas: nothing.
            let telegram = path.to_string_lossy().contains("telegram-api")
                || path.to_string_lossy().contains("tdlib-telegram_api");
            if telegram {
                assert!(found.is_subset(&api), "{}: {found:?}", path.display());
                assert!(found.len() >= 14, "{}: {found:?}", path.display());
            } else {
                assert_eq!(found, set(&[]), "{}", path.display());
            }
            read += 1;
        }
        assert!(read >= 10, "{read} corpus schemas");
    }

    /// In a split schema each conversion is written in a crate that sees both of its types,
    /// with the enum where that one does.
    #[test]
    fn split_conversions_are_written_where_both_types_are_visible() {
        let text = include_str!("../../../schema/api.tl");
        let parsed = parse_schema(&[SourceFile::new("api.tl", text)]).expect("valid schema");
        let rust = RustSchema::new(&parsed.schema).expect("supported schema");
        let partition = Partition::new(&rust);
        let conversions = Conversions::new(&rust, Some(&partition));
        let defs = rust.schema.definitions.len();
        let enum_part = |name: &str| {
            let k = rust.enums.keys().position(|n| n == name).expect("an enum");
            partition.part(defs + k)
        };
        let sees = |from: usize, to: usize| from == to || split::stage(to) < split::stage(from);
        let mut placed = BTreeSet::new();
        for c in conversions.by_enum.values().flatten() {
            let at = enum_part(&c.target);
            assert!(sees(at, partition.part(c.object)), "{}", describe(&rust, c));
            placed.insert(describe(&rust, c));
        }
        for (&object, list) in &conversions.by_object {
            for c in list {
                assert_eq!(c.object, object);
                let at = partition.part(object);
                assert!(sees(at, enum_part(&c.target)), "{}", describe(&rust, c));
                assert!(!sees(enum_part(&c.target), at), "{}", describe(&rust, c));
                placed.insert(describe(&rust, c));
            }
        }
        // Those dropped have their types in the two crates of one stage, which cannot see
        // each other (and a third crate may not implement a trait for two foreign types).
        let all = input_conversions(text);
        for dropped in all.difference(&placed) {
            let c = conversions_named(&rust, dropped);
            let (a, b) = (enum_part(&c.target), partition.part(c.object));
            assert!(a != b && split::stage(a) == split::stage(b), "{dropped}");
        }
        for required in [
            "TryFrom<&user> for InputPeer (inputPeerUser)",
            "TryFrom<&user> for InputUser (inputUser)",
            "TryFrom<&channel> for InputPeer (inputPeerChannel)",
            "TryFrom<&channel> for InputChannel (inputChannel)",
            "From<&chat> for InputPeer (inputPeerChat)",
        ] {
            assert!(placed.contains(required), "{required}: {placed:?}");
        }
    }

    /// The unsplit conversion described as `line` ([`describe`]).
    fn conversions_named(rust: &RustSchema<'_>, line: &str) -> InputConversion {
        Conversions::new(rust, None)
            .by_enum
            .into_values()
            .flatten()
            .find(|c| describe(rust, c) == line)
            .expect("described")
    }

    const MESSAGES: &str = "\
        peerUser#59511722 user_id:long = Peer;\n\
        peerChat#36c6019a chat_id:long = Peer;\n\
        messageEmpty#90a6ca84 flags:# out:flags.1?true id:int peer_id:flags.0?Peer hash:long \
            type:string from_id:flags.2?Peer text:flags.3?string ids:Vector<long> \
            data:bytes = Message;\n\
        message#7600b9d3 flags:# out:flags.1?true id:int peer_id:flags.0?Peer hash:long \
            type:string from_id:flags.2?Peer text:flags.3?string ids:Vector<long> \
            data:bytes views:int = Message;\n\
        messageService#7a800e0a flags:# out:flags.1?true id:long peer_id:flags.0?Peer \
            hash:long type:string from_id:flags.2?Peer text:flags.3?string ids:Vector<long> \
            data:bytes views:flags.4?int silent:flags.4?true = Message;\n\
        single#11111111 x:int = Single;\n\
        big#22222222 a:int b:int c:int d:int e:int f:int g:int h:int i:int = Many;\n\
        small#33333333 a:int = Many;\n";

    /// `TryFrom` into each constructor: one `match`, the box undone, and the irrefutable
    /// `let` of an enum of one constructor.
    #[test]
    fn enums_convert_into_each_constructor() {
        let code = flat(&generate(&mut Config::new(), MESSAGES));
        for expected in [
            "impl ::core::convert::TryFrom<Message> for super::types::MessageService { \
             type Error = __rt::WrongConstructor<Message>; #[inline] fn try_from(value: \
             Message) -> ::core::result::Result<Self, Self::Error> { match value { \
             Message::MessageService(value) => ::core::result::Result::Ok(*value), value => { \
             ::core::result::Result::Err( __rt::WrongConstructor::new( \"messageService\", \
             value.tl_name(), value, ), ) } } } }",
            // Unboxed.
            "Many::Small(value) => ::core::result::Result::Ok(value),",
            "Many::Big(value) => ::core::result::Result::Ok(*value),",
            "fn try_from(value: Single) -> ::core::result::Result<Self, Self::Error> { let \
             Single::Single(value) = value; ::core::result::Result::Ok(value) }",
            "fn tl_name(&self) -> &'static str { match self { Self::MessageEmpty(_) => \
             \"messageEmpty\", Self::Message(_) => \"message\", Self::MessageService(_) => \
             \"messageService\", } }",
        ] {
            assert!(code.contains(expected), "{expected}");
        }
        // An enum of one constructor has no name to tell apart, and no accessors.
        // (`Many`, `Message`, `Peer`.)
        assert_eq!(code.matches("fn tl_name(&self)").count(), 3);
        assert_eq!(code.matches("TryFrom<Message> for").count(), 3);
    }

    /// The accessors: by value for `Copy` types, lent otherwise, `Option` as `Option`; only
    /// for what every constructor has with one type, under a name that shadows no trait's
    /// method.
    #[test]
    fn enums_have_accessors_for_the_fields_all_their_constructors_share() {
        let code = flat(&generate(&mut Config::new(), MESSAGES));
        for expected in [
            "/// `out` of every constructor of `Message`. #[inline] pub fn out(&self) -> bool { \
             match self { Self::MessageEmpty(value) => value.out, Self::Message(value) => \
             value.out, Self::MessageService(value) => value.out, } }",
            "pub fn peer_id(&self) -> ::core::option::Option<&super::enums::Peer> { match self \
             { Self::MessageEmpty(value) => value.peer_id.as_ref(),",
            "pub fn r#type(&self) -> &str { match self { Self::MessageEmpty(value) => \
             value.r#type.as_str(),",
            "#[allow(clippy::wrong_self_convention)] #[inline] pub fn from_id(&self) -> \
             ::core::option::Option<&super::enums::Peer> {",
            "pub fn text(&self) -> ::core::option::Option<&str> { match self { \
             Self::MessageEmpty(value) => value.text.as_deref(),",
            "pub fn ids(&self) -> &[i64] { match self { Self::MessageEmpty(value) => \
             value.ids.as_slice(),",
            "pub fn data(&self) -> &[u8] {",
            "pub fn a(&self) -> i32 { match self { Self::Big(value) => value.a, \
             Self::Small(value) => value.a, } }",
        ] {
            assert!(code.contains(expected), "{expected}");
        }
        // `id` is an `int` in two constructors and a `long` in the third; `views` is behind a
        // flag in one (and a group there), absent in another; `hash` would shadow `Hash`'s.
        for absent in [
            "pub fn id(",
            "pub fn views(",
            "pub fn hash(",
            "pub fn silent(",
            "pub fn b(",
        ] {
            assert!(!code.contains(absent), "{absent}");
        }
    }

    /// The input conversions as written: `From` and `TryFrom` by the rule the docs state.
    #[test]
    fn input_conversions_are_written_with_the_rule() {
        let text = "\
            userEmpty#d3bc4b7a id:long = User;\n\
            user#b1b8cc83 flags:# id:long access_hash:flags.0?long = User;\n\
            chat#41cbf256 id:long title:string = Chat;\n\
            inputPeerEmpty#7f3b18ea = InputPeer;\n\
            inputPeerChat#35a95cb9 chat_id:long = InputPeer;\n\
            inputPeerUser#dde8a54c user_id:long access_hash:long = InputPeer;\n";
        let code = flat(&generate(&mut Config::new(), text));
        for expected in [
            "/// `inputPeerChat` from a `chat`'s `id`. /// /// Generated for each input \
             constructor",
            "impl ::core::convert::From<&super::types::Chat> for InputPeer { #[inline] fn \
             from(value: &super::types::Chat) -> Self { \
             InputPeer::InputPeerChat(super::types::InputPeerChat::new(value.id)) } }",
            "/// `inputPeerUser` from a `user`'s `id` and `access_hash`; \
             [`MissingField`](__rt::MissingField) when it has no `access_hash`.",
            "impl ::core::convert::TryFrom<&super::types::User> for InputPeer { type Error = \
             __rt::MissingField; #[inline] fn try_from( value: &super::types::User, ) -> \
             ::core::result::Result<Self, Self::Error> { match value.access_hash { \
             ::core::option::Option::Some(access_hash) => { ::core::result::Result::Ok( \
             InputPeer::InputPeerUser( super::types::InputPeerUser::new(value.id, \
             access_hash), ), ) } ::core::option::Option::None => { \
             ::core::result::Result::Err( __rt::MissingField::new(\"user\", \"access_hash\"), \
             ) } } } }",
        ] {
            assert!(code.contains(expected), "{expected}");
        }
        assert!(flat(INPUT_RULE).len() > 100);
        assert!(code.contains(&flat(INPUT_RULE)), "{code}");
    }

    /// Under namespace features an input conversion is compiled where both its types are.
    #[test]
    fn input_conversions_are_gated_by_both_types() {
        let text = "\
            users.user#11111111 id:long access_hash:long = users.User;\n\
            users.inputUser#22222222 user_id:long access_hash:long = users.InputUser;\n\
            ---functions---\n\
            users.get#33333333 id:users.InputUser = Bool;\n\
            contacts.get#44444444 = users.User;\n";
        let code = flat(&generate(Config::new().namespace_features(true), text));
        assert!(
            code.contains(
                "#[cfg(feature = \"users\")] #[cfg(any(feature = \"contacts\", feature = \"users\"))] \
                 impl \
                 ::core::convert::From<&super::super::types::users::User> for InputUser {"
            ),
            "{code}"
        );
    }

    /// None of this in TDLib's JSON mode, whose enums have an `Unknown` variant.
    #[test]
    fn json_mode_has_none_of_them() {
        let text = "\
            int53 = Int53;\n\
            int64 = Int64;\n\
            user id:int53 access_hash:int64 = User;\n\
            userEmpty id:int53 = User;\n\
            inputUser user_id:int53 access_hash:int64 = InputUser;\n\
            ok = Ok;\n";
        let code = generate(Config::new().json(Json::Tdlib), text);
        for absent in ["WrongConstructor", "TryFrom", "MissingField", "fn id("] {
            assert!(!code.contains(absent), "{absent}");
        }
    }
}
