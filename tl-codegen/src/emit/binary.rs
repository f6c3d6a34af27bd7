//! TL's binary codec of each item: `BareSerializable` and `BareDeserializable` of a struct
//! (flags words, optional fields and shared-bit groups, MTProto's sized objects) and the binary
//! `RemoteCall` of a function, `POSSIBLE_ERRORS` and `BotCallable`. TDLib's JSON codec, its
//! alternative, is `json.rs`.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use tlforge_parser::Definition;

use super::{Emitter, Generics, hex_literal, ident, int, moved, tuple, type_tokens};
use crate::naming;
use crate::rust_model::{FieldKind, FieldPlan, RustType, Step};

impl Emitter<'_, '_> {
    pub(super) fn serialize(
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

    pub(super) fn deserialize(
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

    pub(super) fn remote_call(
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
}

/// The complement of `known`, the bits of a flags word no field names, as a hex literal.
pub(super) fn unknown_mask(known: u32) -> Literal {
    let mask = !known;
    hex_literal(format!("{mask:#x}"), mask)
}

pub(super) fn mask(bit: u32) -> Literal {
    let mask = 1u32 << bit;
    hex_literal(format!("{mask:#x}"), mask)
}

/// `flags_N`: the flags word read from parameter N.
pub(super) fn flags_local(param: usize) -> Ident {
    Ident::new(&format!("flags_{param}"), Span::call_site())
}

/// `member_N`: a group member read from parameter N.
pub(super) fn member_local(param: usize) -> Ident {
    Ident::new(&format!("member_{param}"), Span::call_site())
}

/// `let name = reader.read_if((flags_N & mask) != 0)?;`, or an `if` where the type has no
/// `Deserializable` impl of its own.
pub(super) fn read_optional(name: &Ident, flags: usize, bit: u32, ty: &RustType) -> TokenStream {
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
pub(super) fn serialize_vector(boxed: bool) -> TokenStream {
    if boxed {
        quote!(__rt::serialize_vector)
    } else {
        quote!(__rt::serialize_bare_vector)
    }
}

/// `__rt::deserialize_vector` or `__rt::deserialize_bare_vector`.
pub(super) fn deserialize_vector(boxed: bool) -> TokenStream {
    if boxed {
        quote!(__rt::deserialize_vector)
    } else {
        quote!(__rt::deserialize_bare_vector)
    }
}

/// The trait method writing a `T` that needs no helper.
pub(super) fn write_method(ty: &RustType) -> TokenStream {
    if ty.has_trait_impl() {
        quote!(__rt::Serializable::serialize)
    } else {
        quote!(__rt::BareSerializable::serialize_bare)
    }
}

/// Whether `reader.read()` (`Reader::read`, `Deserializable`) reads a `T`: it has the trait
/// and is not an `Object` without a length field (the rest of its enclosing value).
pub(super) fn read_by_reader(ty: &RustType) -> bool {
    ty.has_trait_impl() && *ty != RustType::Object
}

/// The trait method reading a `T` that needs no helper.
pub(super) fn read_method(ty: &RustType) -> TokenStream {
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
pub(super) fn write_value(
    ty: &RustType,
    receiver: &TokenStream,
    reference: &TokenStream,
) -> TokenStream {
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
pub(super) fn write_fn(ty: &RustType) -> TokenStream {
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
pub(super) fn read_value(ty: &RustType) -> TokenStream {
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
pub(super) fn read_fn(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Vector { boxed, item } if !ty.has_trait_impl() => {
            let helper = deserialize_vector(*boxed);
            let read = read_fn(item);
            quote!(|reader: &mut __rt::Reader<'_>| #helper(reader, #read))
        }
        _ => read_method(ty),
    }
}
