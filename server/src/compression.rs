//! Compression of dynamic answers: gzip at the fastest level, by a compressor each thread keeps
//! and resets between answers.
//!
//! Search answers are 5–7 KB of JSON, already whole in memory. Measured on them, miniz_oxide's
//! gzip level 1 takes ~28 µs and leaves ~28 % of the bytes when its compressor is reused, and
//! ~70 µs when a new one is set up per answer, as tower-http's `CompressionLayer` does (setting
//! up its tables alone takes ~50 µs). Brotli costs more per answer (≥ 45 µs at any quality,
//! ~430 µs at tower-http's default quality 4, for ~23 %), so it is left to the widget's files,
//! compressed once ahead of time (`assets`). Answers that
//! already carry a `Content-Encoding` pass through, as do streams (event streams, whose events
//! must not wait in a compressor) and answers too small to gain anything.

use std::cell::RefCell;

use axum::body::{Body, HttpBody as _};
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use flate2::{Compress, Compression, Crc, FlushCompress, Status};

use crate::error::AppError;

/// Answers smaller than this go out as they are: compressed or not, they fit in the first TCP
/// segment, so compressing would only cost CPU on both ends.
pub const COMPRESS_FROM_BYTES: u64 = 1024;

/// A gzip member header (RFC 1952): deflate, no name or time, "fastest" (XFL 4), unknown OS.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 0xff];

thread_local! {
    /// Raw deflate (the gzip framing is written around it), reset for each answer.
    static DEFLATE: RefCell<Compress> = RefCell::new(Compress::new(Compression::fast(), false));
}

/// Middleware: gzips an in-memory answer of at least [`COMPRESS_FROM_BYTES`] when the client
/// accepts gzip, and marks every such answer `Vary: Accept-Encoding`.
pub async fn gzip_answers(request: Request, next: Next) -> Response {
    let accepts_gzip = crate::assets::accepts_gzip(request.headers());
    let response = next.run(request).await;
    let Some(len) = compressible_len(&response) else {
        return response;
    };
    let (mut parts, body) = response.into_parts();
    parts.headers.append(
        header::VARY,
        HeaderValue::from_static(header::ACCEPT_ENCODING.as_str()),
    );
    if !accepts_gzip {
        return Response::from_parts(parts, body);
    }
    let bytes = match axum::body::to_bytes(body, len).await {
        Ok(bytes) => bytes,
        Err(e) => {
            return AppError::Internal(format!("cannot read an answer to compress it: {e}"))
                .into_response();
        }
    };
    let Some(compressed) = gzip(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    parts
        .headers
        .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(compressed))
}

/// The length of an answer worth compressing: whole in memory (an exact size), large enough,
/// not encoded yet, not a range, not an event stream, image or gRPC.
fn compressible_len(response: &Response) -> Option<usize> {
    let headers = response.headers();
    if headers.contains_key(header::CONTENT_ENCODING) || headers.contains_key(header::CONTENT_RANGE)
    {
        return None;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let skipped = content_type.starts_with("text/event-stream")
        || content_type.starts_with("application/grpc")
        || (content_type.starts_with("image/") && !content_type.starts_with("image/svg+xml"));
    if skipped {
        return None;
    }
    let len = response.body().size_hint().exact()?;
    if len < COMPRESS_FROM_BYTES {
        return None;
    }
    usize::try_from(len).ok()
}

/// `data` as one gzip member, at the fastest level; `None` if the compressor fails (the
/// answer then goes out as it is).
pub fn gzip(data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(GZIP_HEADER.len() + data.len() / 2 + 64);
    out.extend_from_slice(&GZIP_HEADER);
    DEFLATE.with(|deflate| {
        let mut deflate = deflate.try_borrow_mut().ok()?;
        deflate.reset();
        loop {
            let consumed = usize::try_from(deflate.total_in()).ok()?;
            let rest = data.get(consumed..)?;
            // `compress_vec` writes into the spare capacity only.
            out.reserve(rest.len() / 2 + 64);
            match deflate.compress_vec(rest, &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return Some(()),
                Ok(Status::Ok | Status::BufError) => {}
                Err(_) => return None,
            }
        }
    })?;
    let mut crc = Crc::new();
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    // ISIZE: the length modulo 2^32, as RFC 1952 defines it.
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(gzipped: &[u8]) -> Vec<u8> {
        crate::assets::decode(Some("gzip"), gzipped).unwrap()
    }

    #[test]
    fn gzip_round_trips_and_the_compressor_is_reused_cleanly() {
        let json = br#"{"hits":[{"slug":"configurar-iva","title":"Configuraci\u00f3n del IVA"}]}"#
            .repeat(60);
        let first = gzip(&json).unwrap();
        assert!(first.len() < json.len() / 5, "{} bytes", first.len());
        assert_eq!(decode(&first), json);
        // The same thread's compressor again, on other data, then on the first again.
        let other: Vec<u8> = (0..20_000_u32)
            .flat_map(|i| (i * 7919).to_le_bytes())
            .collect();
        assert_eq!(decode(&gzip(&other).unwrap()), other);
        assert_eq!(gzip(&json).unwrap(), first);
        assert_eq!(decode(&gzip(b"").unwrap()), b"");
    }

    #[test]
    fn incompressible_data_grows_the_output_as_needed() {
        // A pseudo-random sequence: deflate stores it, a little larger than the input.
        let mut x = 0x2545_f491_4f6c_dd1d_u64;
        let noise: Vec<u8> = (0..100_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect();
        let gzipped = gzip(&noise).unwrap();
        assert!(gzipped.len() > noise.len());
        assert_eq!(decode(&gzipped), noise);
    }

    #[test]
    fn only_whole_large_plain_answers_are_compressed() {
        let answer = |content_type: &'static str, body: Body| {
            Response::builder()
                .header(header::CONTENT_TYPE, content_type)
                .body(body)
                .unwrap()
        };
        let big = || Body::from(vec![b'a'; 2000]);
        assert_eq!(
            compressible_len(&answer("application/json", big())),
            Some(2000)
        );
        assert_eq!(
            compressible_len(&answer("image/svg+xml", big())),
            Some(2000)
        );
        assert_eq!(
            compressible_len(&answer("application/json", Body::from("{}"))),
            None
        );
        assert_eq!(compressible_len(&answer("image/png", big())), None);
        assert_eq!(compressible_len(&answer("text/event-stream", big())), None);
        let stream = Body::from_stream(futures_util::stream::iter([Ok::<_, std::io::Error>(
            vec![b'a'; 2000],
        )]));
        assert_eq!(compressible_len(&answer("application/json", stream)), None);
        let mut encoded = answer("application/json", big());
        encoded
            .headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
        assert_eq!(compressible_len(&encoded), None);
    }
}
