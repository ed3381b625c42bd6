//! Ucom.Pipeline.Tokenizer, written in Rust: the same class (CLSID, ProgID, ITokenizer) as
//! the C++ stage of components/pipeline, so that a registry may hold either. It reads the
//! file through the C++ Ucom.Pipeline.TextSource, activated through the runtime's context,
//! and the C++ Ucom.Pipeline.WordStatistics consumes it by ProgID: a Rust stage between two
//! C++ stages, none linking to another (docs/rust.md).
use std::sync::Mutex;

ucom::include_idl!(text_source, tokenizer);
ucom::include_descriptor!(tokenizer);
ucom::include_uses!(text_source);

use text_source::ITextSource;
use ucom::{ComPtr, Error, Result, E_UNEXPECTED, HRESULT, S_FALSE, S_OK};

const ORIGIN: &str = "Ucom.Pipeline.Tokenizer";

struct State {
    opened: bool,
    line: String,
    position: usize,
}

struct RustTokenizer {
    source: ComPtr<ITextSource>,
    state: Mutex<State>,
}

fn is_word_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'\''
}

impl RustTokenizer {
    // An activation failure (the text source not registered, say) fails this activation
    // with the runtime's error.
    fn new() -> Result<RustTokenizer> {
        let context = ucom::Context::current().ok_or_else(|| Error::new(E_UNEXPECTED, "no runtime context"))?;
        let source = context.create_instance::<ITextSource>("Ucom.Pipeline.TextSource")?;
        Ok(RustTokenizer { source, state: Mutex::new(State { opened: false, line: String::new(), position: 0 }) })
    }
}

impl tokenizer::ITokenizerImpl for RustTokenizer {
    // The text source's failure (its code and message) is this call's.
    fn open(&self, path: &str) -> Result<HRESULT> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        self.source.open(path)?;
        *state = State { opened: true, line: String::new(), position: 0 };
        Ok(S_OK)
    }

    fn next_token(&self) -> Result<(HRESULT, String)> {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if !state.opened {
            return Err(Error::new(E_UNEXPECTED, "no file is open: call Open first").with_source(ORIGIN));
        }
        loop {
            let bytes = state.line.as_bytes();
            let mut at = state.position;
            while at < bytes.len() && !is_word_char(bytes[at]) {
                at += 1;
            }
            if at == bytes.len() {
                let (status, line) = self.source.read_line()?;
                if status == S_FALSE {
                    return Ok((S_FALSE, String::new()));
                }
                state.line = line;
                state.position = 0;
                continue;
            }
            let start = at;
            while at < bytes.len() && is_word_char(bytes[at]) {
                at += 1;
            }
            let word = state.line[start..at].to_ascii_lowercase();
            state.position = at;
            return Ok((S_OK, word));
        }
    }
}

ucom::module! {
    tokenizer::Tokenizer => RustTokenizer::new(),
}
