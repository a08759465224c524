//! Connections that carry the security headers even on the responses hyper writes by itself.
//!
//! hyper answers some malformed requests before any service runs (a request target over 64 KiB
//! gets 414, oversized headers 431, a garbled request line 400), so the middleware never sees
//! them. Every response of ours carries `X-Content-Type-Options`; a response head going out
//! without it is one of hyper's, and gets the same headers added on its way to the socket.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// The headers [`crate::middleware`] puts on every response, as raw header lines.
const HEADERS: &[u8] = b"x-content-type-options: nosniff\r\nx-frame-options: DENY\r\nreferrer-policy: no-referrer\r\ncontent-security-policy: default-src 'none'; frame-ancestors 'none'\r\n";

/// A TCP listener whose connections are [`GuardedIo`].
pub struct GuardedListener(pub TcpListener);

impl axum::serve::Listener for GuardedListener {
    type Io = GuardedIo;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (io, addr) = axum::serve::Listener::accept(&mut self.0).await;
        (
            GuardedIo {
                inner: io,
                pending: Vec::new(),
            },
            addr,
        )
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

/// A TCP stream that adds the security headers to response heads lacking them.
pub struct GuardedIo {
    inner: TcpStream,
    /// Rewritten bytes already reported as written, still to reach the socket.
    pending: Vec<u8>,
}

/// `buf` with the security headers after its status line, when it starts a response head
/// that lacks them.
fn with_headers(buf: &[u8]) -> Option<Vec<u8>> {
    if !buf.starts_with(b"HTTP/1.") {
        return None;
    }
    let head_end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = &buf[..head_end];
    let name = b"x-content-type-options";
    if head
        .windows(name.len())
        .any(|w| w.eq_ignore_ascii_case(name))
    {
        return None;
    }
    let line_end = head.windows(2).position(|w| w == b"\r\n")? + 2;
    let mut out = Vec::with_capacity(buf.len() + HEADERS.len());
    out.extend_from_slice(&buf[..line_end]);
    out.extend_from_slice(HEADERS);
    out.extend_from_slice(&buf[line_end..]);
    Some(out)
}

impl GuardedIo {
    /// Writes out `pending`; ready once it is empty.
    fn drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while !self.pending.is_empty() {
            match Pin::new(&mut self.inner).poll_write(cx, &self.pending) {
                Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Poll::Ready(Ok(n)) => {
                    self.pending.drain(..n);
                }
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncRead for GuardedIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for GuardedIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match self.drain(cx) {
            Poll::Ready(Ok(())) => {}
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Pending => return Poll::Pending,
        }
        if let Some(rewritten) = with_headers(buf) {
            // Report the caller's bytes as written; ours go out first on later polls.
            self.pending = rewritten;
            let _ = self.drain(cx);
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.drain(cx) {
            Poll::Ready(Ok(())) => Pin::new(&mut self.inner).poll_flush(cx),
            other => other,
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match self.drain(cx) {
            Poll::Ready(Ok(())) => Pin::new(&mut self.inner).poll_shutdown(cx),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_heads_without_the_headers_are_rewritten() {
        let bare = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\n\r\n";
        let out = with_headers(bare).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("HTTP/1.1 414 URI Too Long\r\nx-content-type-options: nosniff\r\n")
        );
        assert!(text.ends_with("content-length: 0\r\n\r\n"));
        let ours = b"HTTP/1.1 200 OK\r\nX-Content-Type-Options: nosniff\r\n\r\n{}";
        assert!(with_headers(ours).is_none());
        assert!(with_headers(b"{\"json\": 1}").is_none());
        assert!(with_headers(b"HTTP/1.1 200 OK\r\npartial").is_none());
    }
}
