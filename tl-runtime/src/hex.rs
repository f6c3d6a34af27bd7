//! `Debug` of fixed-size byte arrays (`int128`, `int256`, any `NAME N*[ int ]`) as one hex
//! number instead of a list of decimal bytes: a nonce or a TON hash reads `0x3f8a…` on one
//! line, not 32 lines of `{:#?}`. Generated types write such fields through [`Hex`]; their
//! values stay plain `[u8; N]`.

use core::fmt;

/// A value whose `Debug` shows its byte arrays in hex: `[u8; N]` (and `[u8]`), and options and
/// vectors of them (`flags.0?int256`, `vector int256`).
pub trait HexDebug {
    /// Writes the value's `Debug` with its byte arrays in hex.
    fn fmt_hex(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl HexDebug for [u8] {
    fn fmt_hex(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Wire order, as `to_bytes` writes it: the first byte is written first.
        f.write_str("0x")?;
        for byte in self {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

impl<const N: usize> HexDebug for [u8; N] {
    fn fmt_hex(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_slice().fmt_hex(f)
    }
}

impl<T: HexDebug> HexDebug for Option<T> {
    fn fmt_hex(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Some(value) => f.debug_tuple("Some").field(&Hex(value)).finish(),
            None => f.write_str("None"),
        }
    }
}

impl<T: HexDebug> HexDebug for Vec<T> {
    fn fmt_hex(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter().map(Hex)).finish()
    }
}

/// `Debug` through [`HexDebug`]: `format!("{:?}", Hex(&[0xab_u8, 1]))` is `0xab01`.
///
/// ```
/// use tlforge_runtime::Hex;
///
/// let nonce: [u8; 4] = [0x3f, 0x8a, 0x00, 0x01];
/// assert_eq!(format!("{:?}", Hex(&nonce)), "0x3f8a0001");
/// assert_eq!(format!("{:?}", Hex(&Some(nonce))), "Some(0x3f8a0001)");
/// assert_eq!(format!("{:?}", Hex(&vec![nonce, [0; 4]])), "[0x3f8a0001, 0x00000000]");
/// assert_eq!(format!("{:?}", Hex(&nonce[..2])), "0x3f8a");
/// ```
#[derive(Clone, Copy)]
pub struct Hex<'a, T: ?Sized>(pub &'a T);

impl<T: HexDebug + ?Sized> fmt::Debug for Hex<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_hex(f)
    }
}
