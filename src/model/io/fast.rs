//! The fast reader: a hand-written serde `Deserializer` for the part of RON that the
//! canonical writer produces and curators write — structs with or without their name,
//! enums (unit, tuple and struct variants), strings (escapes, line continuations, raw
//! strings), plain decimal numbers, booleans, `Some(…)`/`None` and implicit `Some`, lists,
//! tuples, `//` comments, trailing commas and ASCII whitespace.
//!
//! It follows `ron`'s grammar step by step (where `ron` skips whitespace, it does; where
//! `ron` reads a name, it does), so on the subset it accepts it gives the value `ron`
//! gives. Anything outside the subset — block comments, `\x` escapes, hexadecimal or
//! suffixed numbers, `inf`, raw identifiers, non-ASCII whitespace or identifiers, unknown
//! fields (which `ron` would skip), maps — is an error, and so is every error `ron`
//! would report. Its errors carry no message: the caller ([`super::element`]) then reads
//! the element again with `ron`, whose diagnostics are the ones shown. So this reader
//! only has to be right when it succeeds; the equality tests (`tests/fast_parse.rs`)
//! check that it then agrees with `ron`.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess,
    Visitor,
};

/// The fast reader could not read this element: outside its subset, or not valid. It
/// says nothing more; `ron` says what is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not read by the fast reader; read it with ron")
    }
}

impl std::error::Error for Unsupported {}

impl de::Error for Unsupported {
    fn custom<T: std::fmt::Display>(_msg: T) -> Self {
        Unsupported
    }
}

type Result<T> = std::result::Result<T, Unsupported>;

/// Reads one value of `T` from `text` (the whole of it, whitespace and comments around
/// it allowed), or fails with [`Unsupported`].
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T> {
    let mut reader = Reader {
        src: text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    reader.skip_ws();
    let value = T::deserialize(&mut reader)?;
    reader.skip_ws();
    if reader.pos == reader.bytes.len() {
        Ok(value)
    } else {
        Err(Unsupported)
    }
}

struct Reader<'de> {
    src: &'de str,
    bytes: &'de [u8],
    pos: usize,
}

const fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl<'de> Reader<'de> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips ASCII whitespace and `//` comments. Stops at anything else — a block
    /// comment, a non-ASCII space — which the next token then fails on.
    fn skip_ws(&mut self) {
        loop {
            while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
                self.pos += 1;
            }
            if self.bytes.get(self.pos..self.pos + 2) == Some(b"//".as_slice()) {
                let rest = self.bytes.get(self.pos..).unwrap_or_default();
                self.pos += memchr::memchr(b'\n', rest).unwrap_or(rest.len());
                continue;
            }
            return;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(Unsupported)
        }
    }

    /// `ron`'s `comma`: whitespace, an optional `,`, whitespace.
    fn comma(&mut self) -> bool {
        self.skip_ws();
        if self.eat(b',') {
            self.skip_ws();
            true
        } else {
            false
        }
    }

    /// Whether an identifier can end before `at`: the end, or an ASCII byte that is not
    /// part of one. A non-ASCII byte could continue an identifier (for `ron`): unsure.
    fn ident_ends_at(&self, at: usize) -> Result<bool> {
        match self.bytes.get(at) {
            None => Ok(true),
            Some(&b) if b >= 0x80 => Err(Unsupported),
            Some(&b) => Ok(!is_ident_byte(b)),
        }
    }

    /// Consumes the keyword `word` if it is there as a whole identifier.
    fn consume_ident(&mut self, word: &str) -> Result<bool> {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) == Some(word.as_bytes()) && self.ident_ends_at(end)? {
            self.pos = end;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// An ASCII identifier. Refused where `ron` reads something else or complains: a
    /// raw identifier (`r#…`), a string prefix (`r"`, `b"`, `br#`), a name followed by
    /// `.`, `+` or `-` (which `ron` reads as a raw identifier's), a non-ASCII letter.
    fn ident(&mut self) -> Result<&'de str> {
        let start = self.pos;
        match self.peek() {
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {}
            _ => return Err(Unsupported),
        }
        while self.peek().is_some_and(is_ident_byte) {
            self.pos += 1;
        }
        match self.peek() {
            Some(b) if b >= 0x80 => return Err(Unsupported),
            Some(b'.' | b'+' | b'-' | b'#' | b'"' | b'\'') => return Err(Unsupported),
            _ => {}
        }
        self.src.get(start..self.pos).ok_or(Unsupported)
    }

    /// After a number: the end, whitespace or a closing bracket or comma. Anything else
    /// (a suffix, an exponent of another form, `..`) is left to `ron`.
    fn number_ends_here(&self) -> bool {
        matches!(
            self.peek(),
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b',' | b')' | b']' | b'}')
        )
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// A plain decimal integer (`-` first if `signed`).
    fn integer(&mut self, signed: bool) -> Result<i128> {
        let negative = signed && self.eat(b'-');
        let start = self.pos;
        if self.digits() == 0 || !self.number_ends_here() {
            return Err(Unsupported);
        }
        let digits = self.src.get(start..self.pos).ok_or(Unsupported)?;
        let magnitude: u64 = digits.parse().map_err(|_| Unsupported)?;
        let value = i128::from(magnitude);
        Ok(if negative { -value } else { value })
    }

    /// The text of a plain decimal float: `-`? digits (`.` digits)? (`e` `±`? digits)?.
    fn float_text(&mut self) -> Result<&'de str> {
        let start = self.pos;
        self.eat(b'-');
        if self.digits() == 0 {
            return Err(Unsupported);
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(Unsupported);
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'-') {
                self.eat(b'+');
            }
            if self.digits() == 0 {
                return Err(Unsupported);
            }
        }
        if !self.number_ends_here() {
            return Err(Unsupported);
        }
        self.src.get(start..self.pos).ok_or(Unsupported)
    }

    /// A string: `"…"` with `ron`'s escapes (`\x` left to `ron`), or a raw string.
    fn string(&mut self) -> Result<std::borrow::Cow<'de, str>> {
        if self.eat(b'"') {
            let start = self.pos;
            let rest = self.bytes.get(start..).unwrap_or_default();
            let stop = memchr::memchr2(b'"', b'\\', rest).ok_or(Unsupported)?;
            if rest.get(stop) == Some(&b'"') {
                self.pos = start + stop + 1;
                return self
                    .src
                    .get(start..start + stop)
                    .map(std::borrow::Cow::Borrowed)
                    .ok_or(Unsupported);
            }
            self.escaped(start, start + stop)
                .map(std::borrow::Cow::Owned)
        } else if self.eat(b'r') {
            let hashes = self
                .bytes
                .get(self.pos..)
                .map_or(0, |rest| rest.iter().take_while(|&&b| b == b'#').count());
            self.pos += hashes;
            self.expect(b'"')?;
            let start = self.pos;
            let mut ending = vec![b'"'];
            ending.resize(hashes + 1, b'#');
            let rest = self.bytes.get(start..).unwrap_or_default();
            let len = memchr::memmem::find(rest, &ending).ok_or(Unsupported)?;
            self.pos = start + len + ending.len();
            self.src
                .get(start..start + len)
                .map(std::borrow::Cow::Borrowed)
                .ok_or(Unsupported)
        } else {
            Err(Unsupported)
        }
    }

    /// The rest of a string from `start` whose first `\` is at `escape`.
    fn escaped(&mut self, start: usize, mut escape: usize) -> Result<String> {
        let mut out = String::from(self.src.get(start..escape).ok_or(Unsupported)?);
        loop {
            self.pos = escape + 1;
            let byte = self.peek().ok_or(Unsupported)?;
            self.pos += 1;
            match byte {
                b'\'' => out.push('\''),
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'0' => out.push('\0'),
                b'u' => out.push(self.unicode_escape()?),
                b'\n' => self.continuation(),
                b'\r' if self.eat(b'\n') => self.continuation(),
                _ => return Err(Unsupported),
            }
            let from = self.pos;
            let rest = self.bytes.get(from..).unwrap_or_default();
            let stop = memchr::memchr2(b'"', b'\\', rest).ok_or(Unsupported)?;
            out.push_str(self.src.get(from..from + stop).ok_or(Unsupported)?);
            if rest.get(stop) == Some(&b'"') {
                self.pos = from + stop + 1;
                return Ok(out);
            }
            escape = from + stop;
        }
    }

    /// A line continuation after `\` and the line end: the next line's leading blanks
    /// are skipped.
    fn continuation(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// `\u{…}`: one to six hex digits naming a character.
    fn unicode_escape(&mut self) -> Result<char> {
        self.expect(b'{')?;
        let mut code: u32 = 0;
        let mut n_digits = 0;
        while n_digits < 6 {
            let Some(b) = self.peek() else {
                return Err(Unsupported);
            };
            if b == b'}' {
                break;
            }
            let digit = char::from(b).to_digit(16).ok_or(Unsupported)?;
            code = (code << 4) | digit;
            n_digits += 1;
            self.pos += 1;
        }
        if n_digits == 0 {
            return Err(Unsupported);
        }
        self.expect(b'}')?;
        char::from_u32(code).ok_or(Unsupported)
    }

    /// A struct's fields, `(` read already: the map, then `)`.
    fn fields<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let value = visitor.visit_map(Items {
            reader: &mut *self,
            close: b')',
            had_comma: true,
        })?;
        self.skip_ws();
        self.expect(b')')?;
        Ok(value)
    }

    /// Items up to `close`, the opening bracket read already.
    fn items<V: Visitor<'de>>(&mut self, close: u8, visitor: V) -> Result<V::Value> {
        let value = visitor.visit_seq(Items {
            reader: &mut *self,
            close,
            had_comma: true,
        })?;
        self.skip_ws();
        self.expect(close)?;
        Ok(value)
    }
}

macro_rules! integers {
    ($($method:ident $visit:ident $ty:ty, $signed:expr;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
                let value = self.integer($signed)?;
                visitor.$visit(<$ty>::try_from(value).map_err(|_| Unsupported)?)
            }
        )*
    };
}

macro_rules! unsupported {
    ($($method:ident $(, $arg:ty)*;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $(_: $arg,)* _visitor: V) -> Result<V::Value> {
                Err(Unsupported)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Unsupported;

    integers! {
        deserialize_i8 visit_i8 i8, true;
        deserialize_i16 visit_i16 i16, true;
        deserialize_i32 visit_i32 i32, true;
        deserialize_i64 visit_i64 i64, true;
        deserialize_u8 visit_u8 u8, false;
        deserialize_u16 visit_u16 u16, false;
        deserialize_u32 visit_u32 u32, false;
        deserialize_u64 visit_u64 u64, false;
    }

    unsupported! {
        deserialize_any;
        deserialize_char;
        deserialize_bytes;
        deserialize_byte_buf;
        deserialize_map;
        deserialize_ignored_any;
        deserialize_unit_struct, &'static str;
        deserialize_newtype_struct, &'static str;
        deserialize_tuple_struct, &'static str, usize;
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.consume_ident("true")? {
            visitor.visit_bool(true)
        } else if self.consume_ident("false")? {
            visitor.visit_bool(false)
        } else {
            Err(Unsupported)
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let text = self.float_text()?;
        visitor.visit_f32(text.parse().map_err(|_| Unsupported)?)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let text = self.float_text()?;
        visitor.visit_f64(text.parse().map_err(|_| Unsupported)?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            std::borrow::Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            std::borrow::Cow::Owned(text) => visitor.visit_string(text),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.consume_ident("None")? {
            visitor.visit_none()
        } else if self.consume_ident("Some")? {
            self.skip_ws();
            self.expect(b'(')?;
            self.skip_ws();
            let value = visitor.visit_some(&mut *self)?;
            self.comma();
            self.expect(b')')?;
            Ok(value)
        } else {
            // `ron`'s implicit `Some` (the extension the loader enables).
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.bytes.get(self.pos..self.pos + 2) == Some(b"()".as_slice()) {
            self.pos += 2;
            visitor.visit_unit()
        } else {
            Err(Unsupported)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[')?;
        self.items(b']', visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.expect(b'(')?;
        self.items(b')', visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // `ron` reads a name if one is there, and it must be the struct's (reading it
        // consumes it).
        match self.peek() {
            Some(b) if b >= 0x80 => return Err(Unsupported),
            Some(b) if is_ident_byte(b) && self.ident()? != name => return Err(Unsupported),
            _ => {}
        }
        self.skip_ws();
        self.expect(b'(')?;
        self.fields(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(self)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.ident()?)
    }
}

/// The items of a list, tuple or struct, up to `close`.
struct Items<'a, 'de> {
    reader: &'a mut Reader<'de>,
    close: u8,
    had_comma: bool,
}

impl Items<'_, '_> {
    /// `ron`'s `has_element`: after a comma, anything but the closing bracket is an
    /// item; without one, only the closing bracket may follow.
    fn has_item(&mut self) -> Result<bool> {
        self.reader.skip_ws();
        let closes = self.reader.peek() == Some(self.close);
        match (self.had_comma, closes) {
            (true, closes) => Ok(!closes),
            (false, true) => Ok(false),
            (false, false) => Err(Unsupported),
        }
    }
}

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Unsupported;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.has_item()? {
            return Ok(None);
        }
        let value = seed.deserialize(&mut *self.reader)?;
        self.had_comma = self.reader.comma();
        Ok(Some(value))
    }
}

impl<'de> MapAccess<'de> for Items<'_, 'de> {
    type Error = Unsupported;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.has_item()? {
            return Ok(None);
        }
        let name = self.reader.ident()?;
        seed.deserialize(BorrowedStrDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.reader.skip_ws();
        self.reader.expect(b':')?;
        self.reader.skip_ws();
        let value = seed.deserialize(&mut *self.reader)?;
        self.had_comma = self.reader.comma();
        Ok(value)
    }
}

impl<'de> EnumAccess<'de> for &mut Reader<'de> {
    type Error = Unsupported;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        self.skip_ws();
        let name = self.ident()?;
        let value = seed.deserialize(BorrowedStrDeserializer::new(name))?;
        Ok((value, self))
    }
}

impl<'de> VariantAccess<'de> for &mut Reader<'de> {
    type Error = Unsupported;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.skip_ws();
        self.expect(b'(')?;
        self.skip_ws();
        let value = seed.deserialize(&mut *self)?;
        self.comma();
        self.expect(b')')?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        self.skip_ws();
        de::Deserializer::deserialize_tuple(self, len, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.skip_ws();
        self.expect(b'(')?;
        self.fields(visitor)
    }
}
