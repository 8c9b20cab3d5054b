//! RFC 4180 CSV records and fields (the `csv` crate, into memory), for every CSV callboard
//! writes: `snapshot --format csv` and `:export`.

/// CSV text written by the `csv` crate: RFC 4180 (a field is quoted when it holds a comma, a double
/// quote, CR or LF, and quotes inside are doubled), records ending in CRLF.
pub(crate) fn csv_text(write: impl FnOnce(&mut csv::Writer<Vec<u8>>) -> csv::Result<()>) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    // Writing into memory cannot fail (no I/O, and records may differ in length), so there is
    // no error to report; the bytes are UTF-8 because every field is.
    let _ = write(&mut writer);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// One CSV field, quoted when it holds a comma, a double quote, CR or LF (quotes doubled).
pub fn csv_field(text: &str) -> String {
    // The field as the writer puts it after another field: `,FIELD\r\n`. (Alone in a record, an
    // empty field would be written `""`, to tell the record from an empty line.)
    let record = csv_record(&["", text]);
    record
        .strip_prefix(',')
        .and_then(|r| r.strip_suffix("\r\n"))
        .unwrap_or(&record)
        .to_string()
}

/// One CSV record, ending in CRLF as RFC 4180 says.
pub fn csv_record<S: AsRef<str>>(fields: &[S]) -> String {
    csv_text(|w| w.write_record(fields.iter().map(AsRef::as_ref)))
}
