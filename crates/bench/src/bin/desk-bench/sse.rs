//! A minimal `text/event-stream` reader: bytes in, complete events out (`id:`, `event:`,
//! `data:` lines; comments and `retry:` ignored), as a browser's `EventSource` would see them.

/// One dispatched event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Event {
    /// The `id:` of this event, if it had one.
    pub id: Option<String>,
    /// The `event:` name; `message` when absent, as in browsers.
    pub event: String,
    /// The `data:` lines joined with `\n`.
    pub data: String,
}

/// Incremental parser: feed it chunks as they arrive, in any split.
#[derive(Debug, Default)]
pub struct Parser {
    /// Bytes of an incomplete line.
    pending: Vec<u8>,
    id: Option<String>,
    event: Option<String>,
    data: Option<String>,
}

impl Parser {
    /// Consumes `bytes` and appends every event completed by them to `out`.
    pub fn push(&mut self, bytes: &[u8], out: &mut Vec<Event>) {
        for &byte in bytes {
            if byte == b'\n' {
                let mut line = std::mem::take(&mut self.pending);
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                self.line(&String::from_utf8_lossy(&line), out);
            } else {
                self.pending.push(byte);
            }
        }
    }

    fn line(&mut self, line: &str, out: &mut Vec<Event>) {
        if line.is_empty() {
            // A blank line dispatches, if any data was given (the spec's rule).
            let id = self.id.take();
            let event = self.event.take();
            if let Some(data) = self.data.take() {
                out.push(Event {
                    id,
                    event: event.unwrap_or_else(|| "message".to_owned()),
                    data,
                });
            }
            return;
        }
        if line.starts_with(':') {
            return; // a comment (keep-alive)
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "id" => self.id = Some(value.to_owned()),
            "event" => self.event = Some(value.to_owned()),
            "data" => match &mut self.data {
                Some(data) => {
                    data.push('\n');
                    data.push_str(value);
                }
                None => self.data = Some(value.to_owned()),
            },
            _ => {} // `retry:` and unknown fields
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&str]) -> Vec<Event> {
        let mut parser = Parser::default();
        let mut out = Vec::new();
        for chunk in chunks {
            parser.push(chunk.as_bytes(), &mut out);
        }
        out
    }

    #[test]
    fn reads_events_split_anywhere() {
        let stream = "retry: 1000\n\nevent: message\nid: 7\ndata: {\"a\":1}\n\n: keep-alive\n\n\
                      event: typing\r\ndata: x\r\ndata: y\r\n\r\ndata:z\n\n";
        let expected = vec![
            Event {
                id: Some("7".into()),
                event: "message".into(),
                data: "{\"a\":1}".into(),
            },
            Event {
                id: None,
                event: "typing".into(),
                data: "x\ny".into(),
            },
            Event {
                id: None,
                event: "message".into(),
                data: "z".into(),
            },
        ];
        assert_eq!(parse(&[stream]), expected);
        // Byte by byte gives the same events.
        let bytes: Vec<String> = stream.chars().map(String::from).collect();
        let pieces: Vec<&str> = bytes.iter().map(String::as_str).collect();
        assert_eq!(parse(&pieces), expected);
    }

    #[test]
    fn an_event_without_its_blank_line_is_not_dispatched() {
        assert!(parse(&["event: message\nid: 1\ndata: {}\n"]).is_empty());
    }
}
