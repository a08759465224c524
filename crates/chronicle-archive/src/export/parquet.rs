//! Parquet through the maintained arrow-rs writer: record batches of the schemas in
//! [`super::tables`], Snappy pages, one row group per [`ROW_GROUP_ROWS`] rows.
//!
//! The writer streams: each finished row group is handed to the output at once, so an
//! export holds at most one row group in memory whatever the archive's size.

use std::io::Write;
use std::sync::{Arc, Mutex};

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use crate::error::{Error, Result};

/// Rows per row group: bounds the memory the writer holds.
pub const ROW_GROUP_ROWS: usize = 100_000;

fn parquet_error(e: parquet::errors::ParquetError) -> Error {
    Error::Query(format!("parquet: {e}"))
}

/// The bytes a row group produced, drained into the real output after each group (the
/// arrow-rs writer wants a `Send` sink; ours is any `Write`).
#[derive(Clone, Default)]
struct Pending(Arc<Mutex<Vec<u8>>>);

impl Write for Pending {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut inner = self
            .0
            .lock()
            .map_err(|_| std::io::Error::other("poisoned"))?;
        inner.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Pending {
    fn drain_into(&self, out: &mut dyn Write) -> Result<()> {
        let bytes = {
            let mut inner = self.0.lock().map_err(|_| Error::Query("poisoned".into()))?;
            std::mem::take(&mut *inner)
        };
        out.write_all(&bytes)?;
        Ok(())
    }
}

/// Writes record batches of one schema as a Parquet file to `out`.
pub struct TableWriter<'a> {
    writer: ArrowWriter<Pending>,
    pending: Pending,
    out: &'a mut dyn Write,
    rows: usize,
}

/// The writer settings every table shares.
pub fn properties() -> WriterProperties {
    WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .set_created_by(concat!("chronicle-archive ", env!("CARGO_PKG_VERSION")).to_string())
        .build()
}

impl<'a> TableWriter<'a> {
    pub fn new(out: &'a mut dyn Write, schema: SchemaRef) -> Result<Self> {
        let pending = Pending::default();
        let writer = ArrowWriter::try_new(pending.clone(), schema, Some(properties()))
            .map_err(parquet_error)?;
        Ok(TableWriter {
            writer,
            pending,
            out,
            rows: 0,
        })
    }

    /// Appends a batch (of the writer's schema).
    pub fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        self.writer.write(batch).map_err(parquet_error)?;
        self.rows += batch.num_rows();
        if self.writer.in_progress_rows() == 0 {
            self.pending.drain_into(self.out)?;
        }
        Ok(())
    }

    /// Writes the last row group and the footer; returns the rows written.
    pub fn finish(mut self) -> Result<usize> {
        self.writer.finish().map_err(parquet_error)?;
        self.pending.drain_into(self.out)?;
        self.out.flush()?;
        Ok(self.rows)
    }
}

/// Writes `batch` as a whole Parquet file at `path`.
pub fn write_file(path: &std::path::Path, batch: &RecordBatch) -> Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut writer = TableWriter::new(&mut file, batch.schema())?;
    writer.write(batch)?;
    writer.finish()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{ArrayRef, Int64Array, StringArray};
    use arrow_schema::{DataType, Field, Schema};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    #[test]
    fn batches_round_trip_through_the_reader() {
        let schema = Arc::new(Schema::new(vec![
            Field::new("a", DataType::Int64, true),
            Field::new("b", DataType::Utf8, true),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(Int64Array::from(vec![Some(7), None])) as ArrayRef,
                Arc::new(StringArray::from(vec![Some("x"), None])),
            ],
        )
        .unwrap();
        let mut bytes = Vec::new();
        let mut w = TableWriter::new(&mut bytes, schema.clone()).unwrap();
        w.write(&batch).unwrap();
        w.write(&batch).unwrap();
        assert_eq!(w.finish().unwrap(), 4);
        assert_eq!(&bytes[..4], b"PAR1");
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes::Bytes::from(bytes))
            .unwrap()
            .build()
            .unwrap();
        let back: Vec<RecordBatch> = reader.map(|b| b.unwrap()).collect();
        assert_eq!(back.iter().map(RecordBatch::num_rows).sum::<usize>(), 4);
        assert_eq!(back[0].schema(), schema);
    }
}
