//! Where input comes from: directories, globs, gzip, and which format a file is in.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::decode::is_binary;
use super::options::{Format, ReadOptions};
use crate::error::{Error, Result};

/// Bytes looked at to tell gzip, binary files and formats apart.
const HEAD_LEN: usize = 8 * 1024;

/// An input opened, decompressed, and with its format decided.
pub(crate) struct Opened<'a> {
    pub reader: Box<dyn BufRead + 'a>,
    pub format: Format,
}

/// Reads up to `HEAD_LEN` bytes from `reader` (fewer only at end of input).
fn read_head(reader: &mut dyn Read) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(HEAD_LEN);
    reader.take(HEAD_LEN as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// Decompresses gzip (told by its magic bytes, whatever the name), refuses binary files,
/// and decides the format: forced, else by extension, else by content.
pub(crate) fn open_reader<'a>(
    mut reader: Box<dyn Read + 'a>,
    path: &Path,
    opts: &ReadOptions,
) -> Result<Opened<'a>> {
    let head = read_head(&mut reader).map_err(|e| Error::io(path, e))?;
    let mut reader: Box<dyn Read + 'a> = Box::new(std::io::Cursor::new(head.clone()).chain(reader));
    let mut head = head;
    if head.starts_with(&[0x1f, 0x8b]) {
        reader = Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(reader)));
        head = read_head(&mut reader)
            .map_err(|e| Error::input(path, format!("bad gzip data: {e}")))?;
        reader = Box::new(std::io::Cursor::new(head.clone()).chain(reader));
    }
    if is_binary(&head) {
        return Err(Error::input(
            path,
            "binary file skipped (not text, JSON, HTML or gzip of them)",
        ));
    }
    // A feed is known by its content whatever its name (`feed.json`, `sitemap.php`); other
    // formats by the name first.
    let format = opts.format.unwrap_or_else(|| {
        if super::feed::is_feed(&head) {
            Format::Feed
        } else {
            Format::from_path(path).unwrap_or_else(|| Format::sniff(&head))
        }
    });
    Ok(Opened {
        reader: Box::new(BufReader::with_capacity(64 * 1024, reader)),
        format,
    })
}

/// Whether a directory entry is an input we read: known extensions, optionally gzipped.
fn is_readable_name(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'));
    !hidden && Format::from_path(path).is_some()
}

/// All readable files under `dir`, recursively, in sorted order (for deterministic output).
///
/// Only files with a known extension (`.txt`, `.jsonl`, `.json`, `.html`, ... and `.gz` of
/// them) are taken; hidden files and directories are passed over.
pub fn walk_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&d)
            .map_err(|e| Error::io(&d, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        let mut subdirs = Vec::new();
        for entry in entries {
            if entry.is_dir() {
                let hidden = entry
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'));
                if !hidden {
                    subdirs.push(entry);
                }
            } else if is_readable_name(&entry) {
                out.push(entry);
            }
        }
        // Depth-first in sorted order: push subdirectories reversed so the first pops first.
        stack.extend(subdirs.into_iter().rev());
    }
    // Files of a directory come before its subdirectories' files; sort globally instead so
    // the order is simply lexicographic by path.
    out.sort();
    Ok(out)
}

pub(crate) fn is_glob(path: &Path) -> bool {
    path.to_str().is_some_and(|s| s.contains(['*', '?', '[']))
}

/// Expands a glob (`*`, `?`, `[abc]`, and `**` for any depth) into sorted existing files.
pub fn expand_glob(pattern: &Path) -> Result<Vec<PathBuf>> {
    let text = pattern
        .to_str()
        .ok_or_else(|| Error::input(pattern, "pattern is not valid UTF-8"))?;
    let absolute = text.starts_with('/');
    let parts: Vec<&str> = text
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let root = if absolute {
        PathBuf::from("/")
    } else {
        PathBuf::from(".")
    };
    let mut out = Vec::new();
    glob_walk(&root, &parts, !absolute, &mut out);
    out.sort();
    out.dedup();
    Ok(out)
}

fn glob_walk(dir: &Path, parts: &[&str], relative: bool, out: &mut Vec<PathBuf>) {
    let Some((first, rest)) = parts.split_first() else {
        if dir.is_file() {
            out.push(clean(dir, relative));
        }
        return;
    };
    if *first == "**" {
        glob_walk(dir, rest, relative, out);
        for sub in sorted_entries(dir).into_iter().filter(|p| p.is_dir()) {
            glob_walk(&sub, parts, relative, out);
        }
        return;
    }
    if !first.contains(['*', '?', '[']) {
        let next = dir.join(first);
        if next.exists() {
            glob_walk(&next, rest, relative, out);
        }
        return;
    }
    for entry in sorted_entries(dir) {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') && !first.starts_with('.') {
            continue;
        }
        if wildcard_match(first.as_bytes(), name.as_bytes()) {
            if rest.is_empty() {
                if entry.is_file() {
                    out.push(clean(&entry, relative));
                }
            } else if entry.is_dir() {
                glob_walk(&entry, rest, relative, out);
            }
        }
    }
}

fn clean(path: &Path, relative: bool) -> PathBuf {
    if relative {
        path.strip_prefix(".").unwrap_or(path).to_path_buf()
    } else {
        path.to_path_buf()
    }
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// Shell-style wildcard match of one path component.
fn wildcard_match(pattern: &[u8], name: &[u8]) -> bool {
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some(b'*') => {
                star = Some((p, n));
                p += 1;
                continue;
            }
            Some(b'?') => {
                p += 1;
                n += 1;
                continue;
            }
            Some(b'[') => {
                if let Some((matched, len)) = class_match(&pattern[p..], name[n]) {
                    if matched {
                        p += len;
                        n += 1;
                        continue;
                    }
                } else if name[n] == b'[' {
                    p += 1;
                    n += 1;
                    continue;
                }
            }
            Some(&c) if c == name[n] => {
                p += 1;
                n += 1;
                continue;
            }
            _ => {}
        }
        match star {
            Some((sp, sn)) => {
                p = sp + 1;
                n = sn + 1;
                star = Some((sp, sn + 1));
            }
            None => return false,
        }
    }
    pattern[p.min(pattern.len())..].iter().all(|&c| c == b'*')
}

/// Matches `[abc]`, `[a-z]`, `[!x]` at the start of `pattern`: (matched, pattern length).
fn class_match(pattern: &[u8], c: u8) -> Option<(bool, usize)> {
    let close = pattern.iter().skip(2).position(|&b| b == b']')? + 2;
    let body = &pattern[1..close];
    let (negate, body) = match body.first() {
        Some(b'!') | Some(b'^') => (true, &body[1..]),
        _ => (false, body),
    };
    let mut i = 0;
    let mut hit = false;
    while i < body.len() {
        if i + 2 < body.len() && body[i + 1] == b'-' {
            hit |= body[i] <= c && c <= body[i + 2];
            i += 3;
        } else {
            hit |= body[i] == c;
            i += 1;
        }
    }
    Some((hit != negate, close + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard_match(b"*.txt", b"a.txt"));
        assert!(!wildcard_match(b"*.txt", b"a.txt.gz"));
        assert!(wildcard_match(b"a?c*", b"abcdef"));
        assert!(wildcard_match(b"[a-c]x", b"bx"));
        assert!(!wildcard_match(b"[!a-c]x", b"bx"));
        assert!(wildcard_match(b"*", b""));
        assert!(!wildcard_match(b"a", b""));
    }

    #[test]
    fn globs_and_directories_are_sorted_and_recursive() {
        let dir = std::env::temp_dir().join(format!("chronicle-glob-{}", std::process::id()));
        let sub = dir.join("sub");
        std::fs::create_dir_all(&sub).unwrap();
        for name in ["b.txt", "a.jsonl", "skip.png", ".hidden.txt"] {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        std::fs::write(sub.join("c.html.gz"), "x").unwrap();
        let names = |v: Vec<PathBuf>| -> Vec<String> {
            v.iter()
                .map(|p| p.strip_prefix(&dir).unwrap().display().to_string())
                .collect()
        };
        assert_eq!(
            names(walk_dir(&dir).unwrap()),
            ["a.jsonl", "b.txt", "sub/c.html.gz"]
        );
        let pattern = dir.join("*.txt");
        assert_eq!(names(expand_glob(&pattern).unwrap()), ["b.txt"]);
        let deep = dir.join("**").join("*.gz");
        assert_eq!(names(expand_glob(&deep).unwrap()), ["sub/c.html.gz"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
