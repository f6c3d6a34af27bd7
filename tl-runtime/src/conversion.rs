//! The errors of the conversions generated between types (`TryFrom`): a boxed type's enum
//! into one of its constructors, and an object into the input constructor that refers to it.

use core::fmt;

/// A value of a boxed type that is not the constructor a conversion asked for: what
/// `TryFrom<enums::User> for types::User` returns for a `userEmpty`. It holds the value, so
/// that nothing is lost ([`into_inner`](Self::into_inner)).
///
/// ```
/// use tlforge_runtime::WrongConstructor;
///
/// let error = WrongConstructor::new("user", "userEmpty", 7_i64);
/// assert_eq!(error.to_string(), "expected `user`, got `userEmpty`");
/// assert_eq!((error.expected(), error.found()), ("user", "userEmpty"));
/// assert_eq!(error.into_inner(), 7);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WrongConstructor<T> {
    value: T,
    expected: &'static str,
    found: &'static str,
}

impl<T> WrongConstructor<T> {
    /// The error for `value`, built with the constructor `found` where `expected` was asked
    /// for (TL names). Generated code makes these; the names come first so that `found` can
    /// be read from the value before the value moves in.
    #[inline]
    pub fn new(expected: &'static str, found: &'static str, value: T) -> Self {
        WrongConstructor {
            value,
            expected,
            found,
        }
    }

    /// The TL name of the constructor the conversion asked for: `"user"`.
    #[must_use]
    pub fn expected(&self) -> &'static str {
        self.expected
    }

    /// The TL name of the value's constructor: `"userEmpty"`.
    #[must_use]
    pub fn found(&self) -> &'static str {
        self.found
    }

    /// The value, by reference.
    #[must_use]
    pub fn get_ref(&self) -> &T {
        &self.value
    }

    /// The value, unchanged.
    #[must_use]
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T> fmt::Display for WrongConstructor<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "expected `{}`, got `{}`", self.expected, self.found)
    }
}

impl<T: fmt::Debug> std::error::Error for WrongConstructor<T> {}

/// A conversion needed a field that the value does not have: an input constructor made from
/// an object whose `access_hash` is behind a flag and absent (`TryFrom<&types::User> for
/// enums::InputPeer` of a `user` sent without it, as `min` users are).
///
/// ```
/// use tlforge_runtime::MissingField;
///
/// let error = MissingField::new("user", "access_hash");
/// assert_eq!(error.to_string(), "`user` has no `access_hash`");
/// assert_eq!((error.constructor(), error.field()), ("user", "access_hash"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MissingField {
    constructor: &'static str,
    field: &'static str,
}

impl MissingField {
    /// The error for the constructor `constructor` (TL name) without its field `field`.
    #[inline]
    pub const fn new(constructor: &'static str, field: &'static str) -> Self {
        MissingField { constructor, field }
    }

    /// The TL name of the value's constructor: `"user"`.
    #[must_use]
    pub fn constructor(&self) -> &'static str {
        self.constructor
    }

    /// The TL name of the missing field: `"access_hash"`.
    #[must_use]
    pub fn field(&self) -> &'static str {
        self.field
    }
}

impl fmt::Display for MissingField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` has no `{}`", self.constructor, self.field)
    }
}

impl std::error::Error for MissingField {}
