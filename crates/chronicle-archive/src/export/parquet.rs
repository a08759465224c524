//! A minimal Parquet writer: flat schemas of optional INT64, DOUBLE and UTF-8 columns,
//! PLAIN encoding, one data page per column chunk, uncompressed or GZIP pages, the footer
//! in Thrift's compact protocol.
//!
//! Why our own: the `arrow`/`parquet` crates would more than double the workspace's
//! build time for one export format; writing this subset of the format is ~300 lines
//! with no new dependency (flate2 is already here). Readers (pyarrow, DuckDB, Spark)
//! need nothing beyond it. Format reference: the Apache Parquet specification
//! (`parquet.thrift`, "Encodings", "Compression").

use std::io::Write;

use flate2::write::GzEncoder;
use flate2::Compression;

/// Rows per row group: bounds the memory the writer holds.
pub const ROW_GROUP_ROWS: usize = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    Int64,
    Double,
    Utf8,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Double(f64),
    Str(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    Uncompressed,
    Gzip,
}

/// Thrift compact protocol, just what the Parquet footer needs.
mod thrift {
    pub const I32: u8 = 5;
    pub const I64: u8 = 6;
    pub const BINARY: u8 = 8;
    pub const LIST: u8 = 9;
    pub const STRUCT: u8 = 12;

    #[derive(Default)]
    pub struct Out {
        pub buf: Vec<u8>,
        last_field: Vec<i16>,
    }

    impl Out {
        pub fn varint(&mut self, mut v: u64) {
            loop {
                let byte = (v & 0x7f) as u8;
                v >>= 7;
                if v == 0 {
                    self.buf.push(byte);
                    return;
                }
                self.buf.push(byte | 0x80);
            }
        }
        fn zigzag(&mut self, v: i64) {
            self.varint(((v << 1) ^ (v >> 63)) as u64);
        }
        pub fn begin(&mut self) {
            self.last_field.push(0);
        }
        pub fn end(&mut self) {
            self.buf.push(0); // STOP
            self.last_field.pop();
        }
        pub fn field(&mut self, id: i16, kind: u8) {
            let last = self.last_field.last().copied().unwrap_or(0);
            let delta = id - last;
            if (1..=15).contains(&delta) {
                self.buf.push(((delta as u8) << 4) | kind);
            } else {
                self.buf.push(kind);
                self.zigzag(i64::from(id));
            }
            if let Some(l) = self.last_field.last_mut() {
                *l = id;
            }
        }
        pub fn i32(&mut self, id: i16, v: i32) {
            self.field(id, I32);
            self.zigzag(i64::from(v));
        }
        pub fn i64(&mut self, id: i16, v: i64) {
            self.field(id, I64);
            self.zigzag(v);
        }
        pub fn string(&mut self, id: i16, s: &str) {
            self.field(id, BINARY);
            self.varint(s.len() as u64);
            self.buf.extend_from_slice(s.as_bytes());
        }
        pub fn list_header(&mut self, id: i16, elem: u8, len: usize) {
            self.field(id, LIST);
            if len < 15 {
                self.buf.push(((len as u8) << 4) | elem);
            } else {
                self.buf.push(0xf0 | elem);
                self.varint(len as u64);
            }
        }
        pub fn list_i32(&mut self, id: i16, values: &[i32]) {
            self.list_header(id, I32, values.len());
            for v in values {
                self.zigzag(i64::from(*v));
            }
        }
        pub fn list_string(&mut self, id: i16, values: &[&str]) {
            self.list_header(id, BINARY, values.len());
            for s in values {
                self.varint(s.len() as u64);
                self.buf.extend_from_slice(s.as_bytes());
            }
        }
        pub fn struct_field(&mut self, id: i16) {
            self.field(id, STRUCT);
            self.begin();
        }
    }
}

// parquet.thrift enum values
const TYPE_INT64: i32 = 2;
const TYPE_DOUBLE: i32 = 5;
const TYPE_BYTE_ARRAY: i32 = 6;
const REPETITION_REQUIRED: i32 = 0;
const REPETITION_OPTIONAL: i32 = 1;
const CONVERTED_UTF8: i32 = 0;
const ENCODING_PLAIN: i32 = 0;
const ENCODING_RLE: i32 = 3;
const PAGE_DATA: i32 = 0;

struct ChunkMeta {
    kind: ColumnType,
    name: String,
    num_values: i64,
    uncompressed: i64,
    compressed: i64,
    offset: i64,
}

struct RowGroupMeta {
    chunks: Vec<ChunkMeta>,
    rows: i64,
}

/// Writes rows of cells into a Parquet file.
pub struct ParquetWriter<W: Write> {
    out: W,
    offset: u64,
    columns: Vec<(String, ColumnType)>,
    buffered: Vec<Vec<Cell>>,
    groups: Vec<RowGroupMeta>,
    codec: Codec,
}

impl<W: Write> ParquetWriter<W> {
    pub fn new(
        mut out: W,
        columns: Vec<(String, ColumnType)>,
        codec: Codec,
    ) -> std::io::Result<Self> {
        out.write_all(b"PAR1")?;
        let n = columns.len();
        Ok(ParquetWriter {
            out,
            offset: 4,
            columns,
            buffered: vec![Vec::new(); n],
            groups: Vec::new(),
            codec,
        })
    }

    /// Adds a row; cells of the wrong type for their column are written as nulls.
    pub fn write_row(&mut self, row: Vec<Cell>) -> std::io::Result<()> {
        let mut row = row.into_iter();
        for column in self.buffered.iter_mut() {
            column.push(row.next().unwrap_or(Cell::Null));
        }
        if self.buffered.first().map_or(0, Vec::len) >= ROW_GROUP_ROWS {
            self.flush_group()?;
        }
        Ok(())
    }

    fn flush_group(&mut self) -> std::io::Result<()> {
        let rows = self.buffered.first().map_or(0, Vec::len);
        if rows == 0 {
            return Ok(());
        }
        let mut chunks = Vec::new();
        for (i, (name, kind)) in self.columns.clone().into_iter().enumerate() {
            let cells = std::mem::take(&mut self.buffered[i]);
            let page = encode_page(&cells, kind);
            let body = match self.codec {
                Codec::Uncompressed => page.clone(),
                Codec::Gzip => {
                    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
                    gz.write_all(&page)?;
                    gz.finish()?
                }
            };
            let mut header = thrift::Out::default();
            header.begin();
            header.i32(1, PAGE_DATA);
            header.i32(2, page.len() as i32);
            header.i32(3, body.len() as i32);
            header.struct_field(5); // DataPageHeader
            header.i32(1, cells.len() as i32);
            header.i32(2, ENCODING_PLAIN);
            header.i32(3, ENCODING_RLE);
            header.i32(4, ENCODING_RLE);
            header.end();
            header.end();
            let offset = self.offset as i64;
            self.out.write_all(&header.buf)?;
            self.out.write_all(&body)?;
            let written = (header.buf.len() + body.len()) as u64;
            self.offset += written;
            chunks.push(ChunkMeta {
                kind,
                name,
                num_values: cells.len() as i64,
                uncompressed: (header.buf.len() + page.len()) as i64,
                compressed: written as i64,
                offset,
            });
        }
        self.groups.push(RowGroupMeta {
            chunks,
            rows: rows as i64,
        });
        Ok(())
    }

    /// Writes the last row group and the footer; returns the output.
    pub fn finish(mut self) -> std::io::Result<W> {
        self.flush_group()?;
        let mut m = thrift::Out::default();
        m.begin();
        m.i32(1, 1); // version
        m.list_header(2, thrift::STRUCT, self.columns.len() + 1);
        // Root schema element.
        m.begin();
        m.i32(3, REPETITION_REQUIRED);
        m.string(4, "schema");
        m.i32(5, self.columns.len() as i32);
        m.end();
        for (name, kind) in &self.columns {
            m.begin();
            m.i32(1, physical_type(*kind));
            m.i32(3, REPETITION_OPTIONAL);
            m.string(4, name);
            if *kind == ColumnType::Utf8 {
                m.i32(6, CONVERTED_UTF8);
            }
            m.end();
        }
        let total_rows: i64 = self.groups.iter().map(|g| g.rows).sum();
        m.i64(3, total_rows);
        m.list_header(4, thrift::STRUCT, self.groups.len());
        for group in &self.groups {
            m.begin();
            m.list_header(1, thrift::STRUCT, group.chunks.len());
            for chunk in &group.chunks {
                m.begin(); // ColumnChunk
                m.i64(2, chunk.offset);
                m.struct_field(3); // ColumnMetaData
                m.i32(1, physical_type(chunk.kind));
                m.list_i32(2, &[ENCODING_PLAIN, ENCODING_RLE]);
                m.list_string(3, &[chunk.name.as_str()]);
                m.i32(4, if self.codec == Codec::Gzip { 2 } else { 0 });
                m.i64(5, chunk.num_values);
                m.i64(6, chunk.uncompressed);
                m.i64(7, chunk.compressed);
                m.i64(9, chunk.offset);
                m.end();
                m.end();
            }
            m.i64(2, group.chunks.iter().map(|c| c.uncompressed).sum());
            m.i64(3, group.rows);
            m.end();
        }
        m.string(6, concat!("chronicle-archive ", env!("CARGO_PKG_VERSION")));
        m.end();
        self.out.write_all(&m.buf)?;
        self.out.write_all(&(m.buf.len() as u32).to_le_bytes())?;
        self.out.write_all(b"PAR1")?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn physical_type(kind: ColumnType) -> i32 {
    match kind {
        ColumnType::Int64 => TYPE_INT64,
        ColumnType::Double => TYPE_DOUBLE,
        ColumnType::Utf8 => TYPE_BYTE_ARRAY,
    }
}

/// A v1 data page body: definition levels (RLE/bit-packed hybrid, bit width 1, with a
/// 4-byte length prefix), then the non-null values, PLAIN.
fn encode_page(cells: &[Cell], kind: ColumnType) -> Vec<u8> {
    let present: Vec<bool> = cells
        .iter()
        .map(|c| {
            matches!(
                (c, kind),
                (Cell::Int(_), ColumnType::Int64)
                    | (Cell::Double(_), ColumnType::Double)
                    | (Cell::Int(_), ColumnType::Double)
                    | (Cell::Str(_), ColumnType::Utf8)
            )
        })
        .collect();
    let mut levels = Vec::new();
    let groups = present.len().div_ceil(8);
    let mut header = thrift::Out::default();
    header.varint(((groups as u64) << 1) | 1); // bit-packed run of `groups` groups of 8
    levels.extend_from_slice(&header.buf);
    for chunk in present.chunks(8) {
        let mut byte = 0u8;
        for (i, p) in chunk.iter().enumerate() {
            if *p {
                byte |= 1 << i;
            }
        }
        levels.push(byte);
    }
    let mut page = Vec::with_capacity(levels.len() + 4 + cells.len() * 8);
    page.extend_from_slice(&(levels.len() as u32).to_le_bytes());
    page.extend_from_slice(&levels);
    for (cell, p) in cells.iter().zip(&present) {
        if !p {
            continue;
        }
        match (cell, kind) {
            (Cell::Int(v), ColumnType::Int64) => page.extend_from_slice(&v.to_le_bytes()),
            (Cell::Double(v), ColumnType::Double) => page.extend_from_slice(&v.to_le_bytes()),
            (Cell::Int(v), ColumnType::Double) => {
                page.extend_from_slice(&(*v as f64).to_le_bytes())
            }
            (Cell::Str(s), ColumnType::Utf8) => {
                page.extend_from_slice(&(s.len() as u32).to_le_bytes());
                page.extend_from_slice(s.as_bytes());
            }
            _ => {}
        }
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_has_magic_and_footer_length() {
        let mut w = ParquetWriter::new(
            Vec::new(),
            vec![
                ("a".into(), ColumnType::Int64),
                ("b".into(), ColumnType::Utf8),
            ],
            Codec::Uncompressed,
        )
        .unwrap();
        w.write_row(vec![Cell::Int(7), Cell::Str("x".into())])
            .unwrap();
        w.write_row(vec![Cell::Null, Cell::Null]).unwrap();
        let bytes = w.finish().unwrap();
        assert_eq!(&bytes[..4], b"PAR1");
        assert_eq!(&bytes[bytes.len() - 4..], b"PAR1");
        let n = bytes.len();
        let footer =
            u32::from_le_bytes([bytes[n - 8], bytes[n - 7], bytes[n - 6], bytes[n - 5]]) as usize;
        assert!(footer > 20 && footer < n);
    }

    #[test]
    fn definition_levels_are_bit_packed() {
        let page = encode_page(&[Cell::Int(1), Cell::Null, Cell::Int(3)], ColumnType::Int64);
        // length 2, header (1 group, bit-packed) = 3, bits 0b101, then two i64 values.
        assert_eq!(&page[..6], &[2, 0, 0, 0, 3, 0b101]);
        assert_eq!(page.len(), 6 + 16);
    }
}
