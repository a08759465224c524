//! The model file: a magic line, a JSON header, then keys and 16-bit weights, the whole
//! gzip-compressed; reading checks every length so a corrupt file is an error.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use super::model::{next_model_id, Header, KeyTable, Model, MAGIC};
use super::simd::Transitions;
use crate::error::{Error, Result};

impl Model {
    /// Writes the model gzip-compressed (weights are already 16-bit); all-zero rows are
    /// dropped.
    pub fn save(&self, path: &Path) -> Result<()> {
        let bytes = self.to_bytes()?;
        let file = std::fs::File::create(path).map_err(|e| Error::io(path, e))?;
        let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
        gz.write_all(&bytes).map_err(|e| Error::io(path, e))?;
        gz.finish().map_err(|e| Error::io(path, e))?;
        Ok(())
    }

    pub(super) fn to_bytes(&self) -> Result<Vec<u8>> {
        let l = self.labels.len();
        let header = Header {
            labels: self.labels.clone(),
            temperature: self.temperature,
            meta: self.meta.clone(),
        };
        let header = serde_json::to_vec(&header).map_err(|e| model_error(e.to_string()))?;
        let mut out = Vec::with_capacity(self.weights.len() * 2 + self.keys.len() * 4);
        out.extend_from_slice(MAGIC);
        put_u64(&mut out, header.len() as u64);
        out.extend_from_slice(&header);
        for t in &self.trans {
            out.extend_from_slice(&t.to_le_bytes());
        }
        out.extend(self.allowed.iter().map(|&a| u8::from(a)));
        put_u64(&mut out, self.extras.len() as u64);
        for (name, blob) in &self.extras {
            put_u64(&mut out, name.len() as u64);
            out.extend_from_slice(name.as_bytes());
            put_u64(&mut out, blob.len() as u64);
            out.extend_from_slice(blob);
        }
        let mut kept: Vec<(u64, &[i16])> = self
            .keys
            .iter()
            .zip(self.weights.chunks_exact(l))
            .filter(|(_, q)| q.iter().any(|&v| v != 0))
            .map(|(&key, q)| (key, q))
            .collect();
        kept.sort_unstable_by_key(|(k, _)| *k);
        put_u64(&mut out, kept.len() as u64);
        let mut previous = 0u64;
        for (key, _) in &kept {
            put_varint(&mut out, key - previous);
            previous = *key;
        }
        out.extend_from_slice(&self.scale.to_le_bytes());
        // Column-major by label: similar magnitudes sit together and compress better.
        for label in 0..l {
            for (_, q) in &kept {
                out.extend_from_slice(&q[label].to_le_bytes());
            }
        }
        Ok(out)
    }

    /// Loads a model written by [`Model::save`].
    pub fn load(path: &Path) -> Result<Self> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(std::io::BufReader::new(file))
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(path, e))?;
        Self::from_bytes(&bytes).map_err(|e| match e {
            Error::Model { message, .. } => Error::Model {
                name: path.display().to_string(),
                message,
            },
            other => other,
        })
    }

    /// Loads a model from gzip-compressed bytes (e.g. `include_bytes!`).
    pub fn from_gzip(compressed: &[u8]) -> Result<Self> {
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(compressed)
            .read_to_end(&mut bytes)
            .map_err(|e| model_error(e.to_string()))?;
        Self::from_bytes(&bytes)
    }

    pub(super) fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let mut r = Reader { bytes, pos: 0 };
        if r.take(8)? != MAGIC {
            return Err(model_error("not a chronicle perceptron model".into()));
        }
        let header_len = r.u64()? as usize;
        let header: Header = serde_json::from_slice(r.take(header_len)?)
            .map_err(|e| model_error(format!("bad header: {e}")))?;
        let l = header.labels.len();
        if l == 0 || l > u16::MAX as usize {
            return Err(model_error("bad label count".into()));
        }
        let t = (l + 1) * (l + 1);
        let trans: Vec<f32> = r
            .take(t * 4)?
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let allowed: Vec<bool> = r.take(t)?.iter().map(|&b| b != 0).collect();
        let mut extras = BTreeMap::new();
        for _ in 0..r.u64()? {
            let name_len = r.u64()? as usize;
            let name = String::from_utf8(r.take(name_len)?.to_vec())
                .map_err(|_| model_error("bad extra name".into()))?;
            let blob_len = r.u64()? as usize;
            extras.insert(name, r.take(blob_len)?.to_vec());
        }
        let rows = r.u64()? as usize;
        if rows > bytes.len() {
            return Err(model_error("bad row count".into()));
        }
        let mut keys = Vec::with_capacity(rows);
        let mut previous = 0u64;
        for _ in 0..rows {
            previous = previous.wrapping_add(r.varint()?);
            keys.push(previous);
        }
        let scale_bytes = r.take(4)?;
        let scale = f32::from_le_bytes([
            scale_bytes[0],
            scale_bytes[1],
            scale_bytes[2],
            scale_bytes[3],
        ]);
        let quantised = r.take(rows * l * 2)?;
        let mut weights = vec![0i16; rows * l];
        if rows > 0 {
            for (label, column) in quantised.chunks_exact(rows * 2).enumerate() {
                for (slot, c) in weights[label..]
                    .iter_mut()
                    .step_by(l)
                    .zip(column.chunks_exact(2))
                {
                    *slot = i16::from_le_bytes([c[0], c[1]]);
                }
            }
        }
        Ok(Model::assemble(
            header.labels,
            keys,
            weights,
            scale,
            trans,
            allowed,
            header.temperature,
            header.meta,
            extras,
        ))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn assemble(
        labels: Vec<String>,
        keys: Vec<u64>,
        weights: Vec<i16>,
        scale: f32,
        trans: Vec<f32>,
        allowed: Vec<bool>,
        temperature: f32,
        meta: BTreeMap<String, String>,
        extras: BTreeMap<String, Vec<u8>>,
    ) -> Self {
        let l = labels.len();
        Model {
            constrained: Transitions::new(l, &trans, Some(&allowed)),
            free: Transitions::new(l, &trans, None),
            labels,
            table: KeyTable::build(&keys),
            keys,
            weights,
            scale,
            trans,
            allowed,
            temperature,
            meta,
            extras,
            id: next_model_id(),
        }
    }
}

fn model_error(message: String) -> Error {
    Error::Model {
        name: "perceptron".into(),
        message,
    }
}

fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// LEB128: seven bits a byte, low first (also the parser model's key deltas).
pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'b> {
    bytes: &'b [u8],
    pos: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Result<&'b [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| model_error("truncated model file".into()))?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }
    fn u64(&mut self) -> Result<u64> {
        let b = self.take(8)?;
        let mut word = [0u8; 8];
        word.copy_from_slice(b);
        Ok(u64::from_le_bytes(word))
    }
    fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        for shift in (0..70).step_by(7) {
            let b = *self.take(1)?.first().unwrap_or(&0);
            v |= u64::from(b & 0x7f) << shift.min(63);
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(model_error("bad varint".into()))
    }
}
