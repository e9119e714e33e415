//! The reopen cache's encoding: a compact binary serde format. Integers are LEB128
//! (signed ones zigzagged), strings length-prefixed, enums their variant's index, and
//! structs a list of `name, value` pairs ended by an empty name — so fields that the
//! model skips when empty (`skip_serializing_if`) are simply absent, as in RON, and read
//! back as their defaults. A positional format (bincode, postcard) cannot skip fields.
//!
//! Decoding trusts nothing: every length is checked against the bytes left, every
//! string is checked UTF-8, and any surprise is an error (the cache is then ignored).

use serde::de::value::{BorrowedStrDeserializer, U32Deserializer};
use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde::ser::{self, Serialize};

/// Why encoding or decoding failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecError(pub String);

impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CodecError {}

impl ser::Error for CodecError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        CodecError(msg.to_string())
    }
}

impl de::Error for CodecError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        CodecError(msg.to_string())
    }
}

type Result<T> = std::result::Result<T, CodecError>;

fn err<T>(what: &str) -> Result<T> {
    Err(CodecError(what.to_owned()))
}

/// Appends the encoding of `value` to `out`.
pub fn encode_into<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) -> Result<()> {
    value.serialize(&mut Encoder { out })
}

/// Decodes one `T` from the whole of `bytes`.
pub fn decode<'de, T: de::Deserialize<'de>>(bytes: &'de [u8]) -> Result<T> {
    let mut decoder = Decoder { bytes, pos: 0 };
    let value = T::deserialize(&mut decoder)?;
    if decoder.pos == bytes.len() {
        Ok(value)
    } else {
        err("bytes left after the value")
    }
}

struct Encoder<'a> {
    out: &'a mut Vec<u8>,
}

impl Encoder<'_> {
    fn uint(&mut self, mut value: u64) {
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.out.push(byte);
                return;
            }
            self.out.push(byte | 0x80);
        }
    }

    fn int(&mut self, value: i64) {
        self.uint(((value << 1) ^ (value >> 63)) as u64);
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.uint(bytes.len() as u64);
        self.out.extend_from_slice(bytes);
    }
}

impl ser::Serializer for &mut Encoder<'_> {
    type Ok = ();
    type Error = CodecError;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out.push(u8::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.int(v.into());
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.int(v.into());
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.int(v.into());
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<()> {
        self.int(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.uint(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.uint(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.uint(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        self.uint(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result<()> {
        self.out.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> Result<()> {
        self.out.extend_from_slice(&v.to_bits().to_le_bytes());
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.bytes(v.encode_utf8(&mut [0; 4]).as_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<()> {
        self.bytes(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        self.bytes(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<()> {
        self.out.push(0);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        self.out.push(1);
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        index: u32,
        _v: &'static str,
    ) -> Result<()> {
        self.uint(index.into());
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.uint(index.into());
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self> {
        let Some(len) = len else {
            return err("a sequence of unknown length");
        };
        self.uint(len as u64);
        Ok(self)
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self> {
        self.uint(index.into());
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self> {
        let Some(len) = len else {
            return err("a map of unknown length");
        };
        self.uint(len as u64);
        Ok(self)
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self> {
        self.uint(index.into());
        Ok(self)
    }
}

impl ser::SerializeSeq for &mut Encoder<'_> {
    type Ok = ();
    type Error = CodecError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<()> {
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Encoder<'_> {
    type Ok = ();
    type Error = CodecError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<()> {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for &mut Encoder<'_> {
    type Ok = ();
    type Error = CodecError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<()> {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for &mut Encoder<'_> {
    type Ok = ();
    type Error = CodecError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<()> {
        Ok(())
    }
}

impl ser::SerializeMap for &mut Encoder<'_> {
    type Ok = ();
    type Error = CodecError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<()> {
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Encoder<'_> {
    type Ok = ();
    type Error = CodecError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        if key.is_empty() {
            return err("a field without a name");
        }
        self.bytes(key.as_bytes());
        value.serialize(&mut **self)
    }
    fn end(self) -> Result<()> {
        self.uint(0);
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Encoder<'_> {
    type Ok = ();
    type Error = CodecError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }
    fn end(self) -> Result<()> {
        self.uint(0);
        Ok(())
    }
}

/// The error of reading past the end, made only when it happens (this is on the path of
/// every byte read: an eager `ok_or` allocated and freed its message each time).
#[cold]
fn cut_short() -> CodecError {
    CodecError("cut short".to_owned())
}

struct Decoder<'de> {
    bytes: &'de [u8],
    pos: usize,
}

impl<'de> Decoder<'de> {
    fn byte(&mut self) -> Result<u8> {
        let byte = *self.bytes.get(self.pos).ok_or_else(cut_short)?;
        self.pos += 1;
        Ok(byte)
    }

    fn uint(&mut self) -> Result<u64> {
        // Most numbers (lengths, variants, small counts) fit in one byte.
        if let Some(&byte) = self.bytes.get(self.pos)
            && byte < 0x80
        {
            self.pos += 1;
            return Ok(u64::from(byte));
        }
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        err("an overlong number")
    }

    fn int(&mut self) -> Result<i64> {
        let raw = self.uint()?;
        Ok(((raw >> 1) as i64) ^ -((raw & 1) as i64))
    }

    fn len(&mut self) -> Result<usize> {
        let len = usize::try_from(self.uint()?).map_err(|_| CodecError("a length".to_owned()))?;
        // Every item takes at least one byte... except units; a length beyond the bytes
        // left is a corrupt file either way for the model's types.
        if len > self.bytes.len() - self.pos {
            return err("a length beyond the end");
        }
        Ok(len)
    }

    fn slice(&mut self) -> Result<&'de [u8]> {
        let len = self.len()?;
        let bytes = self
            .bytes
            .get(self.pos..self.pos + len)
            .ok_or_else(cut_short)?;
        self.pos += len;
        Ok(bytes)
    }

    fn str(&mut self) -> Result<&'de str> {
        std::str::from_utf8(self.slice()?).map_err(|_| CodecError("not UTF-8".to_owned()))
    }

    fn fixed<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut out = [0u8; N];
        out.copy_from_slice(
            self.bytes
                .get(self.pos..self.pos + N)
                .ok_or_else(cut_short)?,
        );
        self.pos += N;
        Ok(out)
    }
}

macro_rules! decode_ints {
    ($($method:ident $visit:ident $ty:ty, $read:ident;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
                let value = self.$read()?;
                visitor.$visit(<$ty>::try_from(value).map_err(|_| CodecError("a number out of range".to_owned()))?)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for &mut Decoder<'de> {
    type Error = CodecError;

    decode_ints! {
        deserialize_i8 visit_i8 i8, int;
        deserialize_i16 visit_i16 i16, int;
        deserialize_i32 visit_i32 i32, int;
        deserialize_i64 visit_i64 i64, int;
        deserialize_u8 visit_u8 u8, uint;
        deserialize_u16 visit_u16 u16, uint;
        deserialize_u32 visit_u32 u32, uint;
        deserialize_u64 visit_u64 u64, uint;
    }

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        err("the encoding is not self-describing")
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        err("an unknown field")
    }
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.byte()? {
            0 => visitor.visit_bool(false),
            1 => visitor.visit_bool(true),
            _ => err("a boolean"),
        }
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f32(f32::from_bits(u32::from_le_bytes(self.fixed()?)))
    }
    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_f64(f64::from_bits(u64::from_le_bytes(self.fixed()?)))
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let text = self.str()?;
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c),
            _ => err("a character"),
        }
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.str()?)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.str()?)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.str()?)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_bytes(self.slice()?)
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_bytes(self.slice()?)
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.byte()? {
            0 => visitor.visit_none(),
            1 => visitor.visit_some(self),
            _ => err("an option"),
        }
    }
    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_unit()
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let left = self.len()?;
        visitor.visit_seq(Counted {
            decoder: self,
            left,
        })
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        visitor.visit_seq(Counted {
            decoder: self,
            left: len,
        })
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_seq(Counted {
            decoder: self,
            left: len,
        })
    }
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let left = self.len()?;
        visitor.visit_map(Counted {
            decoder: self,
            left,
        })
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_map(Fields::new(self, fields))
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(self)
    }
}

/// A sequence or map of a known number of items.
struct Counted<'a, 'de> {
    decoder: &'a mut Decoder<'de>,
    left: usize,
}

impl<'de> SeqAccess<'de> for Counted<'_, 'de> {
    type Error = CodecError;
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.decoder).map(Some)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

impl<'de> MapAccess<'de> for Counted<'_, 'de> {
    type Error = CodecError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.left == 0 {
            return Ok(None);
        }
        self.left -= 1;
        seed.deserialize(&mut *self.decoder).map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.decoder)
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

/// A struct's `name, value` pairs up to the empty name.
struct Fields<'a, 'de> {
    decoder: &'a mut Decoder<'de>,
    /// The struct's fields as its `Deserialize` names them.
    fields: &'static [&'static str],
    /// Where to look first for the next name: after the last one found (the encoder
    /// writes fields in declaration order).
    next: usize,
}

impl<'a, 'de> Fields<'a, 'de> {
    fn new(decoder: &'a mut Decoder<'de>, fields: &'static [&'static str]) -> Self {
        Fields {
            decoder,
            fields,
            next: 0,
        }
    }

    /// The field named `raw`: one of `fields` (whose text needs no UTF-8 check) when
    /// it is one, else the checked text.
    fn name(&mut self, raw: &'de [u8]) -> Result<&'de str> {
        let (earlier, later) = self.fields.split_at(self.next.min(self.fields.len()));
        let found = later
            .iter()
            .position(|f| f.as_bytes() == raw)
            .map(|i| i + earlier.len())
            .or_else(|| earlier.iter().position(|f| f.as_bytes() == raw));
        match found.and_then(|i| Some((i, *self.fields.get(i)?))) {
            Some((i, name)) => {
                self.next = i + 1;
                Ok(name)
            }
            None => std::str::from_utf8(raw).map_err(|_| CodecError("not UTF-8".to_owned())),
        }
    }
}

impl<'de> MapAccess<'de> for Fields<'_, 'de> {
    type Error = CodecError;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let raw = self.decoder.slice()?;
        if raw.is_empty() {
            return Ok(None);
        }
        let name = self.name(raw)?;
        seed.deserialize(BorrowedStrDeserializer::new(name))
            .map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.decoder)
    }
}

impl<'de> EnumAccess<'de> for &mut Decoder<'de> {
    type Error = CodecError;
    type Variant = Self;
    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let index = u32::try_from(self.uint()?).map_err(|_| CodecError("a variant".to_owned()))?;
        let value = seed.deserialize(U32Deserializer::<CodecError>::new(index))?;
        Ok((value, self))
    }
}

impl<'de> VariantAccess<'de> for &mut Decoder<'de> {
    type Error = CodecError;
    fn unit_variant(self) -> Result<()> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value> {
        visitor.visit_seq(Counted {
            decoder: self,
            left: len,
        })
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_map(Fields::new(self, fields))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde::{Deserialize, Serialize};

    use super::{decode, encode_into};

    #[derive(Serialize)]
    struct Written {
        a: u32,
        skipped_when_zero: u32,
        b: String,
        c: Vec<u8>,
    }

    /// The same struct read by a later build: fields reordered, one new.
    #[derive(Deserialize, Debug, PartialEq)]
    struct Read {
        c: Vec<u8>,
        #[serde(default)]
        added: u32,
        a: u32,
        b: String,
        #[serde(default)]
        skipped_when_zero: u32,
    }

    #[test]
    fn fields_are_found_by_name_in_any_order_and_missing_ones_are_defaults() {
        let written = Written {
            a: 7,
            skipped_when_zero: 3,
            b: "二".to_owned(),
            c: vec![1, 2],
        };
        let mut bytes = Vec::new();
        encode_into(&written, &mut bytes).unwrap();
        let read: Read = decode(&bytes).unwrap();
        assert_eq!(
            read,
            Read {
                c: vec![1, 2],
                added: 0,
                a: 7,
                b: "二".to_owned(),
                skipped_when_zero: 3,
            }
        );
        let twice: Vec<Read> = {
            let mut bytes = Vec::new();
            encode_into(&[&written, &written][..], &mut bytes).unwrap();
            decode(&bytes).unwrap()
        };
        assert_eq!(twice.len(), 2);
        assert_eq!(twice[1].b, "二");
        // A name the reader does not know: its value cannot be skipped in this format,
        // so the entry is refused (and the file read from its text).
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Fewer {
            a: u32,
        }
        assert!(decode::<Fewer>(&bytes).is_err());
    }

    #[test]
    fn a_field_name_that_is_not_utf8_is_an_error_not_a_panic() {
        let mut bytes = Vec::new();
        encode_into(
            &Written {
                a: 1,
                skipped_when_zero: 0,
                b: String::new(),
                c: Vec::new(),
            },
            &mut bytes,
        )
        .unwrap();
        // The first name is `a` (length 1, then the byte): make it an invalid byte.
        let at = bytes.iter().position(|&b| b == b'a').unwrap();
        bytes[at] = 0xff;
        assert!(decode::<Read>(&bytes).is_err());
    }
}
