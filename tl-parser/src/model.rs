//! The validated schema model: what code generators and tools read.
//!
//! Everything here is plain data. It knows TL facts (boxed/bare, flags,
//! type parameters, ids) and nothing about Rust.

use std::collections::BTreeMap;
use std::fmt;

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

/// Where a definition or parameter comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Location {
    /// Index into [`Schema::files`].
    pub file: usize,
    /// Byte span in that file.
    pub span: Span,
    /// 1-based line of `span.start`.
    pub line: u32,
    /// 1-based column (in characters) of `span.start`.
    pub column: u32,
}

/// A validated schema, read from one or more files.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Schema {
    /// Names of the files read, in the order given.
    pub files: Vec<String>,
    /// The `// LAYER N` marker, if any file has one.
    pub layer: Option<u32>,
    /// Every declaration, in file order (files in the order given), builtin lines included.
    pub definitions: Vec<Definition>,
    /// Documentation of boxed types (TDLib's `//@class Name @description ...`), by type name.
    pub type_docs: BTreeMap<String, String>,
}

/// Whether a declaration is a constructor (types section) or a function (functions section).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// A constructor: declared in a `---types---` section (the default at the start of a file).
    Constructor,
    /// Declared in a `---functions---` section.
    Function,
}

impl Category {
    /// The old name of [`Category::Constructor`] (it never meant a type).
    #[deprecated(note = "renamed to Category::Constructor")]
    #[allow(non_upper_case_globals)]
    pub const Type: Category = Category::Constructor;

    /// `"constructor"` or `"function"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Constructor => "constructor",
            Category::Function => "function",
        }
    }
}

/// A possibly namespaced identifier: `auth.cancelCode`, `adnl.message.query`, `User`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Name {
    /// Namespace segments, outermost first (`["adnl", "message"]`); empty when none.
    pub namespace: Vec<String>,
    /// The last segment (`query`).
    pub name: String,
}

impl Name {
    /// Splits `a.b.c` at the dots.
    pub fn parse(full: &str) -> Name {
        let mut parts: Vec<String> = full.split('.').map(str::to_owned).collect();
        let name = parts.pop().unwrap_or_default();
        Name {
            namespace: parts,
            name,
        }
    }

    /// True when the last segment starts with an uppercase letter (a boxed type name).
    pub fn is_uppercase(&self) -> bool {
        self.name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_uppercase())
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for ns in &self.namespace {
            f.write_str(ns)?;
            f.write_str(".")?;
        }
        f.write_str(&self.name)
    }
}

/// One declaration (`name#id params = Result;`).
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    /// The combinator's name.
    pub name: Name,
    /// The id written in the file, if any.
    pub explicit_id: Option<u32>,
    /// The id to use: the explicit one, or the one computed by the canonical rule.
    pub id: u32,
    /// Constructor or function.
    pub category: Category,
    /// `{X:Type}` / `{n:#}` optional arguments, in order.
    pub type_params: Vec<TypeParam>,
    /// The arguments, in order (flags fields included).
    pub params: Vec<Parameter>,
    /// The result type (`Bool`, `Vector<User>`, `X`).
    pub result: Type,
    /// A builtin or pseudo line (`int ? = Int;`, `vector … = Vector t;`, `int128 4*[ int ] = Int128;`,
    /// `bytes = Bytes;`, `true = True;`, …): it describes a primitive, generators emit nothing for it.
    pub builtin: bool,
    /// Written with the builtin `?` (`int ? = Int;`); printed and hashed as `int ? = Int`.
    pub builtin_mark: bool,
    /// Documentation from TDLib-style `//@description` annotations.
    pub doc: Doc,
    /// The declaration's text as written (without the final `;`, comments removed, whitespace
    /// collapsed to single spaces).
    pub text: String,
    /// Where it was declared.
    pub location: Location,
}

impl Definition {
    /// The repetition a builtin line declares: `int128 4*[ int ] = Int128;` is `(4, int)`,
    /// TDLib's `int512 16*[ int ] = Int512;` is `(16, int)`. `None` for every other line
    /// (`vector {t:Type} # [ t ] = Vector t;` takes its count from the data).
    pub fn repetition(&self) -> Option<(u32, &Type)> {
        match self.params.as_slice() {
            [
                Parameter {
                    kind:
                        ParameterKind::Repeated {
                            multiplicity: Some(count),
                            ty,
                        },
                    ..
                },
            ] if self.builtin && self.type_params.is_empty() => Some((*count, ty)),
            _ => None,
        }
    }
}

/// TDLib-style documentation attached to a declaration.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Doc {
    /// `//@description …`.
    pub description: Option<String>,
    /// `//@param_name …` per parameter name (`@param_description` documents a parameter named `description`).
    pub params: BTreeMap<String, String>,
}

/// `{X:Type}` or `{n:#}`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeParam {
    /// The variable's name (`X`).
    pub name: String,
    /// `Type` or `#`.
    pub kind: TypeParamKind,
    /// Where it is written.
    pub location: Location,
}

/// What an optional argument ranges over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeParamKind {
    /// `{X:Type}`
    Type,
    /// `{n:#}`
    Nat,
}

/// One argument of a declaration.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// The argument's name (`phone_number`, `flags`); builtin lines may have unnamed ones (empty).
    pub name: String,
    /// What kind of argument it is.
    pub kind: ParameterKind,
    /// Where it is written.
    pub location: Location,
}

/// The shapes an argument can take.
#[derive(Debug, Clone, PartialEq)]
pub enum ParameterKind {
    /// `name:#`: a natural number. When later fields refer to it (`name.N?T`), it is a flags word.
    Nat,
    /// `name:T` or `name:F.N?T`.
    Value {
        /// The type.
        ty: Type,
        /// The condition, for `name:F.N?T`.
        flag: Option<Flag>,
    },
    /// Forms used only in builtin lines: `# [ t ]`, `4*[ int ]`, `[ t ]`.
    Repeated {
        /// `4` in `4*[ int ]`; `None` when the count comes from a preceding `#`.
        multiplicity: Option<u32>,
        /// The element type.
        ty: Type,
    },
}

/// The condition of a conditional field: bit `bit` of the `#` field `field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// Name of the `#` field (`flags`, `flags2`, `mode`).
    pub field: String,
    /// Index of that field in [`Definition::params`].
    pub field_index: usize,
    /// The bit number, 0..=31.
    pub bit: u32,
}

/// A type expression: `int`, `%Message`, `Vector<User>`, `vector<vector<T>>`, `!X`, `auth.SentCode`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Type {
    /// The type's name (`Vector`, `int`, `InputUser`, `X`).
    pub name: Name,
    /// Written with `%` (bare form of a boxed type).
    pub percent: bool,
    /// Written with `!` (`!X`: any function whose result is `X`).
    pub bang: bool,
    /// Refers to a `{X:Type}` parameter of its declaration.
    pub type_param: bool,
    /// The argument of a generic type (`User` in `Vector<User>`), if any.
    pub generic_arg: Option<Box<Type>>,
}

impl Type {
    /// A plain type with the given (possibly dotted) name.
    pub fn named(full: &str) -> Type {
        Type {
            name: Name::parse(full),
            percent: false,
            bang: false,
            type_param: false,
            generic_arg: None,
        }
    }

    /// True when values of this type are written without a constructor id:
    /// written with `%`, or named in lowercase (`int`, `string`, `vector`, `future_salt`).
    pub fn is_bare(&self) -> bool {
        self.percent || !self.name.is_uppercase()
    }
}

impl fmt::Display for Type {
    /// Prints the type as TL writes it: `Vector<User>`, `%Message`, `!X`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.bang {
            f.write_str("!")?;
        }
        if self.percent {
            f.write_str("%")?;
        }
        write!(f, "{}", self.name)?;
        if let Some(arg) = &self.generic_arg {
            write!(f, "<{arg}>")?;
        }
        Ok(())
    }
}

impl Schema {
    /// The definitions that are not builtin lines.
    pub fn user_definitions(&self) -> impl Iterator<Item = &Definition> {
        self.definitions.iter().filter(|d| !d.builtin)
    }
}
